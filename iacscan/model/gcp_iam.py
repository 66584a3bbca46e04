"""Google Cloud IAM grants to the public, in the three Terraform shapes of the google provider.

Every IAM-enabled resource comes with `<resource>_iam_member` (one `member`),
`<resource>_iam_binding` (a `members` list) and `<resource>_iam_policy` (a whole policy,
usually built by a `data "google_iam_policy"` block, sometimes a literal `jsonencode(...)`).
`public_members` yields every member of such a resource that is `allUsers` or
`allAuthenticatedUsers`, pointing at the line that names it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_str

# `principalSet://goog/public:all` is the IAM v2 spelling of allUsers.
PUBLIC_PRINCIPALS = frozenset(
    {"allusers", "allauthenticatedusers", "principalset://goog/public:all"}
)
IAM_SUFFIXES = ("_iam_member", "_iam_binding", "_iam_policy")


def iam_types(*prefixes: str) -> list[str]:
    """The member, binding and policy resource types of each resource prefix."""
    return [f"{prefix}{suffix}" for prefix in prefixes for suffix in IAM_SUFFIXES]


def is_public_principal(value: Any) -> bool:
    text = as_str(value)
    return text is not None and text.strip().lower() in PUBLIC_PRINCIPALS


def public_members(resource: Resource, graph: ResourceGraph) -> Iterator[tuple[Field, str]]:
    """The public members an IAM member/binding/policy resource grants a role to: where each
    is written, and its name."""
    if resource.type.endswith("_iam_member"):
        yield from _public([resource.field("member")])
    elif resource.type.endswith("_iam_binding"):
        yield from _public(resource.blocks("members"))
    elif resource.type.endswith("_iam_policy"):
        yield from _policy_members(resource, graph)


def _public(fields: Iterable[Field]) -> Iterator[tuple[Field, str]]:
    return ((f, str(f.value)) for f in fields if is_public_principal(f.value))


def _policy_members(resource: Resource, graph: ResourceGraph) -> Iterator[tuple[Field, str]]:
    for document in graph.references(resource, "data.google_iam_policy"):
        for binding in document.blocks("binding"):
            yield from _public(document.blocks(*binding.path, "members"))
    policy = resource.field("policy_data")
    text = as_str(policy.value)
    if text is None:
        return
    try:
        bindings = json.loads(text).get("bindings", [])
    except (ValueError, AttributeError):
        return
    for binding in bindings if isinstance(bindings, list) else []:
        members = binding.get("members", []) if isinstance(binding, dict) else []
        for member in members if isinstance(members, list) else []:
            if is_public_principal(member):
                yield policy, str(member)  # a literal JSON policy has no line per member


def grants(resource: Resource, graph: ResourceGraph) -> Iterator[tuple[Field, Field]]:
    """Every (role, member) pair an IAM member/binding/policy resource grants, each pointing
    at where it is written. A policy built by a `data "google_iam_policy"` block yields that
    block's fields; a literal JSON policy has no line per member and is not expanded."""
    if resource.type.endswith("_iam_member"):
        yield resource.field("role"), resource.field("member")
    elif resource.type.endswith("_iam_binding"):
        role = resource.field("role")
        for member in resource.blocks("members"):
            yield role, member
    elif resource.type.endswith("_iam_policy"):
        for document in graph.references(resource, "data.google_iam_policy"):
            for binding in document.blocks("binding"):
                role = binding.get("role")
                for member in document.blocks(*binding.path, "members"):
                    yield role, member
