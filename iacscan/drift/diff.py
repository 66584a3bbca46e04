"""Attribute-level differences between a planned and a live resource.

Only what the planned side sets is compared: a planned `null`, an attribute the live side did
not read (absent), and unknown values (`Unknown`, from IaC) are skipped, so an unknown value
is never drift. Spellings are normalised first: empty strings, lists and maps equal null;
numbers written as strings equal numbers; lists of scalars compare in any order; JSON policy
documents compare as data (key order, one-element lists and statement order do not matter).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iacscan.drift.names import mask
from iacscan.drift.result import AttributeDiff
from iacscan.drift.types import Attr
from iacscan.graph.model import MISSING, Unknown, is_unknown
from iacscan.graph.values import as_bool

# Security group rule protocols AWS accepts as numbers, and Terraform's "all".
_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
_RULE_SOURCES = ("cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups")


def diff(attr: Attr, planned: Any, live: Any) -> list[AttributeDiff]:
    """The differences of one attribute; `planned` is set (not null), `live` may be MISSING
    (not read: nothing to compare)."""
    if live is MISSING:
        return []
    if attr.shape == "secret":
        planned = masked(planned)
    if attr.shape == "rules":
        found: Iterator[tuple[str, Any, Any]] = _rules(attr.name, planned, live)
    elif attr.shape == "document":
        found = _whole(attr.name, planned, live)
    elif attr.shape.startswith("keyed:"):
        found = _keyed(attr.name, attr.shape.split(":", 1)[1], planned, live)
    else:
        found = _value(attr.name, planned, live)
    return [AttributeDiff(path, p, v, attr.security) for path, p, v in found]


def canonical(value: Any) -> Any:
    """One spelling of a value, for equality and for reports. Empty values become None."""
    if isinstance(value, (Unknown, bool)) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if not value:
            return None
        document = _document(value)
        return value if document is None else document
    if isinstance(value, dict):
        items = {str(k): canonical(v) for k, v in value.items()}
        kept = {k: items[k] for k in sorted(items) if items[k] is not None}
        return kept or None
    if isinstance(value, list):
        kept_items = [c for c in (canonical(v) for v in value) if c is not None]
        return sorted(kept_items, key=_order) if kept_items else None
    return value


def same(planned: Any, live: Any) -> bool:
    a, b = canonical(planned), canonical(live)
    if a == b and type(a) is type(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return as_bool(a) is not None and as_bool(a) == as_bool(b)
    if isinstance(a, (int, float, str)) and isinstance(b, (int, float, str)):
        return str(a).strip() == str(b).strip()
    return bool(a == b)


def masked(value: Any) -> Any:
    """Every value of every `variables` map masked (Lambda environment variables)."""
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if key == "variables" and isinstance(item, dict):
                result[key] = {k: v if isinstance(v, Unknown) else mask(v) for k, v in item.items()}
            else:
                result[key] = masked(item)
        return result
    return value


def _order(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _document(text: str) -> Any:
    """A JSON policy document as canonical data; None for other text."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not ("Statement" in data or "Version" in data):
        return None
    return _policy_value(data)


