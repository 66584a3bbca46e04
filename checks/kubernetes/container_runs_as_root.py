from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_bool, as_int
from iacscan.model.kubernetes_workloads import (
    WORKLOAD_TARGETS,
    Container,
    containers,
    is_windows,
)


@check(
    id="IAC-K8S-POD-006",
    name="container-runs-as-root",
    title="Container may run as root",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Require a non-root user in the pod (or container) security context, and give the image a
        non-root `USER`.

        ```yaml
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.2.7"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_K8S_23"], "kube-linter": ["run-as-non-root"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
)
def container_runs_as_root(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers that Kubernetes would let run as root (UID 0). The container's
    `securityContext` wins over the pod's for `runAsUser` and `runAsNonRoot`, as Kubernetes
    applies them. A container passes when the effective `runAsUser` is above 0 or the effective
    `runAsNonRoot` is true (then the kubelet refuses to start a root process, even with
    `runAsUser: 0`). An explicit `runAsUser: 0` or `runAsNonRoot: false` is reported at its
    line.

    When neither is set, the image's `USER` decides, and the manifest cannot show it; images
    without a `USER` run as root, which is the common case. Such containers are reported at
    their security context (or the container itself): nothing in the manifest keeps them from
    running as root. Pods that declare `os.name: windows` are skipped: Windows sets the user
    with `windowsOptions.runAsUserName`. Unknown values stay silent.

    ## Why is this bad?
    Root in a container is root on the node as far as the kernel is concerned: a container
    escape, a writable host mount or a kernel bug then hands the attacker the node.

    ## Example
    ```yaml
    containers:
      - name: web
        image: acme/web:3.1.0
        securityContext:
          runAsUser: 0
    ```

    ## Use instead
    ```yaml
    containers:
      - name: web
        image: acme/web:3.1.0
        securityContext:
          runAsNonRoot: true
          runAsUser: 10001
    ```
    """
    for container in containers(workload):
        if is_windows(container.pod):
            return
        yield from _root_user(container)


def _root_user(container: Container) -> Iterator[Violation]:
    user = container.effective("runAsUser")
    non_root = container.effective("runAsNonRoot")
    if user.unknown or non_root.unknown:
        return
    if as_bool(non_root.value) is True:
        return  # the kubelet refuses to start the container as root
    uid = as_int(user.value)
    if uid is not None and uid > 0:
        return
    if uid == 0:
        yield Violation(at=user, message=f"{container.label} runs as root (runAsUser: 0)")
    elif user.present and user.value is not None:
        return  # written but unreadable: not ours to judge
    elif as_bool(non_root.value) is False:
        message = f"{container.label} sets runAsNonRoot: false and no non-root runAsUser"
        yield Violation(at=non_root, message=message)
    else:
        message = (
            f"{container.label} sets neither runAsNonRoot: true nor a non-root runAsUser; "
            "it runs as the image's user, root unless the image says otherwise"
        )
        yield Violation(at=container.security("runAsNonRoot"), message=message)
