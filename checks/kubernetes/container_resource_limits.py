"""Containers without a memory or CPU limit: one family, one row a resource.

A container is bounded when it writes `resources.limits.<resource>`, when the pod writes a
pod-level limit (`spec.resources.limits`), or when a LimitRange of the same namespace in the scan
gives containers a default limit. Ephemeral containers cannot carry resources and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Resource
from iacscan.model.kubernetes_workloads import (
    WORKLOAD_TARGETS,
    containers,
    limit_range_sets,
    pod_spec,
)


@dataclass(frozen=True, slots=True)
class LimitRow:
    id: str
    resource: str
    what: str
    example: str
    checkov: str
    kube_linter: str
    risk: str


def _limit_violations(
    row: LimitRow, workload: Resource, graph: ResourceGraph
) -> Iterator[Violation]:
    spec = pod_spec(workload)
    if spec is None or spec.get("resources", "limits", row.resource).present:
        return  # a pod-level limit bounds all containers together
    unbounded: list[tuple[str, Field]] = []
    for container in containers(workload):
        limit = container.get("resources", "limits", row.resource)
        if container.is_ephemeral or limit.unknown:
            continue
        if not limit.present or limit.value is None:
            unbounded.append((container.label, limit))
    if not unbounded or limit_range_sets(workload, graph, row.resource, ("default", "max")):
        return
    for label, limit in unbounded:
        yield Violation(at=limit, message=f"{label} has no {row.what} limit")


def _doc(row: LimitRow) -> str:
    return f"""
    ## What it does
    Flags containers and init containers of any workload without
    `resources.limits.{row.resource}`. A pod-level limit (`spec.resources.limits`) or a
    LimitRange in the same namespace that gives containers a default (or maximum) {row.what}
    limit satisfies the check. Ephemeral containers cannot carry resources and are skipped.
    The finding points at the container's `resources.limits` (or the nearest block written).

    ## Why is this bad?
    {row.risk}

    ## Example
    ```yaml
    containers:
      - name: api
        image: acme/api:2.3.1
    ```

    ## Use instead
    ```yaml
    containers:
      - name: api
        image: acme/api:2.3.1
        resources:
          limits:
            {row.resource}: {row.example}
    ```
    """


def _limit_check(row: LimitRow) -> Check:
    def run(workload: Resource, context: CheckContext) -> Iterator[Violation]:
        yield from _limit_violations(row, workload, context.graph)

    run.__doc__ = _doc(row)
    return check(
        id=row.id,
        name=f"container-missing-{row.resource}-limit",
        title=f"Container has no {row.what} limit",
        severity=Severity.LOW,
        category="workload-security",
        targets=WORKLOAD_TARGETS,
        remediation=f"""
            Give every container a {row.what} limit sized to its needs.

            ```yaml
            resources:
              limits:
                {row.resource}: {row.example}
            ```
        """,
        compliance={"nist-800-53-r5": ["SC-6"]},
        equivalents={"checkov": [row.checkov], "kube-linter": [row.kube_linter]},
        references=[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/policy/limit-range/",
        ],
    )(run)


container_missing_memory_limit = _limit_check(
    LimitRow(
        id="IAC-K8S-POD-007",
        resource="memory",
        what="memory",
        example="512Mi",
        checkov="CKV_K8S_13",
        kube_linter="unset-memory-requirements",
        risk="A container without a memory limit can take all the memory of its node: a leak "
        "or a crafted request then gets other pods on the node killed or evicted, a denial "
        "of service beyond the faulty workload.",
    )
)
container_missing_cpu_limit = _limit_check(
    LimitRow(
        id="IAC-K8S-POD-008",
        resource="cpu",
        what="CPU",
        example="500m",
        checkov="CKV_K8S_11",
        kube_linter="unset-cpu-requirements",
        risk="A container without a CPU limit can use every core of its node beyond its "
        "request: a busy loop or a crypto-miner planted in it starves the other pods "
        "scheduled there.",
    )
)
