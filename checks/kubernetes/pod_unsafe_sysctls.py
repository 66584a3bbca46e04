from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, pod_spec

# The sysctls the Pod Security Standards' Baseline profile allows (Kubernetes 1.29+): namespaced
# to the pod and unable to affect other pods or the node.
SAFE_SYSCTLS: Final = frozenset(
    {
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    }
)


def sysctl_name(text: str) -> str:
    """`net/ipv4/tcp_syncookies` is another spelling of `net.ipv4.tcp_syncookies`."""
    return text.strip().replace("/", ".")


@check(
    id="IAC-K8S-POD-037",
    name="pod-unsafe-sysctls",
    title="Pod sets an unsafe sysctl",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Remove the sysctl, or set it on the node (or through a node-level tuning operator)
        where its effect on every pod is a deliberate choice.

        ```yaml
        spec:
          securityContext:
            sysctls:
              - name: net.ipv4.ip_local_port_range
                value: "1024 65535"
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-7", "SC-39"]},
    equivalents={"kube-linter": ["unsafe-sysctls"]},
    references=[
        "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    ],
)
def pod_unsafe_sysctls(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags every `securityContext.sysctls[].name` of a pod that is not in the Baseline profile's
    safe set (`kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
    `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`,
    `net.ipv4.ping_group_range`, `net.ipv4.ip_local_reserved_ports` and the
    `net.ipv4.tcp_keepalive_*` / `tcp_fin_timeout` settings), at the name's line. Slashes as
    separators are read as dots; unknown names stay silent.

    ## Why is this bad?
    Unsafe sysctls are not fully namespaced or not bounded: `kernel.msg*`, `kernel.sem` or
    `vm.*` settings change the behaviour or resources of the whole node, and a pod that may
    set them can starve or destabilise every other pod scheduled there. The kubelet refuses
    them unless an administrator allowed them, so a manifest that needs one is also a
    deployment risk.

    ## Example
    ```yaml
    securityContext:
      sysctls:
        - name: kernel.msgmax
          value: "65536"
    ```

    ## Use instead
    ```yaml
    securityContext:
      sysctls:
        - name: net.ipv4.tcp_keepalive_time
          value: "600"
    ```
    """
    spec = pod_spec(workload)
    if spec is None:
        return
    for item in workload.blocks(*spec.path, "securityContext", "sysctls"):
        name = item.get("name")
        if isinstance(name.value, str) and sysctl_name(name.value) not in SAFE_SYSCTLS:
            yield Violation(at=name, message=f"the pod sets unsafe sysctl {name.value}")
