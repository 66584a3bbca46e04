"""One view of the containers a Kubernetes workload runs, with the pod around them.

Every workload kind wraps the same pod spec at its own depth (the adapter's `pods` helpers know
where). Security settings live on two levels: the pod's `securityContext` and each container's.
For the settings both levels carry (`runAsUser`, `runAsNonRoot`, ...), the container's value wins
when written, as Kubernetes applies them; the others exist on the container only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from iacscan.graph.model import Field, Framework, Resource

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
