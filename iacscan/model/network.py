"""Network facts shared by the firewall checks of every cloud: "is this source the whole
internet", "does this port range include port 22"."""

from __future__ import annotations

import ipaddress
from typing import Any

from iacscan.graph.model import Unknown
from iacscan.graph.values import as_int, as_str

WORLD_SOURCES = frozenset(
    {"0.0.0.0/0", "::/0", "*", "0.0.0.0", "internet", "any", "0.0.0.0/0,::/0"}
)


def is_world(source: Any) -> bool:
    """True for a source that admits any address: 0.0.0.0/0, ::/0, `*`, `Internet`, `Any`.
    Unknown and missing values are not the world."""
    text = as_str(source)
    if text is None:
        return False
    text = text.strip().lower()
    if text in WORLD_SOURCES:
        return True
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return network.prefixlen == 0


def any_world(sources: Any) -> bool:
    """`is_world` for a list of sources (or one source)."""
    if isinstance(sources, list):
        return any(is_world(s) for s in sources)
    return is_world(sources)


def port_range(spec: Any) -> tuple[int, int] | None:
    """A port spec as an inclusive range: `22`, `"22"`, `"20-30"`, `"*"` (all ports).
    None when unknown or unreadable."""
    if isinstance(spec, Unknown):
        return None
    number = as_int(spec)
    if number is not None:
        return (number, number)
    text = as_str(spec)
    if text is None:
        return None
    text = text.strip()
    if text in ("*", "all", "-1"):
        return (0, 65535)
    low, sep, high = text.partition("-")
    low_number, high_number = as_int(low), as_int(high)
    if sep and low_number is not None and high_number is not None:
        return (low_number, high_number)
    return None


def range_includes(low: Any, high: Any, port: int) -> bool:
    """True when the known range low..high includes `port`. AWS writes all ports as
    from=0,to=0 with protocol -1 or as -1; callers pass the protocol check separately."""
    low_number, high_number = as_int(low), as_int(high)
    if low_number is None or high_number is None:
        return False
    if low_number == -1 and high_number == -1:
        return True
    return low_number <= port <= high_number


def spec_includes(spec: Any, port: int) -> bool:
    """True when a port spec (see `port_range`) includes `port`."""
    bounds = port_range(spec)
    return bounds is not None and bounds[0] <= port <= bounds[1]


ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
