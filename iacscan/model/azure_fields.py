"""Reading one Azure setting from Terraform azurerm or an ARM template.

The two formats name the same setting differently: azurerm uses snake_case attributes, and
renamed some between provider versions (`enable_https_traffic_only` in v3 became
`https_traffic_only_enabled` in v4); ARM nests camelCase properties under `properties`. A check
declares both spellings once and reads the setting through `setting`.
"""

from __future__ import annotations

from collections.abc import Sequence

from iacscan.graph.model import Field, Framework, PathPart, Resource

TerraformPath = str | tuple[PathPart, ...]


def setting(
    resource: Resource,
    *,
    terraform: Sequence[TerraformPath],
    arm: tuple[PathPart, ...],
) -> Field:
    """The setting's field. For Terraform, the first of the (current, then older) attribute
    paths that is written, else the current one (missing). For ARM, the path under
    `properties`. A null value is not `present` (the graph model reads it as "use the
    default") but keeps its path, so a finding still points at the line that writes it."""
    if resource.framework is Framework.ARM:
        return resource.field("properties", *arm)
    paths = [(p,) if isinstance(p, str) else p for p in terraform]
    for path in paths:
        found = resource.field(*path)
        if found.present:
            return found
    return resource.field(*paths[0])


def api_version_at_least(resource: Resource, version: str) -> bool | None:
    """Whether an ARM resource's `apiVersion` (`2019-04-01`, `2018-07-01-preview`) is at least
    `version`; None when it is missing or not a literal."""
    value = resource.get("apiVersion")
    if not isinstance(value, str) or len(value) < 10:
        return None
    return value[:10] >= version
