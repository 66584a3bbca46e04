"""Elastic Load Balancing v2 load balancers, however their settings are written.

Terraform writes each setting as an argument of `aws_lb` (alias `aws_alb`); CloudFormation
writes most of them as `LoadBalancerAttributes`, a list of `{Key, Value}` pairs with string
values. `attribute` reads either by the attribute key, pointing at the `Value` line when the
pair is written and at the list (or the resource) when it is not.
"""

from __future__ import annotations

from iacscan.graph.model import MISSING, Field, Framework, Resource
from iacscan.graph.values import as_str

LOAD_BALANCERS = ("aws_lb", "aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer")
LISTENERS = ("aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener")


def attribute(resource: Resource, key: str) -> Field:
    """The value of CloudFormation load balancer attribute `key` (a missing field when the
    pair is not written; the last pair wins, as in the API)."""
    pairs = resource.field("LoadBalancerAttributes")
    found = Field(resource, ("LoadBalancerAttributes", key), MISSING)
    if isinstance(pairs.value, list):
        for index, pair in enumerate(pairs.value):
            if isinstance(pair, dict) and pair.get("Key") == key:
                found = pairs.get(index, "Value")
    return found


def lb_type(resource: Resource) -> str | None:
    """`application`, `network` or `gateway` (the default is `application`); None when
    unknown."""
    key = "load_balancer_type" if resource.framework is Framework.TERRAFORM else "Type"
    written = resource.field(key)
    if not written.present:
        return "application"
    text = as_str(written.value)
    return text.lower() if text is not None else None
