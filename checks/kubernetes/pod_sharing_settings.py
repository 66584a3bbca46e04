"""Pod settings that share something with the node or between containers and must stay off:
host ports and a shared process namespace. One row each (see `WorkloadRule`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Disabled, Doc
from iacscan.model.kubernetes_workloads import Unset, WorkloadRule, workload_setting_check

container_host_port = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-030",
        name="container-host-port",
        title="Container binds a port on the node",
        severity=Severity.MEDIUM,
        what="hostPort",
        setting=("ports", EACH, "hostPort"),
        expect=Unset(),
        doc=Doc(
            what_it_does="""
Flags every `ports[].hostPort` of a container (other than 0, which means none), at its line.
Pods with `hostNetwork: true` bind node ports anyway and are reported by IAC-K8S-POD-003.""",
            why_is_this_bad="""
A host port publishes the container on the node's own address, outside Services and outside
network policies that most CNI plugins apply to pod traffic: it exposes the container to
anything that reaches the node, and pins the pod to nodes where the port is free. The Pod
Security Standards' Baseline profile forbids host ports unless listed.""",
            example="""
```yaml
ports:
  - containerPort: 8080
    hostPort: 8080
```""",
            use_instead="""
```yaml
ports:
  - containerPort: 8080
# expose it through a Service instead
```""",
        ),
        remediation="""
Remove `hostPort` and expose the container through a Service.

```yaml
ports:
  - containerPort: 8080
    protocol: TCP
```""",
        compliance={"nist-800-53-r5": ["CM-7", "SC-7"]},
        equivalents={"checkov": ["CKV_K8S_26"]},
        references=[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
            "https://kubernetes.io/docs/concepts/configuration/overview/#services",
        ],
    )
)

pod_shares_process_namespace = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-034",
        name="pod-shared-process-namespace",
        title="Pod shares one process namespace between its containers",
        severity=Severity.LOW,
        what="shareProcessNamespace",
        setting=("shareProcessNamespace",),
        expect=Disabled(default=False),
        level="pod",
        doc=Doc(
            what_it_does="""
Flags workloads whose pod spec sets `shareProcessNamespace: true` (the default is false).""",
            why_is_this_bad="""
With a shared process namespace every container of the pod sees the others' processes: it
can read their environment (often holding credentials) and files through `/proc/<pid>/root`,
and signal them. A compromised sidecar then reaches the main application's secrets.""",
            example="""
```yaml
spec:
  shareProcessNamespace: true
  containers:
    - name: app
      image: acme/app:1.0.3
```""",
            use_instead="""
```yaml
spec:
  containers:
    - name: app
      image: acme/app:1.0.3
```""",
        ),
        remediation="""
Remove `shareProcessNamespace: true`; debug with an ephemeral container that targets one
container (`kubectl debug --target`) instead.

```yaml
spec:
  shareProcessNamespace: false
```""",
        compliance={"nist-800-53-r5": ["AC-6", "SC-39"]},
        references=[
            "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/"
        ],
    )
)
