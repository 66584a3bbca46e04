"""One view of the containers a Kubernetes workload runs, with the pod around them.

Every workload kind wraps the same pod spec at its own depth (the adapter's `pods` helpers know
where). Security settings live on two levels: the pod's `securityContext` and each container's.
For the settings both levels carry (`runAsUser`, `runAsNonRoot`, ...), the container's value wins
when written, as Kubernetes applies them; the others exist on the container only.

`WorkloadRule` + `workload_setting_check` turn look-alike "this pod or container setting must be
on / off / one of" checks into rows, visiting every container of every workload kind (the
`SettingRule` table of `iacscan.check_table` cannot, since container lists vary per resource).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.check_table import Doc, Expectation, fields_at
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, PathPart, Resource
from iacscan.graph.values import as_int, as_list

WORKLOAD_KINDS: Final = (
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
)
WORKLOAD_TARGETS: Final = {Framework.KUBERNETES: WORKLOAD_KINDS}

# PodSecurityContext fields that a container's SecurityContext may override.
POD_LEVEL_SETTINGS: Final = frozenset(
    {
        "runAsUser",
        "runAsGroup",
        "runAsNonRoot",
        "seLinuxOptions",
        "seccompProfile",
        "appArmorProfile",
        "windowsOptions",
    }
)
_LIST_LABELS: Final = {
    "containers": "container",
    "initContainers": "init container",
    "ephemeralContainers": "ephemeral container",
}


@dataclass(frozen=True, slots=True)
class Container:
    """A container (`item`, the list element with its full path) and its pod spec (`pod`)."""

    item: Field
    pod: Field

    @property
    def list_name(self) -> str:
        """`containers`, `initContainers` or `ephemeralContainers`."""
        return str(self.item.path[-2])

    @property
    def is_ephemeral(self) -> bool:
        return self.list_name == "ephemeralContainers"

    @property
    def label(self) -> str:
        """How messages name the container: `container "app"`, `init container "setup"`."""
        name = self.item.get("name").value
        kind = _LIST_LABELS.get(self.list_name, "container")
        return f'{kind} "{name}"' if isinstance(name, str) else kind

    def get(self, *path: str | int) -> Field:
        return self.item.get(*path)

    def speaker(self, field: Field) -> str:
        """Who a message about `field` names: the container for its own settings and its
        `container.*` annotations, "the pod" for a pod-level value it inherits."""
        own = field.path[: len(self.item.path)] == self.item.path
        if own or str(field.path[-1] if field.path else "").startswith("container."):
            return self.label
        return "the pod"

    def security(self, setting: str) -> Field:
        """The container's own `securityContext.<setting>` (MISSING when not written)."""
        return self.item.get("securityContext", setting)

    def effective(self, setting: str) -> Field:
        """The value Kubernetes applies: the container's when written, else the pod's for the
        settings a pod may carry. An unwritten setting comes back as the container's missing
        field, so a violation about it points at the nearest written parent in the container."""
        own = self.security(setting)
        if own.present or setting not in POD_LEVEL_SETTINGS:
            return own
        inherited = self.pod.get("securityContext", setting)
        return inherited if inherited.present else own


def pod_spec(resource: Resource) -> Field | None:
    """The pod spec of a workload; None for other kinds or when it is not a written mapping."""
    # Imported here: the adapter package loads PyYAML, which loading the checks must not need
    # (a workload only reaches a check after the adapter has read it).
    from iacscan.frameworks.kubernetes import pods

    spec = pods.pod_spec(resource)
    if spec is None or not isinstance(spec.value, dict):
        return None
    return spec


def containers(resource: Resource) -> Iterator[Container]:
    """Every container, init container and ephemeral container of a workload."""
    from iacscan.frameworks.kubernetes import pods

    spec = pod_spec(resource)
    if spec is None:
        return
    for item in pods.containers(resource):
        yield Container(item, spec)


def is_windows(pod: Field) -> bool:
    """True when the pod declares Windows (`spec.os.name: windows`): Linux-only settings such as
    `allowPrivilegeEscalation` or capabilities cannot be set there at all."""
    name = pod.get("os", "name").value
    return isinstance(name, str) and name.strip().lower() == "windows"


def namespace_of(resource: Resource) -> str | None:
    """`metadata.namespace` as written; None when unwritten (then the namespace is chosen at
    apply time) or not plain text."""
    value = resource.get("metadata", "namespace")
    return value if isinstance(value, str) and value else None


# --- A family of look-alike workload settings: one row each --------------------------------


