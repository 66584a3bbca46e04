from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.kubernetes_workloads import (
    WORKLOAD_TARGETS,
    capability_name,
    containers,
    is_windows,
)

# The capabilities the Pod Security Standards' Baseline profile lets a container add: the
# container runtime's defaults minus NET_RAW. Anything else widens the kernel attack surface.
BASELINE_CAPABILITIES: Final = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)


@check(
    id="IAC-K8S-POD-009",
    name="container-added-dangerous-capabilities",
    title="Container adds dangerous Linux capabilities",
    severity=Severity.HIGH,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Drop all capabilities and add back only those the Baseline profile allows that the
        process needs (most need none, a few `NET_BIND_SERVICE`).

        ```yaml
        securityContext:
          capabilities:
            drop: ["ALL"]
            add: ["NET_BIND_SERVICE"]
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.2.9"], "nist-800-53-r5": ["AC-6", "CM-7"]},
    equivalents={"checkov": ["CKV_K8S_25", "CKV_K8S_39"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    ],
)
def container_added_dangerous_capabilities(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags every capability in a container's `securityContext.capabilities.add` that the Pod
    Security Standards' Baseline profile does not allow: `ALL`, `SYS_ADMIN`, `NET_ADMIN`,
    `SYS_PTRACE`, `SYS_MODULE`, `NET_RAW`, `BPF` and the rest beyond the runtime's defaults
    (`CAP_` prefixes and case do not matter). Each capability is reported at its own line.
    Pods that declare `os.name: windows` are skipped.

    ## Why is this bad?
    Capabilities split root's power; the dangerous ones give most of it back. `SYS_ADMIN`
    mounts filesystems and escapes most confinement, `SYS_PTRACE` reads other processes'
    memory, `SYS_MODULE` loads kernel code, `NET_ADMIN` and `NET_RAW` rewrite or spoof the
    pod network.

    ## Example
    ```yaml
    securityContext:
      capabilities:
        add: ["SYS_ADMIN"]
    ```

    ## Use instead
    ```yaml
    securityContext:
      capabilities:
        drop: ["ALL"]
        add: ["NET_BIND_SERVICE"]
    ```
    """
    for container in containers(workload):
        if is_windows(container.pod):
            return
        added = container.security("capabilities")
        for item in workload.blocks(*added.path, "add"):
            if not isinstance(item.value, str):
                continue
            name = capability_name(item.value)
            if name not in BASELINE_CAPABILITIES:
                yield Violation(at=item, message=f"{container.label} adds capability {name}")
