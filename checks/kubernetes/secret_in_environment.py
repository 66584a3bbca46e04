from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers


@check(
    id="IAC-K8S-SECRET-001",
    name="secret-in-environment-variable",
    title="Secret is passed to a container as an environment variable",
    severity=Severity.LOW,
    category="secrets",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Mount the Secret as a read-only volume and let the application read the file.

        ```yaml
        containers:
          - name: api
            image: acme/api:2.3.1
            volumeMounts:
              - name: db
                mountPath: /var/run/secrets/db
                readOnly: true
        volumes:
          - name: db
            secret:
              secretName: db-credentials
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.4.1"], "nist-800-53-r5": ["SC-28", "IA-5"]},
    equivalents={"checkov": ["CKV_K8S_35"], "kube-linter": ["read-secret-from-env-var"]},
    references=[
        "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod",
        "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    ],
)
def secret_in_environment_variable(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags every `env[].valueFrom.secretKeyRef` (one key of a Secret) and every
    `envFrom[].secretRef` (all keys of a Secret) of a container, init container or ephemeral
    container, each at its own line.

    ## Why is this bad?
    Environment variables leak: crash reports, debug endpoints and logging libraries dump
    them, child processes inherit them, and anyone who can read `/proc/<pid>/environ` or run
    `kubectl describe`-style tooling on the process sees them. A mounted file is read only
    when needed, can be rotated without a restart and is not inherited.

    ## Example
    ```yaml
    env:
      - name: DB_PASSWORD
        valueFrom:
          secretKeyRef:
            name: db-credentials
            key: password
    ```

    ## Use instead
    ```yaml
    volumeMounts:
      - name: db
        mountPath: /var/run/secrets/db
        readOnly: true
    ```
    """
    for container in containers(workload):
        for variable in workload.blocks(*container.item.path, "env"):
            reference = variable.get("valueFrom", "secretKeyRef")
            if isinstance(reference.value, dict):  # written as a mapping, not an unknown
                name = variable.get("name").value
                what = f"variable {name}" if isinstance(name, str) else "a variable"
                message = f"{container.label} reads a Secret into {what}"
                yield Violation(at=reference, message=message)
        for source in workload.blocks(*container.item.path, "envFrom"):
            reference = source.get("secretRef")
            if isinstance(reference.value, dict):
                message = f"{container.label} loads every key of a Secret into its environment"
                yield Violation(at=reference, message=message)
