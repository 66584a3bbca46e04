"""Roles that grant one of the well-known paths to more privilege: reading Secrets, creating
pods, exec into pods, the `escalate`, `bind` and `impersonate` verbs, admission webhooks,
the kubelet API, service account tokens and PersistentVolumes. One row each; one
function matches a row's (API group, resource) targets and verbs against every rule the way
the API server does (`*` matches anything).

Rules that grant everything (`*` resources with `*` verbs or groups) are left to
IAC-K8S-RBAC-002, and ClusterRoles with an `aggregationRule` are skipped (the controller
writes their rules), so a role is not reported several times for one wildcard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.check_table import Doc
from iacscan.graph.model import Framework, Resource
from iacscan.model.kubernetes_rbac import (
    RBAC_GROUP,
    granted_verbs,
    grants_everything,
    has_resource_names,
)

_RBAC_DOCS = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"


@dataclass(frozen=True, slots=True)
class PermissionRow:
    id: str
    name: str
    title: str
    severity: Severity
    targets: tuple[tuple[str, str], ...]
    verbs: tuple[str, ...]
    risk: str
    example: str
    use_instead: str
    named_ok: bool = False  # a rule limited by resourceNames is acceptable
    cluster_only: bool = False  # cluster-scoped targets: a namespaced Role cannot grant them
    cis: str = ""
    checkov: str = ""
    kube_linter: str = ""
    reference: str = _RBAC_DOCS


def _violations(row: PermissionRow, role: Resource) -> Iterator[Violation]:
    if role.field("aggregationRule").present:
        return
    for rule in role.blocks("rules"):
        if grants_everything(rule.value) or (row.named_ok and has_resource_names(rule.value)):
            continue
        pairs = granted_verbs(rule.value, row.targets, row.verbs)
        if pairs:
            by_resource: dict[str, list[str]] = {}
            for verb, resource in pairs:
                by_resource.setdefault(resource, []).append(verb)
            grants = "; ".join(f"{', '.join(v)} on {r}" for r, v in by_resource.items())
            yield Violation(at=rule, message=f"{role.type} rule allows {grants}")


def _targets_text(row: PermissionRow) -> str:
    return ", ".join(f"`{resource}` (group `{group or 'core'}`)" for group, resource in row.targets)


def _kinds(row: PermissionRow) -> list[str]:
    return ["ClusterRole"] if row.cluster_only else ["Role", "ClusterRole"]


def _kinds_text(row: PermissionRow) -> str:
    if row.cluster_only:
        return "ClusterRole (the resources are cluster-scoped: a Role cannot grant them)"
    return "Role and ClusterRole"


def _doc(row: PermissionRow) -> str:
    verbs = ", ".join(f"`{verb}`" for verb in row.verbs)
    named = (
        " Rules limited to named objects with `resourceNames` are not reported."
        if row.named_ok
        else ""
    )
    return Doc(
        what_it_does=f"""
