from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.kubernetes_workloads import WORKLOAD_KINDS

NAMESPACED_KINDS: Final = (
    *WORKLOAD_KINDS,
    "Service",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "Ingress",
    "NetworkPolicy",
    "PersistentVolumeClaim",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
)
# Objects that Kubernetes itself keeps in the default namespace.
_BUILT_IN: Final = frozenset({("ServiceAccount", "default"), ("Service", "kubernetes")})


@check(
    id="IAC-K8S-NS-001",
    name="default-namespace-used",
    title="Object is deployed to the default namespace",
    severity=Severity.LOW,
    category="workload-security",
    targets={Framework.KUBERNETES: NAMESPACED_KINDS},
    remediation="""
        Deploy each application into its own namespace.

        ```yaml
        metadata:
          name: api
          namespace: shop
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.7.4"], "nist-800-53-r5": ["AC-4", "SC-7"]},
    equivalents={"checkov": ["CKV_K8S_21"], "kube-linter": ["use-namespace"]},
    references=["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
)
def default_namespace_used(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags namespaced objects (workloads, Services, ConfigMaps, Secrets, ServiceAccounts,
    Roles, RoleBindings, Ingresses, NetworkPolicies, PersistentVolumeClaims, autoscalers and
    disruption budgets) whose `metadata.namespace` is written as `default`, at that line. An
    unwritten namespace is not reported: `kubectl apply -n`, Kustomize and Helm choose it at
    deploy time, and the manifest cannot show their choice. The objects Kubernetes itself
    keeps there (the `default` ServiceAccount, the `kubernetes` Service) are not reported.

    ## Why is this bad?
    Namespaces are the unit of RBAC, network policies, quotas and Pod Security admission. The
    default namespace usually has none of them set up, and everything deployed there shares
    it: a RoleBinding or a broad policy meant for one application reaches them all.

    ## Example
    ```yaml
    metadata:
      name: api
      namespace: default
    ```

    ## Use instead
    ```yaml
    metadata:
      name: api
      namespace: shop
    ```
    """
    namespace = resource.field("metadata", "namespace")
    if namespace.value != "default" or (resource.type, resource.name) in _BUILT_IN:
        return
    yield Violation(at=namespace, message=f"the {resource.type} is in the default namespace")
