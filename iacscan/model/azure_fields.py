"""Reading one Azure setting from Terraform azurerm or an ARM template.

The two formats name the same setting differently: azurerm uses snake_case attributes, and
renamed some between provider versions (`enable_https_traffic_only` in v3 became
`https_traffic_only_enabled` in v4); ARM nests camelCase properties under `properties`. A check
declares both spellings once and reads the setting through `setting`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from iacscan.check import Violation
from iacscan.check_table import Expectation
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, PathPart, Resource
from iacscan.graph.values import as_int

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


@dataclass(frozen=True, slots=True)
class OrOlderName:
    """Table expectation for a Terraform setting the provider renamed: judge the current
    attribute, or the first older spelling that is written when the current one is not
    (azurerm v3 `enable_non_ssl_port` became `non_ssl_port_enabled` in v4)."""

    expect: Expectation
    older: tuple[tuple[PathPart, ...], ...]

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present and field.resource.framework is Framework.TERRAFORM:
            for path in self.older:
                written = field.resource.field(*path)
                if written.present:
                    return self.expect.judge(written, what)
        return self.expect.judge(field, what)


@dataclass(frozen=True, slots=True)
class PerFramework:
    """Table expectation whose safe value or default differs by format: ARM often spells a
    setting inverted (`disableLocalAuth` for azurerm `local_authentication_enabled`) or leaves
    an older, weaker default when the property is unset."""

    by_framework: Mapping[Framework, Expectation]

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        expect = self.by_framework.get(field.resource.framework)
        return expect.judge(field, what) if expect is not None else iter(())


@dataclass(frozen=True, slots=True)
class RetentionAtLeast:
    """A retention in days that must be at least `minimum`, where 0 (or unwritten, when
    `unwritten_is_forever`) means "keep forever" and is safe."""

    minimum: int
    unwritten_is_forever: bool = True

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            if not self.unwritten_is_forever:
                yield Violation(at=field, message=f"{what} is not set")
            return
        days = as_int(field.value)
        if days is not None and 0 < days < self.minimum:
            yield Violation(at=field, message=f"{what} is {days} days, below {self.minimum} days")


def attached(resource: Resource, graph: ResourceGraph, *type_keys: str) -> list[Resource] | None:
    """The resources of `type_keys` that configure `resource`: Terraform resources that
    refer to it (`azurerm_mssql_server_extended_auditing_policy.server_id`), ARM child
    resources (nested or named `parent/child`). None when an ARM resource of those types in
    the same file has no known parent: it may belong to `resource`, so nothing is concluded."""
    wanted = {key.lower() for key in type_keys}
    if resource.framework is Framework.TERRAFORM:
        return [r for r in graph.referenced_by(resource) if r.type_key in wanted]
    found = []
    for key in type_keys:
        for candidate in graph.of_type(Framework.ARM, key):
            if candidate.file != resource.file:
                continue
            parents = graph.edges_from(candidate, "parent")
            if not parents:
                return None
            if any(edge.target == resource.id for edge in parents):
                found.append(candidate)
    return found
