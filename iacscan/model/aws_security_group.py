"""Security group ingress rules, however they are written, as one list of rules.

Terraform writes rules inline (`ingress` blocks of `aws_security_group` and
`aws_default_security_group`) or as separate resources (`aws_security_group_rule` with
`type = "ingress"`, and the newer one-CIDR-per-rule `aws_vpc_security_group_ingress_rule`).
CloudFormation writes them in `SecurityGroupIngress` of `AWS::EC2::SecurityGroup` or as
`AWS::EC2::SecurityGroupIngress` resources. Each rule is read where it is written, so a finding
points at its own CIDR line.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_int, as_str
from iacscan.model.network import is_world, range_includes

# Protocol numbers AWS accepts in place of names; "-1" (and Terraform's "all") is every protocol.
PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "-1": "all"}


@dataclass(frozen=True, slots=True)
class _Shape:
    """Where one way of writing a rule keeps its parts."""

    protocol: str
    from_port: str
    to_port: str
    sources: tuple[str, ...]


_TERRAFORM = _Shape("protocol", "from_port", "to_port", ("cidr_blocks", "ipv6_cidr_blocks"))
_TERRAFORM_VPC = _Shape("ip_protocol", "from_port", "to_port", ("cidr_ipv4", "cidr_ipv6"))
_CLOUDFORMATION = _Shape("IpProtocol", "FromPort", "ToPort", ("CidrIp", "CidrIpv6"))
INLINE_RULES = {
    "aws_security_group": ("ingress", _TERRAFORM),
    "aws_default_security_group": ("ingress", _TERRAFORM),
    "AWS::EC2::SecurityGroup": ("SecurityGroupIngress", _CLOUDFORMATION),
}
RULE_RESOURCES = {
    "aws_security_group_rule": _TERRAFORM,
    "aws_vpc_security_group_ingress_rule": _TERRAFORM_VPC,
    "AWS::EC2::SecurityGroupIngress": _CLOUDFORMATION,
}
RULE_TYPES = (*INLINE_RULES, *RULE_RESOURCES)


@dataclass(frozen=True, slots=True)
class IngressRule:
    at: Field
    """The rule: its block, or the whole rule resource."""
    protocol: Field
    from_port: Field
    to_port: Field
    sources: tuple[Field, ...]
    """One field per CIDR as written (list elements where the rule lists several)."""

    def protocol_name(self) -> str | None:
        """`tcp`, `udp`, `icmp`, ..., or `all`; None when not known."""
        text = as_str(self.protocol.value)
        if text is None:
            return None
        text = text.strip().lower()
        return PROTOCOL_NAMES.get(text, text)

    def opens(self, port: int, protocols: frozenset[str]) -> bool:
        """True when the rule surely admits traffic to `port` over one of `protocols`."""
        name = self.protocol_name()
        if name == "all":
            return True
        if name not in protocols:
            return False
        return range_includes(self.from_port.value, self.to_port.value, port)

    def opens_every_port(self) -> bool:
        """True when the rule surely admits every protocol, or every TCP or UDP port
        (`-1`..`-1`, or a range from 0 or 1 to 65535)."""
        name = self.protocol_name()
        if name == "all":
            return True
        if name not in ("tcp", "udp"):
            return False
        low, high = as_int(self.from_port.value), as_int(self.to_port.value)
        if low is None or high is None:
            return False
        return (low, high) == (-1, -1) or (low <= 1 and high >= 65535)

    def world_sources(self) -> list[Field]:
        """The sources that admit the whole internet (0.0.0.0/0, ::/0)."""
        return [source for source in self.sources if is_world(source.value)]


def ingress_rules(resource: Resource) -> list[IngressRule]:
    """The ingress rules a resource writes (none for other types, for egress
    `aws_security_group_rule`s, and for rules whose direction is unknown)."""
    inline = INLINE_RULES.get(resource.type_key)
    if inline is not None:
        key, shape = inline
        return [_rule(block, shape) for block in resource.blocks(key)]
    single = RULE_RESOURCES.get(resource.type_key)
    if single is None:
        return []
    if resource.type_key == "aws_security_group_rule" and resource.get("type") != "ingress":
        return []
    return [_rule(Field(resource, (), resource.attributes), single)]


def _rule(at: Field, shape: _Shape) -> IngressRule:
    sources: list[Field] = []
    for key in shape.sources:
        written = at.get(key)
        if isinstance(written.value, list):
            sources.extend(written.get(index) for index in range(len(written.value)))
        elif written.present:
            sources.append(written)
    return IngressRule(
        at=at,
        protocol=at.get(shape.protocol),
        from_port=at.get(shape.from_port),
        to_port=at.get(shape.to_port),
        sources=tuple(sources),
    )


def world_ingress_to(
    resource: Resource, port: int, protocols: frozenset[str], *, skip_every_port: bool = False
) -> list[Field]:
    """The sources, among the resource's ingress rules, that admit the whole internet to
    `port` over one of `protocols` (or every protocol): one field per offending CIDR.
    `skip_every_port` leaves out rules that open every port (a check of its own reports
    those once, instead of once per service)."""
    return [
        source
        for rule in ingress_rules(resource)
        if rule.opens(port, protocols) and not (skip_every_port and rule.opens_every_port())
        for source in rule.world_sources()
    ]


EGRESS_INLINE = {
    "aws_security_group": ("egress", _TERRAFORM),
    "aws_default_security_group": ("egress", _TERRAFORM),
    "AWS::EC2::SecurityGroup": ("SecurityGroupEgress", _CLOUDFORMATION),
}
EGRESS_RESOURCES = {
    "aws_security_group_rule": _TERRAFORM,
    "aws_vpc_security_group_egress_rule": _TERRAFORM_VPC,
    "AWS::EC2::SecurityGroupEgress": _CLOUDFORMATION,
}
EGRESS_TYPES = tuple(dict.fromkeys((*EGRESS_INLINE, *EGRESS_RESOURCES)))


def egress_rules(resource: Resource) -> list[IngressRule]:
    """The egress rules a resource writes, in the same shape as ingress rules (`sources` are
    then the destinations). Rules whose direction is unknown are left out."""
    inline = EGRESS_INLINE.get(resource.type_key)
    if inline is not None:
        key, shape = inline
        return [_rule(block, shape) for block in resource.blocks(key)]
    single = EGRESS_RESOURCES.get(resource.type_key)
    if single is None:
        return []
    if resource.type_key == "aws_security_group_rule" and resource.get("type") != "egress":
        return []
    return [_rule(Field(resource, (), resource.attributes), single)]
