"""Planned against live: missing, unmanaged and changed resources.

Each planned resource is matched with a live one by identity (identity.py): a match is
compared attribute by attribute (diff.py) and becomes `changed` when they differ; no match is
`missing`. Live resources nothing matched are `unmanaged`. Nothing is claimed that cannot be
told: a planned resource whose identity is unknown, whose type the inventory does not read,
whose region was not read, or whose inventory is incomplete (a call failed) is counted as not
compared, never reported missing; and a live resource of a type where some planned resource
could not be identified is not called unmanaged.

Parts of another resource (a bucket's ACL, a role's inline policy, a function's permission)
are folded into their parent's drift when the parent is itself missing or unmanaged, and a
live part in the state AWS gives every resource (a private ACL) is not unmanaged.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from iacscan.drift.diff import diff
from iacscan.drift.folds import FOLDS, folded_attributes
from iacscan.drift.identity import Key, live_keys, parent_value, planned_key
from iacscan.drift.ignore import IgnoreRule, apply_rules
from iacscan.drift.inventory import GLOBAL_REGION, Inventory
from iacscan.drift.live import LiveResources
from iacscan.drift.planned import Planned
from iacscan.drift.result import AttributeDiff, DriftEntry, DriftResult
from iacscan.drift.types import GLOBAL_TYPES, TYPES
from iacscan.graph.model import Resource


@dataclass(slots=True)
class _Matching:
    pairs: list[tuple[Resource, Resource]] = field(default_factory=list)
    missing: list[tuple[Resource, Key]] = field(default_factory=list)
    used: dict[str, Resource] = field(default_factory=dict)
    """Live resource id -> the planned resource it matched."""
    parts: set[tuple[str, str]] = field(default_factory=set)
    """(part type, parent identity) of every planned part, e.g. a planned bucket ACL."""
    unidentified: set[str] = field(default_factory=set)


def compare(
    planned: Planned,
    inventory: Inventory,
    live: LiveResources,
    rules: Sequence[IgnoreRule] = (),
) -> DriftResult:
    started = time.perf_counter()
    result = DriftResult(
        planned.kind,
        planned.source,
        inventory.provider,
        inventory.regions,
        inventory.taken_at,
        inventory.account,
        planned_count=len(planned.resources),
        live_count=len(live.resources),
        inventory_errors=list(inventory.errors),
        planned_errors=list(planned.errors),
    )
    matching = _match(planned, inventory, live, result)
    entries = [
        _missing(p, key) for p, key in matching.missing if not _parent_missing(p, planned, matching)
    ]
    for planned_resource, live_resource in matching.pairs:
        changes = _changes(planned_resource, live_resource, planned, live, matching)
        if changes:
            entries.append(_changed(planned_resource, live_resource, changes))
    entries.extend(_unmanaged(live, matching, result))
    result.matched = len(matching.pairs)
    result.entries, result.ignored = apply_rules(entries, rules)
    result.entries.sort(key=lambda e: e.sort_key)
    result.seconds = time.perf_counter() - started
    return result


def _match(
    planned: Planned, inventory: Inventory, live: LiveResources, result: DriftResult
) -> _Matching:
    index: dict[Key, list[Resource]] = defaultdict(list)
    for resource in sorted(live.resources, key=lambda r: r.id):
        for live_key in live_keys(resource):
            index[live_key].append(resource)
    matching = _Matching()
    skipped: dict[str, Counter[str]] = defaultdict(Counter)
    for resource in sorted(planned.resources, key=lambda r: r.address):
        reason = _not_comparable(resource, inventory)
        key = planned_key(resource, planned.graph) if reason is None else None
        if reason is None and key is None:
            reason = "unidentified"
            matching.unidentified.add(resource.type)
        if reason is not None or key is None:
            skipped[reason or "unidentified"][resource.type] += 1
            continue
        parent = parent_value(resource, planned.graph)
        if parent is not None:
            matching.parts.add((resource.type, parent))
        found = _candidate(index.get(key, []), resource, matching)
        if found is not None:
            matching.pairs.append((resource, found))
            matching.used[found.id] = resource
        elif _unreadable(inventory, resource.type, _region(resource)):
            skipped["unreadable"][resource.type] += 1
        else:
            matching.missing.append((resource, key))
    result.not_compared = dict(skipped)
    return matching


def _region(resource: Resource) -> str | None:
    region = resource.meta.get("region")
    return region if isinstance(region, str) and region else None


def _not_comparable(resource: Resource, inventory: Inventory) -> str | None:
    if resource.type not in TYPES or resource.type not in inventory.types:
        return "unsupported"
    region = _region(resource)
    if resource.type not in GLOBAL_TYPES and region and region not in inventory.regions:
        return "out_of_scope"
    return None


def _unreadable(inventory: Inventory, type_: str, region: str | None) -> bool:
    return any(
        type_ in error.types and (region is None or error.region in (region, GLOBAL_REGION))
        for error in inventory.errors
    )


def _candidate(found: list[Resource], planned: Resource, matching: _Matching) -> Resource | None:
    region = _region(planned)
    for resource in found:
        if resource.id in matching.used:
            continue
        if region is None or resource.meta.get("region") in (region, GLOBAL_REGION):
            return resource
    return None


def _parent_missing(resource: Resource, planned: Planned, matching: _Matching) -> bool:
    """A planned part whose planned parent is missing too: one entry says it all."""
    spec = TYPES[resource.type]
    if spec.parent is None:
        return False
    value = parent_value(resource, planned.graph)
    return any(
        key.type == spec.parent.type and key.form == 0 and key.value == value
        for _, key in matching.missing
    )


def _changes(
    planned_resource: Resource,
    live_resource: Resource,
    planned: Planned,
    live: LiveResources,
    matching: _Matching,
) -> list[AttributeDiff]:
    spec = TYPES[planned_resource.type]
    found: list[AttributeDiff] = []
    for attr in spec.attributes:
        value = planned_resource.get(attr.name, default=None)
        if value is None or value == "":
            continue
        fold = FOLDS.get((planned_resource.type, attr.name))
        if fold is None:
            live_value = live_resource.get(attr.name)
        elif (fold.part_type, live_resource.name) in matching.parts:
            continue  # the planned part is compared on its own
        else:
            parts = live.graph.referenced_by(live_resource, fold.part_type)
            live_value = fold.build([p.attributes for p in sorted(parts, key=lambda p: p.id)])
        found.extend(diff(attr, value, live_value))
    return sorted(found, key=lambda a: not a.security)


def _unmanaged(live: LiveResources, matching: _Matching, result: DriftResult) -> list[DriftEntry]:
    entries = []
    for resource in sorted(live.resources, key=lambda r: r.id):
        if resource.id in matching.used:
            continue
        if resource.type in matching.unidentified:
            result.unmanaged_not_judged[resource.type] += 1
            continue
        if _accounted_for(resource, live, matching):
            continue
        entries.append(
            DriftEntry(
                "unmanaged",
                resource.type,
                resource.name,
                "",
                _live_region(resource),
                file=resource.file,
                line=resource.span.line,
                live_uri=resource.file,
            )
        )
    return entries


def _accounted_for(part: Resource, live: LiveResources, matching: _Matching) -> bool:
    """A live part that is not unmanaged on its own: its parent is unmanaged (one entry says
    it all), or its matched planned parent writes it inline (compared there), or it is in
    the state AWS gives every resource."""
    spec = TYPES.get(part.type)
    if spec is None or spec.parent is None:
        return False
    parents = [
        live.graph.get(edge.target)
        for edge in live.graph.edges_from(part)
        if edge.path[:1] == (spec.parent.attribute,)
    ]
    parent = next((p for p in parents if p is not None and p.type == spec.parent.type), None)
    if parent is None:
        return False
    planned_parent = matching.used.get(parent.id)
    if planned_parent is None:
        return True
    inline = folded_attributes(parent.type, part.type)
    if any(planned_parent.get(a, default=None) not in (None, "") for a in inline):
        return True
    return spec.is_default is not None and spec.is_default(part.attributes)


def _live_region(resource: Resource) -> str:
    region = resource.meta.get("region")
    return region if isinstance(region, str) else ""


def _missing(resource: Resource, key: Key) -> DriftEntry:
    return DriftEntry(
        "missing",
        resource.type,
        key.value,
        resource.address,
        _region(resource) or "",
        file=resource.file,
        line=resource.span.line,
    )


def _changed(planned: Resource, live: Resource, changes: list[AttributeDiff]) -> DriftEntry:
    return DriftEntry(
        "changed",
        planned.type,
        live.name,
        planned.address,
        _live_region(live),
        tuple(changes),
        planned.file,
        planned.span.line,
        live.file,
    )
