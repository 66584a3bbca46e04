"""Azure network security group rules, however they are written.

A rule may sit inline in a group (azurerm `security_rule` blocks, ARM
`properties.securityRules[]`) or be a resource of its own (`azurerm_network_security_rule`,
`Microsoft.Network/networkSecurityGroups/securityRules`). Every form becomes one `NsgRule`
whose fields point at where each value is written, so a finding lands on the exact line.

Azure evaluates the rules of a group by priority (lowest number first) and stops at the first
match, so an Allow rule is harmless for a port that a higher-priority Deny rule of the same
group already blocks for the whole internet; `shadowed_by_deny` answers that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, PathPart, Resource
from iacscan.graph.values import as_int, as_str
from iacscan.model.network import is_world, port_range

NSG_TYPES = {
    Framework.TERRAFORM: ("azurerm_network_security_group", "azurerm_network_security_rule"),
    Framework.ARM: (
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Network/networkSecurityGroups/securityRules",
    ),
}
_TF_GROUP, _TF_RULE = NSG_TYPES[Framework.TERRAFORM]
_ARM_GROUP, _ARM_RULE = NSG_TYPES[Framework.ARM]
# ARM resource types are case-insensitive (`securityrules` is common); compare lower-cased.
_GROUPS = frozenset({_TF_GROUP, _ARM_GROUP.lower()})

# Setting -> (azurerm attribute, ARM property); both forms keep one list and one single field.
_NAMES = {
    "direction": ("direction", "direction"),
    "access": ("access", "access"),
    "protocol": ("protocol", "protocol"),
    "priority": ("priority", "priority"),
    "source": ("source_address_prefix", "sourceAddressPrefix"),
    "sources": ("source_address_prefixes", "sourceAddressPrefixes"),
    "port": ("destination_port_range", "destinationPortRange"),
    "ports": ("destination_port_ranges", "destinationPortRanges"),
}
# Protocols that carry TCP (SSH and RDP are TCP services); "*" is any protocol.
TCP_PROTOCOLS = frozenset({"tcp", "*", "any"})
UDP_PROTOCOLS = frozenset({"udp", "*", "any"})
ANY_PROTOCOL = frozenset({"tcp", "udp", "icmp", "esp", "ah", "*", "any"})


@dataclass(frozen=True, slots=True)
class NsgRule:
    resource: Resource
    path: tuple[PathPart, ...]
    """Where the rule's settings live on `resource` (empty for a separate rule resource)."""
    name: str

    def field(self, setting: str) -> Field:
        tf_name, arm_name = _NAMES[setting]
        key = arm_name if self.resource.framework is Framework.ARM else tf_name
        return self.resource.field(*self.path, key)

    def text(self, setting: str) -> str | None:
        """A known scalar setting, lower-cased; None when missing or unknown."""
        value = as_str(self.field(setting).value)
        return value.strip().lower() if value is not None else None

    def sources(self) -> list[Field]:
        return _elements(self, "source", "sources")

    def ports(self) -> list[Field]:
        return _elements(self, "port", "ports")

    def priority(self) -> int | None:
        return as_int(self.field("priority").value)


def _elements(rule: NsgRule, single: str, many: str) -> list[Field]:
    fields = [rule.field(single)] if rule.field(single).present else []
    group = rule.field(many)
    fields.extend(rule.resource.blocks(*group.path))
    return fields


def rules_of(resource: Resource) -> list[NsgRule]:
    """The rules a group or rule resource writes."""
    kind = resource.type.lower()
    if kind == _TF_RULE:
        return [NsgRule(resource, (), _name(resource.get("name"), resource.name))]
    if kind == _ARM_RULE.lower():
        return [NsgRule(resource, ("properties",), resource.name.rsplit("/", 1)[-1])]
    if kind == _TF_GROUP:
        return [
            NsgRule(resource, block.path, _name(resource.get(*block.path, "name"), "?"))
            for block in resource.blocks("security_rule")
        ]
    if kind == _ARM_GROUP.lower():
        return [
            NsgRule(
                resource,
                (*block.path, "properties"),
                _name(resource.get(*block.path, "name"), "?"),
            )
            for block in resource.blocks("properties", "securityRules")
        ]
    return []


def _name(value: object, fallback: str) -> str:
    text = as_str(value)
    return text if text is not None else fallback


def internet_source(rule: NsgRule, protocols: frozenset[str] = TCP_PROTOCOLS) -> Field | None:
    """The source field through which an inbound Allow `rule` for one of `protocols` admits
    the whole internet, whatever the port; None when it does not or when unknown."""
    if rule.text("direction") != "inbound" or rule.text("access") != "allow":
        return None
    if rule.text("protocol") not in protocols:
        return None
    return next((s for s in rule.sources() if is_world(s.value)), None)


def allows_from_internet(
    rule: NsgRule, port: int, protocols: frozenset[str] = TCP_PROTOCOLS
) -> Field | None:
    """The source field through which `rule` admits the internet to `port` over one of
    `protocols` (TCP by default), or None when it does not (or when any deciding value is
    unknown)."""
    if not any(_includes(p, port) for p in rule.ports()):
        return None
    return internet_source(rule, protocols)


def opens_all_ports(rule: NsgRule) -> bool:
    """True when a known destination port range of `rule` covers every port (`*`,
    `0-65535`, `1-65535`)."""
    for port_field in rule.ports():
        bounds = port_range(port_field.value)
        if bounds is not None and bounds[0] <= 1 and bounds[1] >= 65535:
            return True
    return False


def _includes(port_field: Field, port: int) -> bool:
    bounds = port_range(port_field.value)
    return bounds is not None and bounds[0] <= port <= bounds[1]


def shadowed_by_deny(rule: NsgRule, port: int, graph: ResourceGraph) -> bool:
    """True when another rule of the same group, with a known higher precedence (lower
    priority number), denies TCP on `port` from the whole internet."""
    priority = rule.priority()
    if priority is None:
        return False
    for other in group_rules(rule, graph):
        other_priority = other.priority()
        if other_priority is None or other_priority >= priority:
            continue
        if other.text("direction") != "inbound" or other.text("access") != "deny":
            continue
        if other.text("protocol") not in TCP_PROTOCOLS:
            continue
        if any(_includes(p, port) for p in other.ports()) and any(
            is_world(s.value) for s in other.sources()
        ):
            return True
    return False


def group_rules(rule: NsgRule, graph: ResourceGraph) -> Iterator[NsgRule]:
    """Every rule of the group `rule` belongs to (including itself), as far as the code
    shows: inline rules and separate rule resources that name the group."""
    for group in _groups_of(rule.resource, graph):
        yield from rules_of(group)
        for member in _separate_rules(group, graph):
            yield from rules_of(member)


def _groups_of(resource: Resource, graph: ResourceGraph) -> list[Resource]:
    if resource.type.lower() in _GROUPS:
        return [resource]
    if resource.framework is Framework.TERRAFORM:
        return graph.references(resource, _TF_GROUP)
    group_name = resource.name.rsplit("/", 1)[0]
    return [
        g
        for g in graph.of_type(Framework.ARM, _ARM_GROUP)
        if g.file == resource.file and g.name == group_name
    ]


def _separate_rules(group: Resource, graph: ResourceGraph) -> list[Resource]:
    if group.framework is Framework.TERRAFORM:
        return graph.referenced_by(group, _TF_RULE)
    prefix = f"{group.name}/"
    return [
        r
        for r in graph.of_type(Framework.ARM, _ARM_RULE)
        if r.file == group.file and r.name.startswith(prefix)
    ]