def _policy_value(value: Any) -> Any:
    """In a policy, `"s3:GetObject"` and `["s3:GetObject"]` mean the same, as do lists in any
    order."""
    if isinstance(value, dict):
        return {k: _policy_value(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = sorted((_policy_value(v) for v in value), key=_order)
        return items[0] if len(items) == 1 else items
    return value


def _path(base: str, part: str | int) -> str:
    return f"{base}[{part}]" if isinstance(part, int) else f"{base}.{part}"


def _whole(path: str, planned: Any, live: Any) -> Iterator[tuple[str, Any, Any]]:
    if is_unknown(planned):
        return
    if not same(planned, live):
        yield path, canonical(planned), canonical(live)


def _value(path: str, planned: Any, live: Any) -> Iterator[tuple[str, Any, Any]]:
    if planned is None or isinstance(planned, Unknown) or live is MISSING:
        return
    if isinstance(planned, dict) and isinstance(live, dict):
        for key, item in planned.items():
            yield from _value(_path(path, key), item, live.get(key, MISSING))
        return
    if isinstance(planned, list) and planned and all(isinstance(p, dict) for p in planned):
        yield from _blocks(path, planned, live if isinstance(live, list) else [])
        return
    if isinstance(planned, list) and is_unknown(planned):
        return
    if not same(planned, live):
        yield path, _shown(planned), _shown(live)


def _shown(value: Any) -> Any:
    """How a value is reported: canonical, but an empty list or map stays one."""
    shown = canonical(value)
    return value if shown is None and isinstance(value, (list, dict)) else shown


def _blocks(path: str, planned: list[Any], live: list[Any]) -> Iterator[tuple[str, Any, Any]]:
    """Nested blocks: one and one are compared key by key; otherwise each planned block is
    matched with a live block that agrees on everything it sets."""
    planned = [p for p in planned if canonical(p) is not None]
    live = [v for v in live if canonical(v) is not None]
    if len(planned) == 1 and len(live) == 1:
        yield from _value(_path(path, 0), planned[0], live[0])
        return
    unmatched = list(live)
    partial = False
    for block in planned:
        if is_unknown(block):
            partial = True
            continue
        match = next((v for v in unmatched if not list(_value("", block, v))), None)
        if match is None:
            yield path, canonical(block), None
        else:
            unmatched.remove(match)
    if not partial:
        for block in unmatched:
            yield path, None, canonical(block)


def _keyed(path: str, key: str, planned: Any, live: Any) -> Iterator[tuple[str, Any, Any]]:
    planned_blocks = [
        p for p in (planned or []) if isinstance(p, dict) and canonical(p) is not None
    ]
    live_blocks = {
        str(v.get(key)): v for v in (live or []) if isinstance(v, dict) and canonical(v) is not None
    }
    partial = False
    for index, block in enumerate(planned_blocks):
        name = block.get(key)
        if not isinstance(name, str):
            partial = True
            continue
        found = live_blocks.pop(name, None)
        if found is None:
            yield path, canonical(block), None
        else:
            yield from _value(_path(path, index), block, found)
    if not partial:
        for block in live_blocks.values():
            yield path, None, canonical(block)


def _rules(path: str, planned: Any, live: Any) -> Iterator[tuple[str, Any, Any]]:
    """Security group rules, one (protocol, ports, source) at a time: a rule added in the
    console shows as the one source it opens."""
    planned_atoms, partial = _atoms(planned)
    live_atoms, _ = _atoms(live)
    for atom in sorted(planned_atoms - live_atoms):
        yield path, _atom_block(atom), None
    if not partial:
        for atom in sorted(live_atoms - planned_atoms):
            yield path, None, _atom_block(atom)


Atom = tuple[str, int, int, str, str]


def _atoms(blocks: Any) -> tuple[set[Atom], bool]:
    atoms: set[Atom] = set()
    partial = isinstance(blocks, Unknown)
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            partial = True
            continue
        head = _rule_head(block)
        if head is None:
            partial = True
            continue
        protocol, low, high = head
        sources = [(k, s) for k in _RULE_SOURCES for s in _items(block.get(k))]
        if block.get("self") is True:
            sources.append(("self", "true"))
        for kind, source in sources:
            if isinstance(source, str):
                atoms.add((protocol, low, high, kind, source))
            else:
                partial = True
        partial = partial or isinstance(block.get("self"), Unknown)
    return atoms, partial


def _rule_head(block: dict[str, Any]) -> tuple[str, int, int] | None:
    protocol = block.get("protocol")
    if not isinstance(protocol, (str, int)) or isinstance(protocol, bool):
        return None
    name = str(protocol).strip().lower()
    name = _PROTOCOLS.get(name, name)
    if name == "-1":
        return name, 0, 0
    try:
        return name, int(block.get("from_port", 0)), int(block.get("to_port", 0))
    except (TypeError, ValueError):
        return None


def _items(value: Any) -> list[Any]:
    if value is None or value is MISSING:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _atom_block(atom: Atom) -> dict[str, Any]:
    protocol, low, high, kind, source = atom
    block: dict[str, Any] = {"protocol": protocol, "from_port": low, "to_port": high}
    block[kind] = True if kind == "self" else [source]
    return block
