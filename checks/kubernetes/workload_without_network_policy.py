from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_bool
from iacscan.model.kubernetes_network_policy import workload_isolation
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, namespace_of, pod_spec


@check(
    id="IAC-K8S-NET-002",
    name="workload-without-network-policy",
    title="No NetworkPolicy selects the workload's pods",
    severity=Severity.LOW,
    category="network",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Give the namespace a default-deny policy, then allow the traffic each workload needs.

        ```yaml
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: api
          namespace: shop
        spec:
          podSelector:
            matchLabels:
              app: api
          ingress:
            - from:
                - podSelector:
                    matchLabels:
                      app: frontend
              ports:
                - port: 8080
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.3.2"], "nist-800-53-r5": ["AC-4", "SC-7"]},
    equivalents={"checkov": ["CKV2_K8S_6"]},
    references=[
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
    ],
)
def workload_without_network_policy(
    workload: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags workloads (Pods, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ...) whose
    pods no NetworkPolicy selects: no `networking.k8s.io` NetworkPolicy in the same namespace,
    among the manifests of the scan, has a `podSelector` (`matchLabels`, `matchExpressions`)
    that matches the pod template's labels. An empty `podSelector: {}` selects every pod of its
    namespace. An object that writes no namespace may share one with any other object (the
    namespace is chosen at apply time). The finding points at the workload.

    Nothing is reported when it cannot be told: a selector, label or namespace that is not
    plain text, a Cilium or Calico policy in the namespace, or a cluster-wide policy
    (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy, AdminNetworkPolicy) anywhere
    in the scan. Pods on the host network (`hostNetwork: true`) are skipped: NetworkPolicies do
    not apply to them.

    Limitation: the check sees only the scanned manifests. A workload scanned without the
    policies of its namespace (one file alone, a pre-commit run on a changed file, policies
    kept in another repository or installed by a platform team) is reported although the
    cluster may isolate it; hence the low severity. Suppress it, or scan the namespace's
    manifests together.

    ## Why is this bad?
    Pods that no policy selects accept traffic from, and send traffic to, every pod in the
    cluster and beyond. One compromised workload can then reach databases, internal APIs and
    admin ports in every namespace.

    ## Example
    ```yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: shop
    spec:
      template:
        metadata:
          labels:
            app: api
    ```

    ## Use instead
    ```yaml
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: default-deny
      namespace: shop
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
    ```
    """
    spec = pod_spec(workload)
    if spec is None or not isinstance(spec.value, dict):
        return
    host_network = spec.get("hostNetwork")
    if host_network.present and as_bool(host_network.value) is not False:
        return  # on the host network, or unknown
    if workload_isolation(workload, context.graph) is not False:
        return
    namespace = namespace_of(workload)
    where = f"namespace {namespace!r}" if namespace else "the namespace"
    pods = "this pod" if workload.type == "Pod" else f"the pods of this {workload.type}"
    yield Violation(at=workload, message=f"no NetworkPolicy in {where} selects {pods}")
