"""Services that expose pods beyond the cluster: NodePort, a LoadBalancer open to the
internet, and external IPs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_list, as_str
from iacscan.model.kubernetes_services import annotation, is_internal_load_balancer, service_type
from iacscan.model.network import is_world

SERVICES: Final = {Framework.KUBERNETES: ["Service"]}
_SERVICE_DOCS = "https://kubernetes.io/docs/concepts/services-networking/service/"
_SOURCE_RANGES_ANNOTATION: Final = "service.beta.kubernetes.io/load-balancer-source-ranges"


@check(
    id="IAC-K8S-SVC-001",
    name="service-node-port",
    title="Service is exposed on a port of every node",
    severity=Severity.LOW,
    category="network",
    targets=SERVICES,
    remediation="""
        Use a ClusterIP Service behind an Ingress (or an internal load balancer).

        ```yaml
        spec:
          type: ClusterIP
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "CM-7"]},
    references=[_SERVICE_DOCS + "#type-nodeport"],
)
def service_node_port(service: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Services of `type: NodePort`, at the `type` line.

    ## Why is this bad?
    A NodePort Service opens the same port (30000-32767) on every node of the cluster and
    forwards it to the pods. Whoever reaches any node's address reaches the service, around
    the Ingress controller's TLS, authentication and logging, and the node firewall becomes
    the only control.

    ## Example
    ```yaml
    spec:
      type: NodePort
    ```

    ## Use instead
    ```yaml
    spec:
      type: ClusterIP
    ```
    """
    if service_type(service) == "NodePort":
        at = service.field("spec", "type")
        yield Violation(at=at, message="the Service opens a port on every node (NodePort)")


@check(
    id="IAC-K8S-SVC-002",
    name="service-load-balancer-open-to-internet",
    title="LoadBalancer Service accepts traffic from the whole internet",
    severity=Severity.MEDIUM,
    category="network",
    targets=SERVICES,
    remediation="""
        Restrict the client ranges, or make the load balancer internal when only the private
        network needs it.

        ```yaml
        spec:
          type: LoadBalancer
          loadBalancerSourceRanges:
            - 203.0.113.0/24
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "AC-4"]},
    references=[
        _SERVICE_DOCS + "#loadbalancer",
        "https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/",
    ],
)
def service_load_balancer_open(service: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Services of `type: LoadBalancer` that are not internal and accept every client
    address: without `loadBalancerSourceRanges` (and without the
    `service.beta.kubernetes.io/load-balancer-source-ranges` annotation) the finding points at
    `type`; a range of `0.0.0.0/0` or `::/0` is reported at its line. Annotations that make
    the balancer internal (AWS `aws-load-balancer-internal` / `aws-load-balancer-scheme:
    internal`, Azure `azure-load-balancer-internal`, GKE `load-balancer-type: Internal`, OCI,
    IBM, OpenStack) pass. Unknown values stay silent.

    ## Why is this bad?
    The cloud provisions a public load balancer that forwards any internet address to the
    pods: an admin port, a database or an internal API behind it is open to scanners within
    minutes of the apply.

    ## Example
    ```yaml
    spec:
      type: LoadBalancer
    ```

    ## Use instead
    ```yaml
    spec:
      type: LoadBalancer
      loadBalancerSourceRanges:
        - 203.0.113.0/24
    ```
    """
    if service_type(service) != "LoadBalancer" or is_internal_load_balancer(service) is not False:
        return
    ranges = service.field("spec", "loadBalancerSourceRanges")
    if ranges.unknown:
        return
    if ranges.present and as_list(ranges.value):
        for item in service.blocks("spec", "loadBalancerSourceRanges"):
            if is_world(item.value):
                yield Violation(at=item, message=f"the load balancer admits {item.value}")
        return
    ranges_annotation = annotation(service, _SOURCE_RANGES_ANNOTATION)
    if ranges_annotation is not None:
        text = as_str(ranges_annotation)
        if text is not None and any(is_world(part) for part in text.split(",")):
            at = service.field("metadata", "annotations", _SOURCE_RANGES_ANNOTATION)
            yield Violation(at=at, message=f"the load balancer admits {text}")
        return
    at = service.field("spec", "type")
    yield Violation(at=at, message="the public load balancer admits every address")


@check(
    id="IAC-K8S-SVC-003",
    name="service-external-ips",
    title="Service sets external IPs",
    severity=Severity.MEDIUM,
    category="network",
    targets=SERVICES,
    remediation="""
        Remove `externalIPs`; use a LoadBalancer Service or an Ingress, and block the field
        cluster-wide with an admission policy (the `DenyServiceExternalIPs` plugin).

        ```yaml
        spec:
          type: LoadBalancer
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SI-10"]},
    references=[
        _SERVICE_DOCS + "#external-ips",
        "https://github.com/kubernetes/kubernetes/issues/97076",
    ],
)
def service_external_ips(service: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Services with a non-empty `spec.externalIPs`, at the list.

    ## Why is this bad?
    Kubernetes routes traffic for any address listed in `externalIPs` to the Service on every
    node, without checking who owns the address. Anyone who may create a Service can thereby
    intercept traffic meant for another address (CVE-2020-8554), a man-in-the-middle that
    Kubernetes cannot fix in the API; the field should not be used.

    ## Example
    ```yaml
    spec:
      externalIPs:
        - 198.51.100.10
    ```

    ## Use instead
    ```yaml
    spec:
      type: LoadBalancer
    ```
    """
    ips = service.field("spec", "externalIPs")
    if ips.known and as_list(ips.value):
        listed = ", ".join(str(ip) for ip in as_list(ips.value))
        yield Violation(at=ips, message=f"the Service claims external IPs {listed}")
