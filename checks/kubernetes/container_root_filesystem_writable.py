from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_bool
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers, is_windows


@check(
    id="IAC-K8S-POD-010",
    name="container-root-filesystem-writable",
    title="Container root filesystem is writable",
    severity=Severity.LOW,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Make the root filesystem read-only and mount writable `emptyDir` volumes only where the
        process must write.

        ```yaml
        containers:
          - name: api
            image: acme/api:2.3.1
            securityContext:
              readOnlyRootFilesystem: true
            volumeMounts:
              - name: tmp
                mountPath: /tmp
        volumes:
          - name: tmp
            emptyDir: {}
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-7", "SI-7"]},
    equivalents={"checkov": ["CKV_K8S_22"], "kube-linter": ["no-read-only-root-fs"]},
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
)
def container_root_filesystem_writable(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers and init containers whose `securityContext.readOnlyRootFilesystem` is not
    true. The default is a writable root filesystem, so an unwritten setting is reported at the
    container's `securityContext` (or the container itself). Ephemeral debugging containers and
    pods that declare `os.name: windows` are skipped.

    ## Why is this bad?
    A writable root filesystem lets an attacker who gets code execution drop tools, replace
    binaries or libraries the application loads later, and persist across process restarts
    inside the container.

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
          readOnlyRootFilesystem: true
    ```
    """
    for container in containers(workload):
        if is_windows(container.pod):
            return
        if container.is_ephemeral:
            continue
        setting = container.security("readOnlyRootFilesystem")
        if setting.unknown:
            continue
        if not setting.present or setting.value is None:
            message = f"{container.label} does not set readOnlyRootFilesystem: true"
            yield Violation(at=setting, message=message + " (writable by default)")
        elif as_bool(setting.value) is False:
            yield Violation(at=setting, message=f"{container.label} has a writable root filesystem")
