"""Reading RBAC policy rules the way the API server matches them.

A rule grants a verb on a resource of an API group when each of its lists names it or holds
`*`. A subresource (`pods/exec`) is its own resource: `pods` does not grant it, `*` does.
Unknown lists (an unrendered template) grant nothing we can see, so no check fires on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iacscan.graph.values import as_list

RBAC_GROUP = "rbac.authorization.k8s.io"


def _texts(value: Any) -> set[str]:
    return {item for item in as_list(value) if isinstance(item, str)}


def granted_verbs(
    rule: Any, targets: Iterable[tuple[str, str]], verbs: Iterable[str]
) -> list[tuple[str, str]]:
    """The (verb, resource) pairs of `verbs` x `targets` (group, resource) the rule grants, in
    a stable order; empty for rules that are not mappings."""
    if not isinstance(rule, dict):
        return []
    groups, resources, rule_verbs = (
        _texts(rule.get(key)) for key in ("apiGroups", "resources", "verbs")
    )
    found = []
    for group, resource in targets:
        if not ({group, "*"} & groups and {resource, "*"} & resources):
            continue
        for verb in verbs:
            if {verb, "*"} & rule_verbs:
                found.append((verb, resource))
    return found


def grants_everything(rule: Any) -> bool:
    """The rules IAC-K8S-RBAC-002 reports: `*` resources with `*` verbs or `*` API groups."""
    if not isinstance(rule, dict):
        return False
    resources = _texts(rule.get("resources"))
    verbs, groups = _texts(rule.get("verbs")), _texts(rule.get("apiGroups"))
    return "*" in resources and ("*" in verbs or "*" in groups)


def has_resource_names(rule: Any) -> bool:
    """True when the rule is limited to named objects (`resourceNames`)."""
    return isinstance(rule, dict) and bool(_texts(rule.get("resourceNames")))