@dataclass(frozen=True, slots=True)
class WorkloadRule:
    """One row of a workload-setting family: the setting must meet `expect`.

    `level` "container": `setting` is a path inside every container (`("securityContext",
    "procMount")`, `EACH` for list elements); with `inherit`, a `securityContext` setting the
    pod may carry is read as Kubernetes applies it (the container's, else the pod's).
    `level` "pod": `setting` is a path inside the pod spec. `what` names the setting in
    messages, after the container's label for container rows. The skips leave out containers
    or workloads the setting does not apply to."""

    id: str
    name: str
    title: str
    severity: Severity
    what: str
    setting: tuple[PathPart, ...]
    expect: Expectation
    doc: Doc
    remediation: str
    compliance: Mapping[str, Iterable[str]] = field(default_factory=dict)
    equivalents: Mapping[str, Iterable[str]] = field(default_factory=dict)
    references: Iterable[str] = ()
    level: Literal["pod", "container"] = "container"
    inherit: bool = False
    linux_only: bool = False  # skip pods that declare `os.name: windows`
    skip_init: bool = False
    skip_ephemeral: bool = False
    skip_jobs: bool = False  # skip Job and CronJob: run-to-completion pods
    category: str = "workload-security"


def _container_fields(rule: WorkloadRule, container: Container) -> Iterator[Field]:
    first = rule.setting[0] if rule.setting else None
    if rule.inherit and first == "securityContext" and len(rule.setting) > 1:
        yield container.effective(str(rule.setting[1])).get(*rule.setting[2:])
        return
    yield from fields_at(container.item.resource, (*container.item.path, *rule.setting))


def workload_setting_violations(rule: WorkloadRule, workload: Resource) -> Iterator[Violation]:
    """The violations of one row on one workload."""
    spec = pod_spec(workload)
    if spec is None or (rule.linux_only and is_windows(spec)):
        return
    if rule.skip_jobs and workload.type in ("Job", "CronJob"):
        return
    if rule.level == "pod":
        for found in fields_at(workload, (*spec.path, *rule.setting)):
            yield from rule.expect.judge(found, rule.what)
        return
    judged: set[tuple[PathPart, ...]] = set()
    for container in containers(workload):
        if (rule.skip_init and container.list_name == "initContainers") or (
            rule.skip_ephemeral and container.is_ephemeral
        ):
            continue
        for found in _container_fields(rule, container):
            if found.path in judged:
                continue  # a pod-level value several containers inherit: judged once
            judged.add(found.path)
            owner = container.speaker(found)
            owner = "the pod's" if owner == "the pod" else owner
            yield from rule.expect.judge(found, f"{owner} {rule.what}")


def workload_setting_check(rule: WorkloadRule) -> Check:
    """Turn a row into a `Check` on every workload kind; its documentation is the row's doc."""

    def run(workload: Resource, context: CheckContext) -> Iterator[Violation]:
        yield from workload_setting_violations(rule, workload)

    run.__doc__ = rule.doc.render()
    # Name the table module that holds the row, so load errors point at the right file.
    run.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)
    return check(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        severity=rule.severity,
        category=rule.category,
        targets=WORKLOAD_TARGETS,
        remediation=rule.remediation,
        compliance=rule.compliance,
        equivalents=rule.equivalents,
        references=rule.references,
    )(run)


def capability_name(text: str) -> str:
    """`cap_net_raw`, `CAP_NET_RAW` and `NET_RAW` are the same capability."""
    name = text.strip().upper()
    return name[len("CAP_") :] if name.startswith("CAP_") else name


@dataclass(frozen=True, slots=True)
class DropsAny:
    """A `capabilities.drop` list must name one of `names` (unwritten drops nothing)."""

    names: frozenset[str]

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        wanted = " or ".join(sorted(self.names))
        if not field.present:
            yield Violation(at=field, message=f"{what} is not set: {wanted} is not dropped")
            return
        if field.unknown:
            return
        dropped = {capability_name(v) for v in as_list(field.value) if isinstance(v, str)}
        if not dropped & self.names:
            yield Violation(at=field, message=f"{what} does not include {wanted}")


@dataclass(frozen=True, slots=True)
class Unset:
    """The setting must not be written (a number 0 counts as unwritten, as for `hostPort`)."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.known or field.value == 0 or as_int(field.value) == 0:
            return
        yield Violation(at=field, message=f"{what} is set to {field.value}")


def limit_range_sets(
    workload: Resource, graph: ResourceGraph, resource: str, keys: Iterable[str]
) -> bool:
    """True when a LimitRange in the workload's namespace writes `resource` under one of
    `keys` (`default`, `defaultRequest`, `max`) for containers. An unwritten namespace matches
    only another unwritten one: both are chosen at apply time."""
    namespace = namespace_of(workload)
    wanted = tuple(keys)
    for limit_range in graph.of_type(Framework.KUBERNETES, "LimitRange"):
        if namespace_of(limit_range) != namespace:
            continue
        for item in as_list(limit_range.get("spec", "limits")):
            if not isinstance(item, dict) or item.get("type", "Container") != "Container":
                continue
            for key in wanted:
                bounds = item.get(key)
                if isinstance(bounds, dict) and bounds.get(resource) is not None:
                    return True
    return False


def pod_annotation(pod: Field, key: str) -> Field:
    """An annotation of the pod template (beside the pod spec `pod`), MISSING when absent."""
    return pod.resource.field(*pod.path[:-1], "metadata", "annotations", key)
