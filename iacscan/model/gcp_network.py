"""VPC firewall rules (`google_compute_firewall`): does a rule let the internet reach a port?

Defaults that matter: `direction` is INGRESS when not written, and an ingress rule with no
source at all (no `source_ranges`, `source_tags` or `source_service_accounts`) applies to
every source, 0.0.0.0/0. An `allow` block without `ports` allows every port of its protocol.

Rules on the same network are evaluated by priority, so a higher-priority deny rule may make an
allow rule harmless; that takes the network and target of every rule into account and is not
modelled here (the rule itself is still reported).
"""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_str, is_false
from iacscan.model.network import is_world, port_range

FIREWALL_TYPE = "google_compute_firewall"
# Protocol names and numbers that carry TCP ("all" is every protocol; 6 is TCP).
TCP_PROTOCOLS = frozenset({"tcp", "all", "6"})


@dataclass(frozen=True, slots=True)
class Exposure:
    at: Field
    """The world source that admits the internet, or (when the source is only implied) the
    port or allow block that opens the port."""
    source: str


def internet_exposure(rule: Resource, port: int) -> Exposure | None:
    """How `rule` admits the internet to TCP `port`, or None (also when anything deciding is
    unknown)."""
    if not _active_ingress(rule):
        return None
    opening = _allowing(rule, port)
    return _from_world(rule, opening) if opening is not None else None


def all_ports_exposure(rule: Resource) -> Exposure | None:
    """How `rule` admits the internet to every port: an `allow` block for `all` protocols, or
    for TCP or UDP with no `ports` or a range covering 1-65535."""
    if not _active_ingress(rule):
        return None
    opening = _allowing_every_port(rule)
    return _from_world(rule, opening) if opening is not None else None


def _active_ingress(rule: Resource) -> bool:
    disabled = rule.field("disabled")
    if disabled.present and not is_false(disabled.value):
        return False
    direction = rule.field("direction")
    return not direction.present or _lower(direction.value) == "ingress"


def _from_world(rule: Resource, opening: Field) -> Exposure | None:
    """The world source of an ingress rule whose allow block `opening` matched."""
    sources = rule.field("source_ranges")
    if sources.present and not isinstance(sources.value, list):
        return None  # unknown
    ranges = list(rule.blocks("source_ranges")) if sources.present else []
    for source in ranges:
        if is_world(source.value):
            return Exposure(source, str(source.value))
    if ranges or rule.field("source_tags").present:
        return None
    if rule.field("source_service_accounts").present:
        return None
    return Exposure(opening, "any address (no source given, so GCP applies 0.0.0.0/0)")


def _allowing(rule: Resource, port: int) -> Field | None:
    """The port (or the allow block, for all ports) through which TCP `port` is allowed."""
    for block in rule.blocks("allow"):
        if _lower(block.get("protocol").value) not in TCP_PROTOCOLS:
            continue
        ports = block.get("ports")
        if not ports.present or ports.value == []:
            return block
        if not isinstance(ports.value, list):
            continue  # unknown
        for element in rule.blocks(*ports.path):
            bounds = port_range(element.value)
            if bounds is not None and bounds[0] <= port <= bounds[1]:
                return element
    return None


def _allowing_every_port(rule: Resource) -> Field | None:
    for block in rule.blocks("allow"):
        protocol = _lower(block.get("protocol").value)
        if protocol == "all":
            return block
        if protocol not in ("tcp", "udp", "6", "17"):
            continue
        ports = block.get("ports")
        if not ports.present or ports.value == []:
            return block
        for element in rule.blocks(*ports.path) if isinstance(ports.value, list) else ():
            bounds = port_range(element.value)
            if bounds is not None and bounds[0] <= 1 and bounds[1] >= 65535:
                return element
    return None


def _lower(value: object) -> str | None:
    text = as_str(value)
    return text.strip().lower() if text is not None else None