Flags {_kinds_text(row)} rules that allow {verbs} on {_targets_text(row)}, directly or
through `*` in `apiGroups`, `resources` or `verbs`. Each rule is reported at its own
line.{named} Rules that grant everything are left to IAC-K8S-RBAC-002; ClusterRoles with an
`aggregationRule` are skipped.""",
        why_is_this_bad=row.risk,
        example=f"```yaml\n{row.example}\n```",
        use_instead=f"```yaml\n{row.use_instead}\n```",
    ).render()


def permission_check(row: PermissionRow) -> Check:
    def run(role: Resource, context: CheckContext) -> Iterator[Violation]:
        yield from _violations(row, role)

    run.__doc__ = _doc(row)
    compliance = {"nist-800-53-r5": ["AC-6"]}
    if row.cis:
        compliance["cis-kubernetes-1.8.0"] = [row.cis]
    equivalents = {}
    if row.checkov:
        equivalents["checkov"] = [row.checkov]
    if row.kube_linter:
        equivalents["kube-linter"] = [row.kube_linter]
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=row.severity,
        category="rbac",
        targets={Framework.KUBERNETES: _kinds(row)},
        remediation="Remove the permission from the role, or grant it in a separate, narrowly "
        f"bound role to the one subject that needs it.\n\n```yaml\n{row.use_instead}\n```",
        compliance=compliance,
        equivalents=equivalents,
        references=["https://kubernetes.io/docs/reference/access-authn-authz/rbac/", row.reference],
    )(run)


rbac_read_secrets = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-010",
        name="rbac-read-secrets",
        title="Role can read Secrets",
        severity=Severity.MEDIUM,
        targets=(("", "secrets"),),
        verbs=("get", "list", "watch"),
        named_ok=True,
        cis="5.1.2",
        kube_linter="access-to-secrets",
        risk="Secrets hold passwords, API keys and every service account token of the "
        "namespace. A subject that can list or watch them reads all of them at once, and "
        "can then act as any service account whose token it found.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n'
        '    verbs: ["get", "list", "watch"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n'
        '    resourceNames: ["api-tls"]\n    verbs: ["get"]',
    )
)

rbac_create_pods = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-011",
        name="rbac-create-pods",
        title="Role can create pods",
        severity=Severity.MEDIUM,
        targets=(("", "pods"),),
        verbs=("create",),
        cis="5.1.4",
        kube_linter="access-to-create-pods",
        risk="Creating a pod is running any code as any service account of the namespace and "
        "mounting any of its Secrets; unless admission control forbids it, also as a "
        "privileged pod on the node. It is privilege escalation in one step.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n'
        '    verbs: ["create", "delete"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n'
        '    verbs: ["get", "list", "delete"]',
    )
)

rbac_exec_into_pods = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-012",
        name="rbac-exec-into-pods",
        title="Role can exec into or attach to pods",
        severity=Severity.MEDIUM,
        targets=(("", "pods/exec"), ("", "pods/attach")),
        verbs=("create", "get"),
        risk="`pods/exec` and `pods/attach` run commands inside running containers (`get` "
        "sufficed over WebSockets before Kubernetes 1.31): the subject gets the container's "
        "files, environment, mounted Secrets and service account token.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/exec"]\n'
        '    verbs: ["get", "create"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n'
        '    verbs: ["get"]',
    )
)

rbac_escalate_verb = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-013",
        name="rbac-escalate-verb",
        title="Role can escalate roles",
        severity=Severity.HIGH,
        targets=((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
        verbs=("escalate",),
        named_ok=True,
        cis="5.1.8",
        checkov="CKV_K8S_158",
        kube_linter="escalate-verb-in-role",
        risk="The `escalate` verb lifts RBAC's own guard: its holder may write permissions "
        "into a role that it does not have itself, up to cluster-admin.",
        example='rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n'
        '    resources: ["clusterroles"]\n    verbs: ["escalate", "update"]',
        use_instead='rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n'
        '    resources: ["clusterroles"]\n    verbs: ["get", "list"]',
    )
)

rbac_bind_verb = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-014",
        name="rbac-bind-verb",
        title="Role can bind any role",
        severity=Severity.HIGH,
        targets=((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
        verbs=("bind",),
        named_ok=True,
        cis="5.1.8",
        checkov="CKV_K8S_157",
        kube_linter="bind-verb-in-role",
        risk="The `bind` verb lets its holder create bindings to roles with more permissions "
        "than it has, for example binding itself to cluster-admin.",
        example='rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n'
        '    resources: ["clusterroles"]\n    verbs: ["bind"]',
        use_instead='rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n'
        '    resources: ["clusterroles"]\n    resourceNames: ["view"]\n'
        '    verbs: ["bind"]',
    )
)

rbac_impersonate_verb = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-015",
        name="rbac-impersonate-verb",
        title="Role can impersonate users, groups or service accounts",
        severity=Severity.HIGH,
        targets=(("", "users"), ("", "groups"), ("", "serviceaccounts")),
        verbs=("impersonate",),
        named_ok=True,
        cis="5.1.8",
        kube_linter="impersonate-without-resource-names",
        risk="Impersonation makes every request act as another identity: a subject that may "
        "impersonate any user or the `system:masters` group is a cluster administrator.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["users", "groups"]\n'
        '    verbs: ["impersonate"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n'
        '    resourceNames: ["ci-deployer"]\n    verbs: ["impersonate"]',
    )
)

rbac_control_admission_webhooks = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-019",
        name="rbac-control-admission-webhooks",
        title="Role can change admission webhooks",
        severity=Severity.HIGH,
        targets=(
            ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
            ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
        ),
        verbs=("create", "update", "patch"),
        cluster_only=True,
        checkov="CKV_K8S_155",
        risk="Admission webhooks see, and mutating ones rewrite, every object sent to the API "
        "server, Secrets included. A subject that can register or change one can read "
        "everything created in the cluster, inject containers into any pod, or switch off "
        "the policies that other webhooks enforce.",
        example='rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n'
        '    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["create", "update"]',
        use_instead='rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n'
        '    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["get", "list"]',
    )
)

rbac_node_proxy = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-021",
        name="rbac-node-proxy",
        title="Role can reach the kubelet API through nodes/proxy",
        severity=Severity.HIGH,
        targets=(("", "nodes/proxy"),),
        verbs=("get", "create"),
        cluster_only=True,
        risk="`nodes/proxy` forwards requests to the kubelet of any node. The kubelet API "
        "runs commands in every container on the node (`/exec`, `/run`) and its requests "
        "bypass audit logging and admission control of the API server.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["nodes", "nodes/metrics"]\n'
        '    verbs: ["get"]',
    )
)

rbac_create_service_account_tokens = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-022",
        name="rbac-create-service-account-tokens",
        title="Role can mint service account tokens",
        severity=Severity.HIGH,
        targets=(("", "serviceaccounts/token"),),
        verbs=("create",),
        named_ok=True,
        risk="Creating `serviceaccounts/token` issues a token for any service account in "
        "scope: the subject then acts with the permissions of the most privileged one, "
        "controllers and operators included.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n'
        '    verbs: ["create"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n'
        '    resourceNames: ["ci-deployer"]\n    verbs: ["create"]',
    )
)

rbac_create_persistent_volumes = permission_check(
    PermissionRow(
        id="IAC-K8S-RBAC-023",
        name="rbac-create-persistent-volumes",
        title="Role can create PersistentVolumes",
        severity=Severity.MEDIUM,
        targets=(("", "persistentvolumes"),),
        verbs=("create",),
        cluster_only=True,
        risk="A PersistentVolume may be of type `hostPath`: a subject that creates one (and a "
        "claim and pod to mount it) reads and writes any directory of a node, around the "
        "Pod Security admission that would refuse a hostPath volume in a pod.",
        example='rules:\n  - apiGroups: [""]\n    resources: ["persistentvolumes"]\n'
        '    verbs: ["create", "delete"]',
        use_instead='rules:\n  - apiGroups: [""]\n    resources: ["persistentvolumeclaims"]\n'
        '    verbs: ["create", "delete"]',
    )
)
