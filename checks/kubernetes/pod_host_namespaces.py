"""Pods that share a namespace of the node: `hostNetwork`, `hostPID`, `hostIPC`.

One family, one rule: the pod-spec flag must not be true. Each row names the flag and what
sharing it exposes; one function does the work for all three.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import is_true
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, pod_spec


@dataclass(frozen=True, slots=True)
class HostNamespace:
    id: str
    flag: str
    namespace: str
    cis: str
    checkov: str
    kube_linter: str
    risk: str


def _doc(row: HostNamespace) -> str:
    return f"""
    ## What it does
    Flags workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
    ReplicationController, Job, CronJob) whose pod spec sets `{row.flag}: true`, sharing the
    node's {row.namespace} namespace with the pod's containers.

    ## Why is this bad?
    {row.risk}

    ## Example
    ```yaml
    spec:
      {row.flag}: true
      containers:
        - name: app
          image: acme/app:1.0.3
    ```

    ## Use instead
    ```yaml
    spec:
      containers:
        - name: app
          image: acme/app:1.0.3
    ```
    """


def _host_namespace_check(row: HostNamespace) -> Check:
    def run(workload: Resource, context: CheckContext) -> Iterator[Violation]:
        spec = pod_spec(workload)
        if spec is None:
            return
        flag = spec.get(row.flag)
        if is_true(flag.value):
            yield Violation(at=flag, message=f"the pod shares the host's {row.namespace} namespace")

    run.__doc__ = _doc(row)
    return check(
        id=row.id,
        name=f"pod-host-{row.namespace.lower()}",
        title=f"Pod shares the host {row.namespace} namespace",
        severity=Severity.HIGH,
        category="workload-security",
        targets=WORKLOAD_TARGETS,
        remediation=f"""
            Remove `{row.flag}: true` (the default is false) from the pod spec.

            ```yaml
            spec:
              {row.flag}: false
            ```
        """,
        compliance={"cis-kubernetes-1.8.0": [row.cis], "nist-800-53-r5": ["AC-6", "SC-39"]},
        equivalents={"checkov": [row.checkov], "kube-linter": [row.kube_linter]},
        references=[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"
        ],
    )(run)


pod_host_network = _host_namespace_check(
    HostNamespace(
        id="IAC-K8S-POD-003",
        flag="hostNetwork",
        namespace="network",
        cis="5.2.5",
        checkov="CKV_K8S_19",
        kube_linter="host-network",
        risk="The pod sees every network interface of the node: it can sniff traffic of other "
        "pods, reach services bound to the node's loopback address (such as the kubelet's "
        "local ports) and bypass network policies that select pods.",
    )
)
pod_host_pid = _host_namespace_check(
    HostNamespace(
        id="IAC-K8S-POD-004",
        flag="hostPID",
        namespace="PID",
        cis="5.2.3",
        checkov="CKV_K8S_17",
        kube_linter="host-pid",
        risk="The pod sees every process on the node, including those of other pods: it can "
        "read their environment variables and command lines (often holding credentials) "
        "and, with enough privileges, signal or trace them.",
    )
)
pod_host_ipc = _host_namespace_check(
    HostNamespace(
        id="IAC-K8S-POD-005",
        flag="hostIPC",
        namespace="IPC",
        cis="5.2.4",
        checkov="CKV_K8S_18",
        kube_linter="host-ipc",
        risk="The pod shares System V shared memory and message queues with every process on "
        "the node, so it can read or corrupt data that other workloads exchange through "
        "them.",
    )
)
