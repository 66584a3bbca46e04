from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_list


def is_bootstrap_subject(subject: Any) -> bool:
    """The subject of Kubernetes' own `cluster-admin` binding: the `system:masters` group,
    whose members are cluster administrators by definition."""
    return (
        isinstance(subject, dict)
        and subject.get("kind") == "Group"
        and subject.get("name") == "system:masters"
    )


@check(
    id="IAC-K8S-RBAC-001",
    name="cluster-admin-binding",
    title="Binding grants the cluster-admin role",
    severity=Severity.HIGH,
    category="rbac",
    targets={Framework.KUBERNETES: ["ClusterRoleBinding", "RoleBinding"]},
    remediation="""
        Bind a role that grants only the resources and verbs the subject needs.

        ```yaml
        kind: RoleBinding
        metadata:
          name: deployer
          namespace: shop
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: deployer
        subjects:
          - kind: ServiceAccount
            name: deployer
            namespace: shop
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.1"], "nist-800-53-r5": ["AC-6", "AC-6(5)"]},
    equivalents={"kube-linter": ["cluster-admin-role-binding"]},
    references=[
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    ],
)
def cluster_admin_binding(binding: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags ClusterRoleBindings and RoleBindings whose `roleRef` names the `cluster-admin`
    ClusterRole. A RoleBinding to it is reported too: it grants full control of every resource
    in its namespace, Secrets and RoleBindings included. The bootstrap binding Kubernetes
    creates itself (every subject the `system:masters` group) is not reported. The finding
    points at `roleRef.name`.

    ## Why is this bad?
    `cluster-admin` allows every verb on every resource. A service account bound to it lets
    anyone who compromises one of its pods read every Secret and take over the whole cluster;
    a user or group bound to it bypasses every other access control.

    ## Example
    ```yaml
    kind: ClusterRoleBinding
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: cluster-admin
    subjects:
      - kind: ServiceAccount
        name: ci
        namespace: tools
    ```

    ## Use instead
    ```yaml
    kind: RoleBinding
    metadata:
      namespace: shop
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: deployer
    subjects:
      - kind: ServiceAccount
        name: ci
        namespace: tools
    ```
    """
    name = binding.field("roleRef", "name")
    if binding.get("roleRef", "kind") != "ClusterRole" or name.value != "cluster-admin":
        return
    subjects = as_list(binding.get("subjects"))
    if subjects and all(is_bootstrap_subject(s) for s in subjects):
        return
    scope = "the whole cluster" if binding.type == "ClusterRoleBinding" else "its namespace"
    yield Violation(at=name, message=f"binds the cluster-admin role: full control of {scope}")
