"""The AWS compute and network views: security group port helpers, network ACL entries and
rule order, load balancer attributes, CloudFront paths, ECS containers inside JSON strings,
and identity policy statements."""

from __future__ import annotations

from typing import Any

import pytest

from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Framework, PartlyKnown, Resource, Span, Unknown
from iacscan.model.aws_compute_ecs import containers
from iacscan.model.aws_compute_json import json_field
from iacscan.model.aws_network_acl import acl_entries, acl_of, entries, shadowed
from iacscan.model.aws_network_cloudfront import Distribution
from iacscan.model.aws_network_lb import attribute, lb_type
from iacscan.model.aws_security_group import ingress_rules, world_ingress_to
from iacscan.model.iam_policy import identity_statements


def resource(type_: str, attributes: dict[str, Any], name: str = "x", **spans: int) -> Resource:
    framework = Framework.CLOUDFORMATION if type_.startswith("AWS::") else Framework.TERRAFORM
    return Resource(
        id=f".::{type_}.{name}",
        address=f"{type_}.{name}",
        framework=framework,
        type=type_,
        name=name,
        file="main.tf",
        span=Span(1, 30),
        attributes=attributes,
        spans={tuple(k.split("__")): Span(v, v) for k, v in spans.items()},
    )


@pytest.mark.parametrize(
    ("protocol", "low", "high", "every"),
    [
        ("-1", 0, 0, True),
        ("tcp", 0, 65535, True),
        ("udp", 1, 65535, True),
        ("tcp", 1024, 65535, False),
        ("icmp", -1, -1, False),
        ("tcp", Unknown("var.to"), 65535, False),
        (Unknown("var.protocol"), 0, 0, False),
    ],
)
def test_opens_every_port(protocol: Any, low: Any, high: Any, every: bool) -> None:
    rule = resource(
        "aws_security_group_rule",
        {"type": "ingress", "protocol": protocol, "from_port": low, "to_port": high},
    )
    assert ingress_rules(rule)[0].opens_every_port() is every


def test_world_ingress_to_returns_only_world_sources_of_matching_rules() -> None:
    group = resource(
        "aws_security_group",
        {
            "ingress": [
                {
                    "protocol": "tcp",
                    "from_port": 3300,
                    "to_port": 3310,
                    "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"],
                },
                {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
            ]
        },
    )
    found = world_ingress_to(group, 3306, frozenset({"tcp"}), skip_every_port=True)
    assert [(f.path, f.value) for f in found] == [(("ingress", 0, "cidr_blocks", 1), "0.0.0.0/0")]
    assert world_ingress_to(group, 3306, frozenset({"udp"})) == []
    every = resource(
        "aws_security_group_rule",
        {
            "type": "ingress",
            "protocol": "-1",
            "from_port": 0,
            "to_port": 0,
            "cidr_blocks": ["0.0.0.0/0"],
        },
        name="all",
    )
    assert len(world_ingress_to(every, 3306, frozenset({"tcp"}))) == 1
    assert world_ingress_to(every, 3306, frozenset({"tcp"}), skip_every_port=True) == []


def test_network_acl_entries_in_every_form_and_rule_order() -> None:
    acl = resource(
        "aws_network_acl",
        {
            "ingress": [
                {
                    "rule_no": 50,
                    "action": "deny",
                    "protocol": "tcp",
                    "cidr_block": "0.0.0.0/0",
                    "from_port": 22,
                    "to_port": 22,
                },
                {
                    "rule_no": 100,
                    "action": "allow",
                    "protocol": "-1",
                    "cidr_block": "0.0.0.0/0",
                    "from_port": 0,
                    "to_port": 0,
                },
            ],
            "egress": [
                {"rule_no": 100, "action": "allow", "protocol": "-1", "cidr_block": "0.0.0.0/0"}
            ],
        },
    )
    rule = resource(
        "aws_network_acl_rule",
        {
            "network_acl_id": Unknown("id"),
            "rule_number": 10,
            "rule_action": "allow",
            "protocol": "6",
            "ipv6_cidr_block": "::/0",
            "from_port": 22,
            "to_port": 22,
        },
        name="v6",
    )
    graph = ResourceGraph([acl, rule], [Edge(rule.id, acl.id, path=("network_acl_id",))])
    deny, allow_all, outbound = entries(acl)
    assert (deny.number, deny.action, deny.ingress, deny.protocol) == (50, "deny", True, "tcp")
    assert outbound.ingress is False
    assert acl_of(rule, graph) is acl
    siblings = list(acl_entries(acl, graph))
    assert len(siblings) == 4
    # The tcp deny at 50 shadows SSH but not RDP, and only for IPv4 sources.
    tcp, tcp_udp = frozenset({"tcp"}), frozenset({"tcp", "udp"})
    assert shadowed(allow_all, allow_all.sources[0], 22, tcp, siblings)
    assert not shadowed(allow_all, allow_all.sources[0], 22, tcp_udp, siblings)
    assert not shadowed(allow_all, allow_all.sources[0], 3389, tcp, siblings)
    (v6,) = entries(rule)
    assert v6.ingress is True and v6.covers(22, frozenset({"tcp"}))
    assert not shadowed(v6, v6.sources[0], 22, tcp, siblings)


