from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_list
from iacscan.model.kubernetes_rbac import granted_verbs, grants_everything

_GROUP = "certificates.k8s.io"


def _only_custom_signers(rule: Any) -> bool:
    """True when the rule names its signers and none is a built-in `kubernetes.io/` signer
    (whose certificates authenticate to the API server or as a kubelet)."""
    names = [n for n in as_list(rule.get("resourceNames")) if isinstance(n, str)]
    return bool(names) and not any(n.startswith("kubernetes.io/") for n in names)


@check(
    id="IAC-K8S-RBAC-020",
    name="rbac-approve-certificate-requests",
    title="ClusterRole can approve certificate signing requests",
    severity=Severity.HIGH,
    category="rbac",
    targets={Framework.KUBERNETES: ["ClusterRole"]},
    remediation="""
        Leave approval to the controllers that need it, limited to their own signer.

        ```yaml
        rules:
          - apiGroups: ["certificates.k8s.io"]
            resources: ["certificatesigningrequests/approval"]
            verbs: ["update"]
          - apiGroups: ["certificates.k8s.io"]
            resources: ["signers"]
            resourceNames: ["example.com/my-signer"]
            verbs: ["approve"]
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "IA-5"]},
    equivalents={"checkov": ["CKV_K8S_156"]},
    references=[
        "https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    ],
)
def rbac_approve_certificate_requests(role: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags ClusterRoles that can approve certificate signing requests: some rule allows
    `update` or `patch` on `certificatesigningrequests/approval` and some rule allows
    `approve` on `signers` (group `certificates.k8s.io`, directly or through `*`). Approval on
    signers limited by `resourceNames` to custom signers (none under `kubernetes.io/`) is not
    reported. The finding points at each rule that grants the approval update. Rules that
    grant everything are left to IAC-K8S-RBAC-002; aggregated ClusterRoles are skipped.

    ## Why is this bad?
    A subject that can both create and approve a CSR for the
    `kubernetes.io/kube-apiserver-client` signer issues itself a client certificate for any
    user or group, `system:masters` included: permanent cluster-admin that no RBAC change
    revokes.

    ## Example
    ```yaml
    rules:
      - apiGroups: ["certificates.k8s.io"]
        resources: ["certificatesigningrequests/approval"]
        verbs: ["update"]
      - apiGroups: ["certificates.k8s.io"]
        resources: ["signers"]
        verbs: ["approve"]
    ```

    ## Use instead
    ```yaml
    rules:
      - apiGroups: ["certificates.k8s.io"]
        resources: ["certificatesigningrequests"]
        verbs: ["get", "list"]
    ```
    """
    if role.field("aggregationRule").present:
        return
    rules = [r for r in role.blocks("rules") if not grants_everything(r.value)]
    approval = [(_GROUP, "certificatesigningrequests/approval")]
    approvals = [r for r in rules if granted_verbs(r.value, approval, ["update", "patch"])]
    signers = [
        r
        for r in rules
        if granted_verbs(r.value, [(_GROUP, "signers")], ["approve"])
        and not _only_custom_signers(r.value)
    ]
    if not signers:
        return
    for rule in approvals:
        yield Violation(at=rule, message="the ClusterRole can approve certificate signing requests")
