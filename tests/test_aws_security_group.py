"""Security group ingress rules: every way of writing one becomes the same `IngressRule`."""

from __future__ import annotations

from typing import Any

import pytest

from iacscan.graph.model import Framework, Resource, Span, Unknown
from iacscan.model.aws_security_group import ingress_rules

TCP_ONLY = frozenset({"tcp"})


def resource(type_: str, attributes: dict[str, Any]) -> Resource:
    framework = Framework.CLOUDFORMATION if type_.startswith("AWS::") else Framework.TERRAFORM
    return Resource(
        id=f".::{type_}.x",
        address=f"{type_}.x",
        framework=framework,
        type=type_,
        name="x",
        file="main.tf",
        span=Span(1, 10),
        attributes=attributes,
    )


def test_inline_blocks_give_one_rule_each_with_one_source_per_cidr() -> None:
    group = resource(
        "aws_security_group",
        {
            "ingress": [
                {
                    "protocol": "tcp",
                    "from_port": 22,
                    "to_port": 22,
                    "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"],
                    "ipv6_cidr_blocks": ["::/0"],
                },
                {"protocol": "-1", "from_port": 0, "to_port": 0, "self": True},
            ],
            "egress": [{"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}],
        },
    )
    first, second = ingress_rules(group)
    assert [s.path for s in first.sources] == [
        ("ingress", 0, "cidr_blocks", 0),
        ("ingress", 0, "cidr_blocks", 1),
        ("ingress", 0, "ipv6_cidr_blocks", 0),
    ]
    assert [s.value for s in first.world_sources()] == ["0.0.0.0/0", "::/0"]
    assert first.opens(22, TCP_ONLY)
    assert not first.opens(23, TCP_ONLY)
    assert second.protocol_name() == "all"
    assert second.opens(3389, TCP_ONLY)
    assert second.world_sources() == []


@pytest.mark.parametrize(
    ("protocol", "low", "high", "opens"),
    [
        ("tcp", 22, 22, True),
        ("6", "0", "1024", True),
        (6, 20, 30, True),
        ("TCP", 22, 22, True),
        ("udp", 22, 22, False),
        ("icmp", -1, -1, False),
        (-1, 0, 0, True),
        ("all", 0, 0, True),
        ("tcp", 23, 3388, False),
        (Unknown("var.protocol"), 22, 22, False),
        ("tcp", Unknown("var.port"), 22, False),
    ],
)
def test_protocol_and_port_forms(protocol: Any, low: Any, high: Any, opens: bool) -> None:
    rule_resource = resource(
        "aws_security_group_rule",
        {
            "type": "ingress",
            "protocol": protocol,
            "from_port": low,
            "to_port": high,
            "cidr_blocks": ["0.0.0.0/0"],
        },
    )
    (rule,) = ingress_rules(rule_resource)
    assert rule.opens(22, TCP_ONLY) is opens


@pytest.mark.parametrize("direction", ["egress", Unknown("var.direction")])
def test_rule_resources_that_are_not_known_ingress_give_no_rule(direction: Any) -> None:
    attributes = {"type": direction, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}
    assert ingress_rules(resource("aws_security_group_rule", attributes)) == []


def test_vpc_ingress_rule_has_single_cidrs() -> None:
    attributes = {"ip_protocol": "-1", "cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": "2001:db8::/32"}
    (rule,) = ingress_rules(resource("aws_vpc_security_group_ingress_rule", attributes))
    assert [(s.path, s.value) for s in rule.sources] == [
        (("cidr_ipv4",), "0.0.0.0/0"),
        (("cidr_ipv6",), "2001:db8::/32"),
    ]
    assert [s.path for s in rule.world_sources()] == [("cidr_ipv4",)]
    assert rule.at.path == ()


def test_cloudformation_inline_and_standalone_rules() -> None:
    group = resource(
        "AWS::EC2::SecurityGroup",
        {
            "SecurityGroupIngress": [
                {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "0.0.0.0/0"}
            ]
        },
    )
    (rule,) = ingress_rules(group)
    assert rule.opens(3389, frozenset({"tcp", "udp"}))
    assert [s.path for s in rule.world_sources()] == [("SecurityGroupIngress", 0, "CidrIp")]
    standalone = resource(
        "AWS::EC2::SecurityGroupIngress",
        {"IpProtocol": "udp", "FromPort": "3389", "ToPort": "3389", "CidrIpv6": "::/0"},
    )
    (rule,) = ingress_rules(standalone)
    assert rule.opens(3389, frozenset({"tcp", "udp"}))
    assert not rule.opens(3389, TCP_ONLY)


def test_unknown_rule_lists_give_rules_that_open_nothing() -> None:
    group = resource("aws_security_group", {"ingress": Unknown("dynamic ingress")})
    (rule,) = ingress_rules(group)
    assert not rule.opens(22, TCP_ONLY)
    assert rule.world_sources() == []


def test_other_types_have_no_ingress_rules() -> None:
    assert ingress_rules(resource("aws_instance", {"ingress": []})) == []
