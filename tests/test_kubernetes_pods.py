from __future__ import annotations

from pathlib import Path

import pytest

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.kubernetes import KubernetesAdapter
from iacscan.frameworks.kubernetes.pods import (
    containers,
    pod_labels,
    pod_spec,
    pod_spec_path,
)
from iacscan.graph.model import MISSING, Framework, Resource, Span

DATA = Path(__file__).parent / "data" / "kubernetes"


def resources(name: str) -> dict[str, Resource]:
    path = DATA / name
    unit = ScanUnit(Framework.KUBERNETES, ".", (SourceFile(path, name, path.read_text()),), DATA)
    return {r.type: r for r in KubernetesAdapter().parse(unit, ParseOptions()).resources}


WORKLOADS = resources("workloads.yaml")


@pytest.mark.parametrize(
    ("kind", "path", "found"),
    [
        (
            "Pod",
            ("spec",),
            [
                (("spec", "containers", 0), "main", Span(10, 11, 7)),
                (("spec", "ephemeralContainers", 0), "debugger", Span(13, 14, 7)),
            ],
        ),
        (
            "StatefulSet",
            ("spec", "template", "spec"),
            [
                (("spec", "template", "spec", "containers", 0), "db", Span(32, 33, 11)),
                (("spec", "template", "spec", "initContainers", 0), "migrate", Span(29, 30, 11)),
            ],
        ),
        (
            "DaemonSet",
            ("spec", "template", "spec"),
            [
                (("spec", "template", "spec", "containers", 0), "agent", Span(48, 49, 11)),
            ],
        ),
        (
            "ReplicaSet",
            ("spec", "template", "spec"),
            [
                (("spec", "template", "spec", "containers", 0), "rs", Span(62, 63, 11)),
            ],
        ),
        (
            "ReplicationController",
            ("spec", "template", "spec"),
            [
                (("spec", "template", "spec", "containers", 0), "rc", Span(74, 75, 11)),
            ],
        ),
        # The string item is not a container and is left out.
        (
            "Job",
            ("spec", "template", "spec"),
            [
                (("spec", "template", "spec", "containers", 0), "job", Span(89, 90, 11)),
            ],
        ),
        (
            "CronJob",
            ("spec", "jobTemplate", "spec", "template", "spec"),
            [
                (
                    ("spec", "jobTemplate", "spec", "template", "spec", "containers", 0),
                    "cron",
                    Span(105, 106, 15),
                ),
            ],
        ),
    ],
)
def test_containers_of_each_workload_kind(
    kind: str, path: tuple[str, ...], found: list[tuple[tuple[object, ...], str, Span]]
) -> None:
    workload = WORKLOADS[kind]
    assert pod_spec_path(workload) == path
    assert [(c.path, c.value["name"], c.span) for c in containers(workload)] == found


def test_deployment_containers_give_fields_checks_can_walk() -> None:
    deployment = resources("deployment.yaml")["Deployment"]
    assert pod_spec_path(deployment) == ("spec", "template", "spec")
    web, log, init = containers(deployment)
    privileged = web.get("securityContext", "privileged")
    assert (privileged.value, privileged.span) == (True, Span(19, 19, 13))
    assert log.get("securityContext", "privileged").value is MISSING
    assert log.get("securityContext", "privileged").span == Span(22, 24, 11)
    assert (init.path[-2:], init.get("image").value) == (("initContainers", 0), "alpine:3.19")


def test_pod_helpers_for_kinds_without_pods() -> None:
    service = resources("app.yaml")["Service"]
    assert pod_spec_path(service) is None
    assert pod_spec(service) is None
    assert pod_labels(service) is None
    assert list(containers(service)) == []


def test_pod_spec_and_labels() -> None:
    pod_field = pod_spec(WORKLOADS["CronJob"])
    assert pod_field is not None
    assert pod_field.span == Span(102, 106, 9)
    labels = pod_labels(WORKLOADS["DaemonSet"])
    assert labels is not None
    assert (labels.value, labels.span) == ({"app": "web", "tier": "agent"}, Span(43, 45, 7))
    assert pod_labels(WORKLOADS["Pod"]).value == {"app": "web"}  # type: ignore[union-attr]
    no_labels = pod_labels(WORKLOADS["ReplicationController"])
    assert no_labels is not None and no_labels.value is MISSING
