"""Where the pod lives in each workload kind, for checks and for linking.

Every workload wraps the same pod spec at a different depth; checks ask here instead of
repeating the table. Paths are attribute paths, so a `Field` built from them carries its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.graph.model import AttrPath, Field, Resource

POD_SPEC_PATHS: Final[dict[str, AttrPath]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
WORKLOAD_KINDS: Final = frozenset(POD_SPEC_PATHS)
CONTAINER_LISTS: Final = ("containers", "initContainers", "ephemeralContainers")


def pod_spec_path(resource: Resource) -> AttrPath | None:
    """The path of the pod spec in a workload; None for kinds that run no pods."""
    return POD_SPEC_PATHS.get(resource.type)


def pod_spec(resource: Resource) -> Field | None:
    """The pod spec as a field (MISSING when not written); None for kinds that run no pods."""
    path = pod_spec_path(resource)
    return resource.field(*path) if path is not None else None


def pod_metadata_path(resource: Resource) -> AttrPath | None:
    """The path of the pod's metadata: `metadata` of a Pod, the template's for the others."""
    path = pod_spec_path(resource)
    return (*path[:-1], "metadata") if path is not None else None


def pod_labels(resource: Resource) -> Field | None:
    """The labels the workload's pods carry; None for kinds that run no pods."""
    path = pod_metadata_path(resource)
    return resource.field(*path, "labels") if path is not None else None


def containers(resource: Resource) -> Iterator[Field]:
    """Every container, init container and ephemeral container written as a mapping, each as a
    field with its full path (`spec.template.spec.containers[0]`), so a check can read
    `container.get("securityContext", "privileged")` and report the exact line."""
    path = pod_spec_path(resource)
    if path is None:
        return
    for list_name in CONTAINER_LISTS:
        items = resource.get(*path, list_name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield Field(resource, (*path, list_name, index), item)
