from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_bool
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers, is_windows


@check(
    id="IAC-K8S-POD-002",
    name="container-privilege-escalation-allowed",
    title="Container allows privilege escalation",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Set `allowPrivilegeEscalation: false` in every container's security context.

        ```yaml
        securityContext:
          allowPrivilegeEscalation: false
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.2.6"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_K8S_20"], "kube-linter": ["privilege-escalation-container"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
)
def container_privilege_escalation_allowed(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers whose `securityContext.allowPrivilegeEscalation` is not explicitly
    `false`. Kubernetes allows escalation when the setting is not written, so an unwritten
    setting is reported too, at the container's `securityContext` (or the container itself when
    it has none). Pods that declare `os.name: windows` are skipped: the setting does not exist
    there.

    ## Why is this bad?
    With escalation allowed (the kernel's `no_new_privs` flag unset), a process in the container
    can gain more privileges than its parent, for example through a setuid binary such as
    `sudo` or `ping`, turning a foothold as an unprivileged user into root inside the
    container.

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
        securityContext:
          allowPrivilegeEscalation: false
    ```
    """
    for container in containers(workload):
        if is_windows(container.pod):
            return
        setting = container.security("allowPrivilegeEscalation")
        if setting.unknown:
            continue
        if not setting.present or setting.value is None:
            message = f"{container.label} does not set allowPrivilegeEscalation: false"
            yield Violation(at=setting, message=message + " (Kubernetes allows it by default)")
        elif as_bool(setting.value) is True:
            yield Violation(at=setting, message=f"{container.label} allows privilege escalation")
