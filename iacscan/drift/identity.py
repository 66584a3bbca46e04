"""Who a resource is in the cloud: the keys planned and live resources are matched by.

A key is the type, which identity alternative of the type (types.py) and its value: a bucket
name, a security group id (or `name` + `vpc_id`, or `name`), a role name, a function name and
a permission's statement id, ... A live resource has every alternative; a planned one the
strongest it knows. In IaC, an identifying argument that refers to another resource
(`bucket = aws_s3_bucket.logs.id`) takes that resource's identity; a KMS key is known by the
aliases that point at it. When nothing identifying is known (an instance id before apply), the
planned resource cannot be matched, and is reported as unidentified, never as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacscan.drift.names import arn_resource, policy_reference
from iacscan.drift.types import TYPES
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Resource, Unknown

ALIAS = "@alias"
"""The identity alternative of resources known by their aliases (KMS keys)."""


@dataclass(frozen=True, slots=True)
class Key:
    type: str
    form: int
    value: str

    def __str__(self) -> str:
        return self.value


def normalise(attribute: str, value: Any) -> str | None:
    """An identifying value in one spelling: names rather than ARNs, policies as `name` or
    `aws/name` (AWS-managed), a function's name from its (possibly qualified) ARN."""
    if isinstance(value, bool) or value is None or isinstance(value, Unknown):
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str) or not value:
        return None
    if attribute == "policy_arn":
        return policy_reference(value)
    if attribute == "function_name" and value.startswith("arn:"):
        parts = value.split(":")
        return parts[6] if len(parts) > 6 else value
    return arn_resource(value) if value.startswith("arn:") else value


def live_keys(resource: Resource) -> list[Key]:
    spec = TYPES.get(resource.type)
    if spec is None:
        return []
    keys: list[Key] = []
    for form, attributes in enumerate(spec.identity):
        if attributes == (ALIAS,):
            keys.extend(Key(resource.type, form, a) for a in resource.meta.get("aliases", ()))
            continue
        values = [normalise(a, resource.get(a, default=None)) for a in attributes]
        if all(v is not None for v in values):
            keys.append(Key(resource.type, form, "/".join(v for v in values if v)))
    return keys


def planned_key(
    resource: Resource, graph: ResourceGraph, seen: frozenset[str] = frozenset()
) -> Key | None:
    """The strongest key the planned resource knows; None when it knows none. `seen`: the
    resources whose identity is being looked up through references (a cycle ends)."""
    spec = TYPES.get(resource.type)
    if spec is None or resource.id in seen:
        return None
    seen = seen | {resource.id}
    for form, attributes in enumerate(spec.identity):
        if attributes == (ALIAS,):
            aliases = _aliases(resource, graph)
            if aliases:
                return Key(resource.type, form, aliases[0])
            continue
        values = [_planned_value(resource, a, graph, seen) for a in attributes]
        if all(v is not None for v in values):
            return Key(resource.type, form, "/".join(v for v in values if v))
    return None


def _planned_value(
    resource: Resource, attribute: str, graph: ResourceGraph, seen: frozenset[str]
) -> str | None:
    value = normalise(attribute, resource.get(attribute, default=None))
    if value is not None:
        return value
    if not isinstance(resource.get(attribute, default=None), Unknown):
        return None
    # `bucket = aws_s3_bucket.logs.id`: the referenced resource's own identity.
    for edge in graph.edges_from(resource, "reference"):
        target = graph.get(edge.target)
        if edge.path[:1] != (attribute,) or target is None:
            continue
        target_key = planned_key(target, graph, seen)
        if target_key is not None and target_key.form == 0:
            return normalise(attribute, target_key.value)
    return None


def _aliases(key: Resource, graph: ResourceGraph) -> list[str]:
    names = []
    for alias in graph.referenced_by(key, "aws_kms_alias"):
        name = alias.get("name", default=None)
        if isinstance(name, str):
            names.append(name)
    return sorted(names)


def parent_value(resource: Resource, graph: ResourceGraph) -> str | None:
    """The identity of the resource a part belongs to (a bucket ACL's bucket name), as the
    parent type's first identity alternative; None for other resources or when not known."""
    spec = TYPES.get(resource.type)
    if spec is None or spec.parent is None:
        return None
    return _planned_value(resource, spec.parent.attribute, graph, frozenset())
