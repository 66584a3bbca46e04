from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_list


def wildcard_reason(rule: Field) -> str | None:
    """Why a policy rule grants everything: `*` resources with `*` verbs (every action on every
    resource of its groups) or with `*` API groups (its verbs on every resource of every group,
    CRDs and Secrets included). None for narrower rules, and where an unknown value decides."""
    if not isinstance(rule.value, dict):
        return None
    resources = as_list(rule.value.get("resources"))
    if "*" not in resources:
        return None
    if "*" in as_list(rule.value.get("verbs")):
        return "allows every verb (*) on every resource (*)"
    if "*" in as_list(rule.value.get("apiGroups")):
        return "allows its verbs on every resource (*) of every API group (*)"
    return None


@check(
    id="IAC-K8S-RBAC-002",
    name="rbac-wildcard-permissions",
    title="Role grants wildcard permissions",
    severity=Severity.HIGH,
    category="rbac",
    targets={Framework.KUBERNETES: ["Role", "ClusterRole"]},
    remediation="""
        List the API groups, resources and verbs the subject needs.

        ```yaml
        rules:
          - apiGroups: ["apps"]
            resources: ["deployments"]
            verbs: ["get", "list", "watch", "update", "patch"]
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.3"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_K8S_49"], "kube-linter": ["wildcard-in-rules"]},
    references=[
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
    ],
)
def rbac_wildcard_permissions(role: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Role and ClusterRole rules whose `resources` contain `*` together with `*` in `verbs`
    (every action on every resource) or in `apiGroups` (the rule's verbs on every resource of
    every API group). Each offending rule is reported at its own line. A ClusterRole with an
    `aggregationRule` is skipped: the controller replaces its rules.

    ## Why is this bad?
    Wildcards grant far more than any workload needs, including reading every Secret, `exec`
    into pods and creating RoleBindings, and silently extend to resources added later by new
    API versions or CRDs. A token holding such a role is a cluster takeover.

    ## Example
    ```yaml
    kind: ClusterRole
    rules:
      - apiGroups: ["*"]
        resources: ["*"]
        verbs: ["*"]
    ```

    ## Use instead
    ```yaml
    kind: ClusterRole
    rules:
      - apiGroups: ["apps"]
        resources: ["deployments"]
        verbs: ["get", "list", "watch"]
    ```
    """
    if role.field("aggregationRule").present:
        return
    for rule in role.blocks("rules"):
        reason = wildcard_reason(rule)
        if reason is not None:
            yield Violation(at=rule, message=f"{role.type} rule {reason}")
