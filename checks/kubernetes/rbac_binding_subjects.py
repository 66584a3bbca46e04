"""Bindings whose subjects should never hold permissions: anonymous and unauthenticated
requests, and the namespace's `default` service account (shared by every pod that names
none). Each offending subject is reported at its own line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool

BINDINGS: Final = {Framework.KUBERNETES: ["ClusterRoleBinding", "RoleBinding"]}
ANONYMOUS: Final = {("User", "system:anonymous"), ("Group", "system:unauthenticated")}
# Kubernetes itself binds unauthenticated requests to this read-only role (version, health).
PUBLIC_ROLES: Final = frozenset({"system:public-info-viewer"})


@check(
    id="IAC-K8S-RBAC-016",
    name="rbac-binding-to-anonymous",
    title="Binding grants a role to anonymous or unauthenticated users",
    severity=Severity.HIGH,
    category="rbac",
    targets=BINDINGS,
    remediation="""
        Bind the role to authenticated identities only (a ServiceAccount, a user or a group
        from your identity provider).

        ```yaml
        subjects:
          - kind: Group
            name: platform-team
            apiGroup: rbac.authorization.k8s.io
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-14"]},
    references=[
        "https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    ],
)
def rbac_binding_to_anonymous(binding: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags ClusterRoleBinding and RoleBinding subjects that are the `system:anonymous` user or
    the `system:unauthenticated` group, at the subject's line. The binding Kubernetes creates
    itself (to the `system:public-info-viewer` ClusterRole) is not reported.

    ## Why is this bad?
    Anyone who can reach the API server, without any credential, gets the role's permissions.
    Clusters have been taken over through exactly such bindings, written to make a dashboard or
    a health check "just work".

    ## Example
    ```yaml
    kind: ClusterRoleBinding
    roleRef:
      kind: ClusterRole
      name: view
    subjects:
      - kind: Group
        name: system:unauthenticated
    ```

    ## Use instead
    ```yaml
    kind: ClusterRoleBinding
    roleRef:
      kind: ClusterRole
      name: view
    subjects:
      - kind: Group
        name: platform-team
    ```
    """
    role = binding.get("roleRef", "name")
    if isinstance(role, str) and role in PUBLIC_ROLES:
        return
    for subject in binding.blocks("subjects"):
        value = subject.value
        if not isinstance(value, dict):
            continue
        kind, name = value.get("kind"), value.get("name")
        if isinstance(kind, str) and isinstance(name, str) and (kind, name) in ANONYMOUS:
            yield Violation(at=subject, message=f"{binding.type} grants its role to {name}")


@check(
    id="IAC-K8S-RBAC-017",
    name="rbac-binding-to-default-service-account",
    title="Binding grants a role to a default service account",
    severity=Severity.MEDIUM,
    category="rbac",
    targets=BINDINGS,
    remediation="""
        Create a ServiceAccount for the workload that needs the role, bind the role to it and
        set `serviceAccountName` in that workload's pod spec.

        ```yaml
        subjects:
          - kind: ServiceAccount
            name: api
            namespace: shop
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.5"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_K8S_42"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"
    ],
)
def rbac_binding_to_default_service_account(
    binding: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ClusterRoleBinding and RoleBinding subjects of kind `ServiceAccount` named
    `default`, at the subject's line.

    ## Why is this bad?
    Every pod of the namespace that names no service account runs as `default`. A role bound
    to it is granted to all of them, including pods added later by anyone who may deploy to
    the namespace, instead of the one workload it was meant for.

    ## Example
    ```yaml
    subjects:
      - kind: ServiceAccount
        name: default
        namespace: shop
    ```

    ## Use instead
    ```yaml
    subjects:
      - kind: ServiceAccount
        name: api
        namespace: shop
    ```
    """
    for subject in binding.blocks("subjects"):
        value = subject.value
        if not isinstance(value, dict) or value.get("kind") != "ServiceAccount":
            continue
        if value.get("name") == "default":
            namespace = value.get("namespace")
            where = f" of namespace {namespace}" if isinstance(namespace, str) else ""
            message = f"{binding.type} grants its role to the default service account{where}"
            yield Violation(at=subject, message=message)


@check(
    id="IAC-K8S-RBAC-018",
    name="default-service-account-token-automount",
    title="Default service account mounts its token into pods",
    severity=Severity.LOW,
    category="rbac",
    targets={Framework.KUBERNETES: ["ServiceAccount"]},
    remediation="""
        Turn token mounting off on the namespace's default service account.

        ```yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: default
          namespace: shop
        automountServiceAccountToken: false
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.5"], "nist-800-53-r5": ["AC-6", "IA-5"]},
    equivalents={"checkov": ["CKV_K8S_41"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"
    ],
)
def default_service_account_token_automount(
    account: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags a ServiceAccount named `default` (declared in the scanned manifests) whose
    `automountServiceAccountToken` is not `false`: at the setting when it is written, else at
    the ServiceAccount. Unknown values stay silent.

    ## Why is this bad?
    Pods that name no service account run as `default` and, unless it opts out, get its API
    token mounted. Turning the mount off on `default` removes the token from every such pod at
    once; workloads that need the API should use their own account.

    ## Example
    ```yaml
    kind: ServiceAccount
    metadata:
      name: default
      namespace: shop
    ```

    ## Use instead
    ```yaml
    kind: ServiceAccount
    metadata:
      name: default
      namespace: shop
    automountServiceAccountToken: false
    ```
    """
    if account.get("metadata", "name") != "default":
        return
    setting = account.field("automountServiceAccountToken")
    if not setting.present or as_bool(setting.value) is True:
        yield Violation(at=setting, message="the default service account mounts its token")
