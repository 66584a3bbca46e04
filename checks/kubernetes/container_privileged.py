from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import is_true
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers


@check(
    id="IAC-K8S-POD-001",
    name="container-privileged",
    title="Container runs in privileged mode",
    severity=Severity.HIGH,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Remove `privileged: true`; grant only the specific capability the workload needs.

        ```yaml
        securityContext:
          privileged: false
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
            add: ["NET_BIND_SERVICE"]
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.2.2"], "nist-800-53-r5": ["AC-6", "CM-7"]},
    equivalents={"checkov": ["CKV_K8S_16"], "kube-linter": ["privileged-container"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
)
def container_privileged(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers, init containers and ephemeral containers of any workload (Pod,
    Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) whose
    `securityContext.privileged` is true.

    ## Why is this bad?
    A privileged container gets every Linux capability and all host devices, and runs without
    the seccomp and AppArmor confinement of a normal container: anyone who controls its
    process controls the node, and through it every other pod scheduled there.

    ## Example
    ```yaml
    containers:
      - name: agent
        image: acme/agent:1.4.2
        securityContext:
          privileged: true
    ```

    ## Use instead
    ```yaml
    containers:
      - name: agent
        image: acme/agent:1.4.2
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
    ```
    """
    for container in containers(workload):
        privileged = container.security("privileged")
        if is_true(privileged.value):
            yield Violation(at=privileged, message=f"{container.label} runs privileged")
