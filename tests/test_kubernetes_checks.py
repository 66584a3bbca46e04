"""Helpers behind the Kubernetes checks: image references, capabilities, RBAC wildcards, and the
pod/container security-context view."""

from __future__ import annotations

from typing import Any

import pytest
from iacscan_checks.kubernetes.image_tag_latest_or_missing import unpinned_reason
from iacscan_checks.kubernetes.rbac_wildcard_permissions import wildcard_reason

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import MISSING, Field, Framework, Resource, Span, Unknown
from iacscan.model.kubernetes_images import image_tag
from iacscan.model.kubernetes_workloads import (
    capability_name,
    containers,
    is_windows,
    limit_range_sets,
)


def k8s(kind: str, attributes: dict[str, Any], name: str = "x") -> Resource:
    return Resource(
        id=f"f.yaml::{kind}/{name}",
        address=f"{kind}/{name}",
        framework=Framework.KUBERNETES,
        type=kind,
        name=name,
        file="f.yaml",
        span=Span(1, 1),
        attributes=attributes,
    )


@pytest.mark.parametrize(
    ("image", "tag"),
    [
        ("nginx", None),
        ("nginx:1.25", "1.25"),
        ("myreg:5000/app", None),
        ("myreg:5000/team/app:2.0", "2.0"),
        ("nginx:1.25@sha256:abc", "1.25"),
        ("localhost:5000/app@sha256:abc", None),
    ],
)
def test_image_tag_ignores_registry_ports_and_digests(image: str, tag: str | None) -> None:
    assert image_tag(image) == tag


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        ("nginx", "has no tag (Kubernetes pulls latest)"),
        ("myreg:5000/app", "has no tag (Kubernetes pulls latest)"),
        ("nginx:latest", "uses the latest tag"),
        ("nginx:Latest", None),  # tags are case-sensitive: not the moving `latest`
        ("nginx:latest@sha256:0d17", None),
        ("nginx@sha256:0d17", None),
        ("${REGISTRY}/app", None),
        ("", None),
    ],
)
def test_unpinned_reason(image: str, reason: str | None) -> None:
    assert unpinned_reason(image) == reason


@pytest.mark.parametrize(
    ("text", "name"),
    [("SYS_ADMIN", "SYS_ADMIN"), ("cap_sys_admin", "SYS_ADMIN"), (" CAP_NET_RAW ", "NET_RAW")],
)
def test_capability_names_are_normalised(text: str, name: str) -> None:
    assert capability_name(text) == name


def rule(**values: Any) -> Field:
    return Field(k8s("ClusterRole", {}), ("rules", 0), values)


def test_wildcard_rules() -> None:
    assert wildcard_reason(rule(apiGroups=[""], resources=["*"], verbs=["*"])) == (
        "allows every verb (*) on every resource (*)"
    )
    assert wildcard_reason(rule(apiGroups=["*"], resources=["*"], verbs=["get"])) == (
        "allows its verbs on every resource (*) of every API group (*)"
    )
    assert wildcard_reason(rule(apiGroups=["apps"], resources=["*"], verbs=["get"])) is None
    assert wildcard_reason(rule(apiGroups=["*"], resources=["pods"], verbs=["*"])) is None
    unknown = Unknown("templated")
    assert wildcard_reason(rule(apiGroups=["*"], resources=[unknown], verbs=["*"])) is None
    assert wildcard_reason(rule(apiGroups=["*"], resources=unknown, verbs=["*"])) is None


def deployment(pod: dict[str, Any]) -> Resource:
    return k8s("Deployment", {"spec": {"template": {"spec": pod}}})


def test_container_setting_overrides_the_pod_setting() -> None:
    workload = deployment(
        {
            "securityContext": {"runAsUser": 0, "fsGroup": 2000},
            "containers": [
                {"name": "a", "securityContext": {"runAsUser": 1000}},
                {"name": "b"},
            ],
            "initContainers": [{"name": "c", "securityContext": {"privileged": True}}],
        }
    )
    found = {c.label: c for c in containers(workload)}
    assert list(found) == ['container "a"', 'container "b"', 'init container "c"']
    a, b, c = found.values()
    assert a.effective("runAsUser").value == 1000
    assert a.effective("runAsUser").path[-3:] == (0, "securityContext", "runAsUser")
    assert b.effective("runAsUser").value == 0
    assert b.effective("runAsUser").path == (
        "spec",
        "template",
        "spec",
        "securityContext",
        "runAsUser",
    )
    # Settings that exist on the container only are never inherited from the pod.
    assert b.effective("fsGroup").value is MISSING
    assert c.effective("privileged").value is True


def test_windows_pods_are_recognised() -> None:
    workload = deployment({"os": {"name": "Windows"}, "containers": [{"name": "a"}]})
    assert all(is_windows(c.pod) for c in containers(workload))
    assert not any(is_windows(c.pod) for c in containers(deployment({"containers": [{}]})))


def limit_range(namespace: str | None, limits: list[dict[str, Any]]) -> Resource:
    metadata: dict[str, Any] = {"name": "lr"}
    if namespace is not None:
        metadata["namespace"] = namespace
    return k8s("LimitRange", {"metadata": metadata, "spec": {"limits": limits}}, f"lr-{namespace}")


def test_limit_range_defaults_apply_only_in_the_same_namespace() -> None:
    workload = k8s("Pod", {"metadata": {"name": "p", "namespace": "shop"}, "spec": {}})
    unnamed = k8s("Pod", {"metadata": {"name": "q"}, "spec": {}}, "q")
    graph = ResourceGraph(
        [
            workload,
            unnamed,
            limit_range("shop", [{"type": "Container", "default": {"memory": "256Mi"}}]),
            limit_range(None, [{"type": "Pod", "max": {"cpu": "2"}}]),
        ]
    )
    assert limit_range_sets(workload, graph, "memory", ("default", "max"))
    assert not limit_range_sets(workload, graph, "cpu", ("default", "max"))
    assert not limit_range_sets(unnamed, graph, "memory", ("default", "max"))
    assert not limit_range_sets(
        unnamed, graph, "cpu", ("default", "max")
    )  # a Pod-type limit is no container default
