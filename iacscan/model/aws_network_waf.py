"""Whether a regional resource (API Gateway stage, load balancer, AppSync API) is protected by
a WAF web ACL, as far as the configuration shows: an association resource that refers to it.
A resource handed to a module call may be associated inside the module, so it counts as
protected (unknown is never a finding)."""

from __future__ import annotations

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Resource

ASSOCIATIONS = frozenset(
    {
        "aws_wafv2_web_acl_association",
        "aws_wafregional_web_acl_association",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::WAFRegional::WebACLAssociation",
    }
)


def web_acl_may_protect(resource: Resource, graph: ResourceGraph) -> bool:
    """True when an association (or a module call) refers to `resource`."""
    return any(
        other.type_key in ASSOCIATIONS or other.type_key == "module"
        for other in graph.referenced_by(resource)
    )
