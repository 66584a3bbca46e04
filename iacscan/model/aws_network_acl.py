"""Network ACL entries, however they are written, as one list per ACL.

Terraform writes entries inline (`ingress` / `egress` blocks of `aws_network_acl` and
`aws_default_network_acl`) or as `aws_network_acl_rule` resources that name their ACL;
CloudFormation writes `AWS::EC2::NetworkAclEntry` resources that `Ref` their
`AWS::EC2::NetworkAcl`. ACL entries are evaluated in rule-number order and the first match
wins, so an allow entry may be shadowed by a lower-numbered deny entry of the same ACL:
`shadowed` answers that from the sibling entries the configuration shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_bool, as_int, as_str
from iacscan.model.aws_security_group import PROTOCOL_NAMES
from iacscan.model.network import is_world, range_includes

ACL_TYPES = ("aws_network_acl", "aws_default_network_acl", "AWS::EC2::NetworkAcl")
ENTRY_TYPES = ("aws_network_acl_rule", "AWS::EC2::NetworkAclEntry")


@dataclass(frozen=True, slots=True)
class AclEntry:
    at: Field
    """The entry: its inline block, or the whole entry resource."""
    number: int | None
    action: str | None
    """`allow` or `deny` (lowercase); None when unknown."""
    ingress: bool | None
    protocol: str | None
    """`tcp`, `udp`, `icmp`, ... or `all`; None when unknown."""
    from_port: Field
    to_port: Field
    sources: tuple[Field, ...]

    def covers(self, port: int, protocols: frozenset[str]) -> bool:
        """True when the entry surely matches traffic to `port` over one of `protocols`."""
        if self.protocol == "all":
            return True
        if self.protocol not in protocols:
            return False
        return range_includes(self.from_port.value, self.to_port.value, port)

    def world_sources(self) -> list[Field]:
        return [source for source in self.sources if is_world(source.value)]


def entries(resource: Resource) -> list[AclEntry]:
    """The entries a resource writes: inline blocks of an ACL, or the entry resource."""
    if resource.type_key in ("aws_network_acl", "aws_default_network_acl"):
        found = []
        for direction in ("ingress", "egress"):
            for block in resource.blocks(direction):
                found.append(_terraform(block, "rule_no", "action", direction == "ingress"))
        return found
    if resource.type_key == "aws_network_acl_rule":
        root = Field(resource, (), resource.attributes)
        egress = as_bool(resource.get("egress", default=False))
        return [
            _terraform(root, "rule_number", "rule_action", None if egress is None else not egress)
        ]
    if resource.type_key == "AWS::EC2::NetworkAclEntry":
        return [_cloudformation(resource)]
    return []


def _terraform(at: Field, number: str, action: str, ingress: bool | None) -> AclEntry:
    sources = tuple(f for f in (at.get("cidr_block"), at.get("ipv6_cidr_block")) if f.present)
    return AclEntry(
        at=at,
        number=as_int(at.get(number).value),
        action=_lower(at.get(action).value),
        ingress=ingress,
        protocol=_protocol(at.get("protocol").value),
        from_port=at.get("from_port"),
        to_port=at.get("to_port"),
        sources=sources,
    )


def _cloudformation(resource: Resource) -> AclEntry:
    root = Field(resource, (), resource.attributes)
    sources = tuple(f for f in (root.get("CidrBlock"), root.get("Ipv6CidrBlock")) if f.present)
    return AclEntry(
        at=root,
        number=as_int(resource.get("RuleNumber")),
        action=_lower(resource.get("RuleAction")),
        ingress=_ingress(resource.get("Egress", default=False)),
        protocol=_protocol(resource.get("Protocol")),
        from_port=root.get("PortRange", "From"),
        to_port=root.get("PortRange", "To"),
        sources=sources,
    )


def _ingress(egress: object) -> bool | None:
    flag = as_bool(egress)
    return None if flag is None else not flag


def _lower(value: object) -> str | None:
    text = as_str(value)
    return text.strip().lower() if text is not None else None


def _protocol(value: object) -> str | None:
    text = _lower(value)
    return None if text is None else PROTOCOL_NAMES.get(text, text)


def acl_of(resource: Resource, graph: ResourceGraph) -> Resource | None:
    """The ACL an entry belongs to (the resource itself for an ACL with inline entries)."""
    if resource.type_key in ACL_TYPES:
        return resource
    acls = [r for r in graph.references(resource) if r.type_key in ACL_TYPES]
    return acls[0] if len(acls) == 1 else None


def acl_entries(acl: Resource, graph: ResourceGraph) -> Iterator[AclEntry]:
    """Every entry of an ACL: its inline ones and the entry resources that refer to it."""
    yield from entries(acl)
    for other in graph.referenced_by(acl):
        if other.type_key in ENTRY_TYPES:
            yield from entries(other)


def shadowed(
    entry: AclEntry, source: Field, port: int, protocols: frozenset[str], siblings: list[AclEntry]
) -> bool:
    """True when lower-numbered ingress deny entries from the whole internet (of the same IP
    version as `source`) surely match all the traffic to `port` over `protocols` that `entry`
    allows, so the allow never applies to it (the first matching entry wins)."""
    if entry.number is None:
        return False
    allowed = protocols if entry.protocol == "all" else protocols & {entry.protocol or ""}
    denials = [
        other
        for other in siblings
        if other is not entry
        and other.number is not None
        and other.number < entry.number
        and other.action == "deny"
        and other.ingress is True
        and any(_ipv6(s) == _ipv6(source) for s in other.world_sources())
    ]
    return bool(allowed) and all(
        any(other.covers(port, frozenset({protocol})) for other in denials) for protocol in allowed
    )


def _ipv6(source: Field) -> bool:
    return ":" in (as_str(source.value) or "")