def test_load_balancer_attributes_and_type() -> None:
    lb = resource(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {
            "LoadBalancerAttributes": [
                {"Key": "deletion_protection.enabled", "Value": "false"},
                {"Key": "deletion_protection.enabled", "Value": "true"},
            ]
        },
    )
    value = attribute(lb, "deletion_protection.enabled")
    assert (value.path, value.value) == (("LoadBalancerAttributes", 1, "Value"), "true")
    assert not attribute(lb, "access_logs.s3.enabled").present
    assert lb_type(lb) == "application"
    assert lb_type(resource("aws_lb", {"load_balancer_type": "network"})) == "network"
    assert lb_type(resource("aws_lb", {"load_balancer_type": Unknown("var.type")})) is None


def test_cloudfront_paths_in_both_formats() -> None:
    terraform = Distribution(
        resource(
            "aws_cloudfront_distribution",
            {
                "default_cache_behavior": [{"viewer_protocol_policy": "allow-all"}],
                "ordered_cache_behavior": [{"viewer_protocol_policy": "https-only"}],
            },
        )
    )
    cloudformation = Distribution(
        resource(
            "AWS::CloudFront::Distribution",
            {"DistributionConfig": {"CacheBehaviors": [{"ViewerProtocolPolicy": "allow-all"}]}},
        )
    )
    assert [
        (b.path, terraform.under(b, "viewer_protocol_policy").value) for b in terraform.behaviors()
    ] == [
        (("default_cache_behavior", 0), "allow-all"),
        (("ordered_cache_behavior", 0), "https-only"),
    ]
    (only,) = cloudformation.behaviors()
    assert only.path == ("DistributionConfig", "CacheBehaviors", 0)
    assert cloudformation.field("viewer_certificate", "minimum_protocol").path == (
        "DistributionConfig",
        "ViewerCertificate",
        "MinimumProtocolVersion",
    )


def test_ecs_containers_from_a_json_string_keep_their_lines() -> None:
    task = resource(
        "aws_ecs_task_definition",
        {"container_definitions": '[{"name": "web", "privileged": true}, "junk"]'},
        container_definitions__0__privileged=7,
    )
    task.spans[("container_definitions", 0, "privileged")] = Span(7, 7)
    (web,) = containers(task)
    assert web.label == "container 'web'"
    privileged = web.field("privileged")
    assert (privileged.value, privileged.span.line) == (True, 7)
    assert not web.field("readonly_root").present
    assert containers(resource("aws_ecs_task_definition", {"container_definitions": "{oops"})) == []


def test_json_field_keeps_partial_values_and_unknowns() -> None:
    partial = PartlyKnown([{"name": "web"}], "image")
    owner = resource("aws_ecs_task_definition", {"container_definitions": partial})
    assert json_field(owner.field("container_definitions")).value == [{"name": "web"}]
    plain = resource("aws_ecs_task_definition", {"container_definitions": Unknown("file")})
    assert isinstance(json_field(plain.field("container_definitions")).value, Unknown)


def test_identity_statements_leave_out_resource_policy_statements() -> None:
    role = resource(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    },
                ]
            },
            "Policies": [
                {
                    "PolicyName": "p",
                    "PolicyDocument": {
                        "Statement": [
                            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
                            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
                        ]
                    },
                }
            ],
        },
    )
    found = list(identity_statements(role, ResourceGraph([role])))
    assert [s.get("Action") for s in found] == ["iam:PassRole"]
    assert found[0].granting("iam:PassRole") is not None
