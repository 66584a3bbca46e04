"""How a pod uses its service account: a token mounted it may not need, and the namespace's
`default` account (shared by every pod that names none)."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, pod_spec

_TOKENS = (
    "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"
    "#opt-out-of-api-credential-automounting"
)


def service_account_name(spec: Field) -> Field:
    """`serviceAccountName` (or its deprecated alias `serviceAccount`) as written."""
    name = spec.get("serviceAccountName")
    return name if name.present else spec.get("serviceAccount")


def _namespace(resource: Resource) -> str:
    value = resource.meta.get("namespace") or resource.get("metadata", "namespace")
    return value if isinstance(value, str) and value else "default"


def service_account(workload: Resource, graph: ResourceGraph, name: str) -> Resource | None:
    """The ServiceAccount the pod runs as, when the scan holds it."""
    namespace = _namespace(workload)
    for account in graph.of_type(Framework.KUBERNETES, "ServiceAccount"):
        if account.get("metadata", "name") == name and _namespace(account) == namespace:
            return account
    return None


@check(
    id="IAC-K8S-POD-035",
    name="pod-service-account-token-mounted",
    title="Pod mounts a service account token by default",
    severity=Severity.LOW,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Opt out of the token unless the pod calls the Kubernetes API.

        ```yaml
        spec:
          automountServiceAccountToken: false
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.6"], "nist-800-53-r5": ["AC-6", "IA-5"]},
    equivalents={"checkov": ["CKV_K8S_38"], "kube-linter": ["automount-service-account-token"]},
    references=[_TOKENS],
)
def pod_service_account_token_mounted(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags workloads whose pod spec does not write `automountServiceAccountToken`, when the
    ServiceAccount the pod runs as does not set `automountServiceAccountToken: false` either
    (a ServiceAccount in the scan with `false` satisfies the check; one that is not in the
    scan mounts by default). An explicit `automountServiceAccountToken: true` on the pod is a
    deliberate choice for a pod that calls the API and is not reported. The finding points at
    the pod spec.

    ## Why is this bad?
    Kubernetes mounts an API token into every container unless told otherwise. Most
    applications never call the API, but anyone who gets code execution in the pod can read
    the token and act with the service account's permissions, often more than expected.

    ## Example
    ```yaml
    spec:
      containers:
        - name: api
          image: acme/api:2.3.1
    ```

    ## Use instead
    ```yaml
    spec:
      automountServiceAccountToken: false
      containers:
        - name: api
          image: acme/api:2.3.1
    ```
    """
    spec = pod_spec(workload)
    if spec is None:
        return
    setting = spec.get("automountServiceAccountToken")
    if setting.present:
        return  # explicit true or false, or unknown
    name = service_account_name(spec)
    if name.unknown:
        return
    account_name = name.value if isinstance(name.value, str) and name.value else "default"
    account = service_account(workload, context.graph, account_name)
    if account is not None:
        account_setting = account.field("automountServiceAccountToken")
        if account_setting.unknown or as_bool(account_setting.value) is False:
            return
    message = f"the pod mounts the token of service account {account_name!r} (not opted out)"
    yield Violation(at=setting, message=message)


@check(
    id="IAC-K8S-POD-036",
    name="pod-default-service-account",
    title="Pod runs as the namespace's default service account",
    severity=Severity.LOW,
    category="rbac",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Give the workload its own ServiceAccount with only the permissions it needs.

        ```yaml
        spec:
          serviceAccountName: api
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.1.5"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"kube-linter": ["default-service-account"]},
    references=[
        "https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts"
    ],
)
def pod_default_service_account(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags workloads whose pod names no service account (`serviceAccountName`, or the
    deprecated `serviceAccount`) or names `default`. Pods that set
    `automountServiceAccountToken: false` are skipped: without a token the account gives
    them nothing. The finding points at `serviceAccountName: default`, or at the pod spec.

    ## Why is this bad?
    Every pod of the namespace that names no account shares the `default` one. Any permission
    granted to it (often by a RoleBinding written for one workload) reaches them all, and the
    audit log cannot tell which workload acted.

    ## Example
    ```yaml
    spec:
      containers:
        - name: api
          image: acme/api:2.3.1
    ```

    ## Use instead
    ```yaml
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: acme/api:2.3.1
    ```
    """
    spec = pod_spec(workload)
    if spec is None or as_bool(spec.get("automountServiceAccountToken").value) is False:
        return
    name = service_account_name(spec)
    if name.unknown or (name.present and name.value not in ("", "default")):
        return
    yield Violation(at=name, message="the pod runs as the default service account")
