"""The resource instances a plan or state describes, with their values.

A plan's `planned_values` omit what is known only after apply; `resource_changes[].change
.after_unknown` marks those places, and they become `Unknown` here. A state's values are all
known. A raw state file lists resources with their instances instead of a module tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from iacscan.frameworks.terraform.json_positions import JObject, JValue, plain
from iacscan.frameworks.terraform_plan.document import (
    PLAN,
    RAW_STATE,
    PlanDocument,
    items,
    member,
    plain_member,
)
from iacscan.graph.model import Unknown

InstanceKey = int | str | None


@dataclass(slots=True)
class Entry:
    """One resource instance: `address` as Terraform prints it
    (`module.logs[0].aws_s3_bucket.this`), `module` its module instance address ("" at the
    root), `node` the JSON object it is described by and `values_node` its values (for lines)."""

    address: str
    mode: str
    type: str
    name: str
    index: InstanceKey
    module: str
    values: dict[str, Any]
    node: JValue
    values_node: JValue | None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def local_address(self) -> str:
        """The address inside its module, without the instance key: `aws_s3_bucket.this`,
        `data.aws_iam_policy_document.p`."""
        base = f"{self.type}.{self.name}"
        return f"data.{base}" if self.mode == "data" else base


def entries(document: PlanDocument) -> list[Entry]:
    root = document.root
    if document.kind == RAW_STATE:
        return list(_raw_state(root))
    if document.kind == PLAN:
        found = list(_module_tree(member(member(root, "planned_values"), "root_module"), ""))
        _overlay_changes(found, member(root, "resource_changes"))
        known = {e.address for e in found}
        prior = member(member(member(root, "prior_state"), "values"), "root_module")
        found.extend(
            e for e in _module_tree(prior, "") if e.mode == "data" and e.address not in known
        )
    else:
        found = list(_module_tree(member(member(root, "values"), "root_module"), ""))
    origin = "plan" if document.kind == PLAN else "state"
    for entry in found:
        entry.meta["origin"] = origin
    return found


def _module_tree(module: JValue | None, address: str) -> Iterator[Entry]:
    for node in items(member(module, "resources")):
        entry = _entry(node, address)
        if entry is not None:
            yield entry
    for child in items(member(module, "child_modules")):
        child_address = plain_member(child, "address")
        if isinstance(child_address, str):
            yield from _module_tree(child, child_address)


def _entry(node: JValue, module: str) -> Entry | None:
    if not isinstance(node, JObject):
        return None
    address, mode = plain_member(node, "address"), plain_member(node, "mode", "managed")
    type_, name = plain_member(node, "type"), plain_member(node, "name")
    if not all(isinstance(v, str) for v in (address, mode, type_, name)):
        return None
    values_node = member(node, "values")
    values = plain(values_node) if values_node is not None else {}
    index = plain_member(node, "index")
    entry = Entry(
        address, mode, type_, name, _key(index), module, _object(values), node, values_node
    )
    provider = plain_member(node, "provider_name")
    if isinstance(provider, str):
        entry.meta["provider_name"] = provider
    sensitive = plain_member(node, "sensitive_values")
    if _any_true(sensitive):
        entry.meta["sensitive"] = sensitive
    return entry


def _overlay_changes(found: list[Entry], changes: JValue | None) -> None:
    by_address = {e.address: e for e in found}
    for node in items(changes):
        address = plain_member(node, "address")
        entry = by_address.get(address) if isinstance(address, str) else None
        if entry is None or member(node, "deposed") is not None:
            continue
        change = member(node, "change")
        actions = plain_member(change, "actions")
        if isinstance(actions, list):
            entry.meta["actions"] = actions
        unknown = plain_member(change, "after_unknown")
        if _any_true(unknown):
            entry.values = _object(overlay_unknown(entry.values, unknown, entry.address))
        sensitive = plain_member(change, "after_sensitive")
        if _any_true(sensitive):
            entry.meta["sensitive"] = sensitive


def overlay_unknown(values: Any, unknown: Any, where: str) -> Any:
    """`values` with `Unknown` wherever `unknown` (the shape of after_unknown) holds true."""
    if unknown is True:
        return Unknown(f"{where} is known only after apply")
    if isinstance(unknown, dict):
        result = dict(values) if isinstance(values, dict) else {}
        for key, flag in unknown.items():
            if _any_true(flag):
                result[key] = overlay_unknown(result.get(key), flag, f"{where}.{key}")
        return result if result or isinstance(values, dict) else values
    if isinstance(unknown, list):
        result_list = list(values) if isinstance(values, list) else []
        for position, flag in enumerate(unknown):
            if not _any_true(flag):
                continue
            while len(result_list) <= position:
                result_list.append(None)
            part = f"{where}[{position}]"
            result_list[position] = overlay_unknown(result_list[position], flag, part)
        return result_list
    return values


def _raw_state(root: JValue) -> Iterator[Entry]:
    for node in items(member(root, "resources")):
        mode = plain_member(node, "mode", "managed")
        type_, name = plain_member(node, "type"), plain_member(node, "name")
        module = plain_member(node, "module", "")
        if not all(isinstance(v, str) for v in (mode, type_, name, module)):
            continue
        base = f"{'data.' if mode == 'data' else ''}{type_}.{name}"
        for instance in items(member(node, "instances")):
            if member(instance, "deposed") is not None:
                continue
            index = _key(plain_member(instance, "index_key"))
            address = (f"{module}." if module else "") + _instance(base, index)
            attributes = member(instance, "attributes")
            values = _object(plain(attributes)) if attributes is not None else {}
            entry = Entry(address, mode, type_, name, index, module, values, instance, attributes)
            dependencies = plain_member(instance, "dependencies")
            if isinstance(dependencies, list):
                entry.meta["dependencies"] = [d for d in dependencies if isinstance(d, str)]
            yield entry


def _instance(base: str, key: InstanceKey) -> str:
    if key is None:
        return base
    return f"{base}[{key}]" if isinstance(key, int) else f"{base}[{json.dumps(key)}]"


def _key(value: Any) -> InstanceKey:
    if isinstance(value, bool):
        return None
    return value if isinstance(value, (int, str)) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _any_true(flags: Any) -> bool:
    if flags is True:
        return True
    if isinstance(flags, dict):
        return any(_any_true(v) for v in flags.values())
    if isinstance(flags, list):
        return any(_any_true(v) for v in flags)
    return False
