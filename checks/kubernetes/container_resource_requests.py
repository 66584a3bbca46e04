"""Containers without a memory or CPU request: one family, one row a resource.

Kubernetes fills an unwritten request from the container's limit, so a container with
`resources.limits.<resource>` has a request. A pod-level request or limit
(`spec.resources`), or a LimitRange of the same namespace in the scan with a
`defaultRequest`, `default` or `max` for containers, gives one too. Ephemeral containers
cannot carry resources and are skipped.
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

_LIMIT_RANGE_KEYS = ("defaultRequest", "default", "max")


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: str
    resource: str
    what: str
    example: str
    checkov: str
    risk: str


def _request_violations(
    row: RequestRow, workload: Resource, graph: ResourceGraph
) -> Iterator[Violation]:
    spec = pod_spec(workload)
    if spec is None:
        return
    for level in ("requests", "limits"):
        if spec.get("resources", level, row.resource).present:
            return  # a pod-level value covers all containers together
    missing: list[tuple[str, Field]] = []
    for container in containers(workload):
        if container.is_ephemeral:
            continue
        request = container.get("resources", "requests", row.resource)
        limit = container.get("resources", "limits", row.resource)
        if request.unknown or limit.present:
            continue  # unknown, or Kubernetes copies the limit into the request
        if not request.present:
            missing.append((container.label, request))
    if not missing or limit_range_sets(workload, graph, row.resource, _LIMIT_RANGE_KEYS):
        return
    for label, request in missing:
        yield Violation(at=request, message=f"{label} has no {row.what} request")


def _doc(row: RequestRow) -> str:
    return f"""
    ## What it does
    Flags containers and init containers of any workload without
    `resources.requests.{row.resource}`. A container limit (which Kubernetes copies into an
    unwritten request), a pod-level `spec.resources`, or a LimitRange in the same namespace
    with a container `defaultRequest`, `default` or `max` for {row.what} satisfies the check.
    Ephemeral containers are skipped. The finding points at `resources.requests` (or the
    nearest block written).

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
          requests:
            {row.resource}: {row.example}
    ```
    """


def _request_check(row: RequestRow) -> Check:
    def run(workload: Resource, context: CheckContext) -> Iterator[Violation]:
        yield from _request_violations(row, workload, context.graph)

    run.__doc__ = _doc(row)
    return check(
        id=row.id,
        name=f"container-missing-{row.resource}-request",
        title=f"Container has no {row.what} request",
        severity=Severity.LOW,
        category="workload-security",
        targets=WORKLOAD_TARGETS,
        remediation=f"""
            Request the {row.what} the container needs at steady state.

            ```yaml
            resources:
              requests:
                {row.resource}: {row.example}
            ```
        """,
        compliance={"nist-800-53-r5": ["SC-6"]},
        equivalents={"checkov": [row.checkov]},
        references=[
            "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            "https://kubernetes.io/docs/concepts/policy/limit-range/",
        ],
    )(run)


container_missing_memory_request = _request_check(
    RequestRow(
        id="IAC-K8S-POD-022",
        resource="memory",
        what="memory",
        example="256Mi",
        checkov="CKV_K8S_12",
        risk="The scheduler places a pod by its requests. Without a memory request the pod is "
        "scheduled as if it needed none: nodes get overcommitted, and under memory pressure "
        "the kubelet evicts such best-effort pods first, taking the service down.",
    )
)
container_missing_cpu_request = _request_check(
    RequestRow(
        id="IAC-K8S-POD-023",
        resource="cpu",
        what="CPU",
        example="250m",
        checkov="CKV_K8S_10",
        risk="Without a CPU request the container gets only the CPU share left over by its "
        "neighbours: a busy node starves it, and the scheduler packs pods onto nodes that "
        "cannot serve them.",
    )
)
