"""Edges between Kubernetes objects, across every file of a scan.

- a Service selects the workloads in its namespace whose pod labels match its selector
  (`selects`, Service -> workload);
- a RoleBinding / ClusterRoleBinding points at its Role or ClusterRole (`role_ref`) and at the
  ServiceAccounts among its subjects (`subject`);
- a workload runs as the ServiceAccount its pod spec names (`reference`).

Objects meet by kind, namespace and name as written. A selector or name that is unknown (an
unrendered template) or an unnamed object links to nothing: a guessed edge is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from iacscan.frameworks.kubernetes.pods import WORKLOAD_KINDS, pod_labels, pod_spec_path
from iacscan.frameworks.kubernetes.resources import (
    DEFAULT_NAMESPACE,
    object_name,
)
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource

_Key = tuple[str, str, str]  # kind, namespace ("" when cluster-scoped), name
_LabelKey = tuple[str, str, str]  # namespace, label, value
_Labels = dict[str, str | None]


def link(resources: list[Resource]) -> list[Edge]:
    objects = [r for r in resources if r.framework is Framework.KUBERNETES]
    index: dict[_Key, list[Resource]] = defaultdict(list)
    for resource in objects:
        name = object_name(resource.attributes)
        if name is not None:
            index[(resource.type, resource.meta.get("namespace") or "", name)].append(resource)
    labelled = _workloads_by_label(objects)
    edges: list[Edge] = []
    for resource in objects:
        if resource.type == "Service":
            edges.extend(_selects(resource, labelled))
        elif resource.type in ("RoleBinding", "ClusterRoleBinding"):
            edges.extend(_role_ref(resource, index))
            edges.extend(_subjects(resource, index))
        elif resource.type in WORKLOAD_KINDS:
            edges.extend(_service_account(resource, index))
    return edges


def _workloads_by_label(objects: list[Resource]) -> dict[_LabelKey, list[tuple[Resource, _Labels]]]:
    """Workloads keyed by (namespace, label, value) of their pod labels, in input order, so a
    selector only compares the workloads that carry its first label."""
    found: dict[_LabelKey, list[tuple[Resource, _Labels]]] = defaultdict(list)
    for workload in objects:
        labels = pod_labels(workload) if workload.type in WORKLOAD_KINDS else None
        if labels is None or not isinstance(labels.value, dict):
            continue
        plain = {key: _label(value) for key, value in labels.value.items()}
        namespace = workload.meta.get("namespace") or DEFAULT_NAMESPACE
        for key, value in plain.items():
            if value is not None:
                found[(namespace, key, value)].append((workload, plain))
    return found


def _selects(
    service: Resource, labelled: dict[_LabelKey, list[tuple[Resource, _Labels]]]
) -> Iterator[Edge]:
    selector = service.get("spec", "selector")
    if not isinstance(selector, dict) or not selector:
        return  # no selector: the Service selects nothing (endpoints are managed by hand)
    wanted = {key: _label(value) for key, value in selector.items()}
    if any(value is None for value in wanted.values()):
        return
    namespace = service.meta.get("namespace") or DEFAULT_NAMESPACE
    first_key, first_value = next(iter(wanted.items()))
    for workload, labels in labelled.get((namespace, first_key, first_value or ""), []):
        if all(labels.get(key) == value for key, value in wanted.items()):
            yield Edge(service.id, workload.id, "selects", ("spec", "selector"))


def _label(value: Any) -> str | None:
    """A label value as Kubernetes compares it; None when it is not plain text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _role_ref(binding: Resource, index: dict[_Key, list[Resource]]) -> Iterator[Edge]:
    kind, name = binding.get("roleRef", "kind"), binding.get("roleRef", "name")
    if not isinstance(name, str):
        return
    if kind == "ClusterRole":
        key = ("ClusterRole", "", name)
    elif kind == "Role" and binding.type == "RoleBinding":
        key = ("Role", binding.meta.get("namespace") or DEFAULT_NAMESPACE, name)
    else:
        return
    for target in index.get(key, []):
        yield Edge(binding.id, target.id, "role_ref", ("roleRef",))


def _subjects(binding: Resource, index: dict[_Key, list[Resource]]) -> Iterator[Edge]:
    subjects = binding.get("subjects")
    if not isinstance(subjects, list):
        return
    # A RoleBinding's ServiceAccount subjects default to its own namespace; a
    # ClusterRoleBinding must name one, so without it there is nothing to link.
    default = binding.meta.get("namespace") if binding.type == "RoleBinding" else None
    for position, subject in enumerate(subjects):
        if not isinstance(subject, dict) or subject.get("kind") != "ServiceAccount":
            continue
        name, namespace = subject.get("name"), subject.get("namespace", default)
        if not isinstance(name, str) or not isinstance(namespace, str):
            continue
        for target in index.get(("ServiceAccount", namespace, name), []):
            yield Edge(binding.id, target.id, "subject", ("subjects", position))


def _service_account(workload: Resource, index: dict[_Key, list[Resource]]) -> Iterator[Edge]:
    spec_path = pod_spec_path(workload)
    if spec_path is None:
        return
    for key in ("serviceAccountName", "serviceAccount"):  # the second is the deprecated alias
        name = workload.get(*spec_path, key)
        if isinstance(name, str) and name:
            namespace = workload.meta.get("namespace") or DEFAULT_NAMESPACE
            for target in index.get(("ServiceAccount", namespace, name), []):
                yield Edge(workload.id, target.id, "reference", (*spec_path, key))
            return
