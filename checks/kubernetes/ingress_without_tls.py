from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_list
from iacscan.model.kubernetes_services import has_cloud_tls


@check(
    id="IAC-K8S-INGRESS-001",
    name="ingress-without-tls",
    title="Ingress serves plain HTTP without TLS",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={Framework.KUBERNETES: ["Ingress"]},
    remediation="""
        Add a `tls` section naming the hosts and the Secret that holds their certificate
        (cert-manager can issue it).

        ```yaml
        spec:
          tls:
            - hosts: ["shop.example.com"]
              secretName: shop-tls
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8", "SC-23"], "pci-dss-4.0": ["4.2.1"]},
    references=["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
)
def ingress_without_tls(ingress: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Ingresses without a non-empty `spec.tls`, at `spec` (or the Ingress). Ingresses whose
    annotations give the cloud's load balancer a certificate (AWS Load Balancer Controller
    `alb.ingress.kubernetes.io/certificate-arn`, GKE `networking.gke.io/managed-certificates`
    or `ingress.gcp.kubernetes.io/pre-shared-cert`, Azure Application Gateway
    `appgw-ssl-certificate`) terminate TLS there and pass. Unknown values stay silent.

    ## Why is this bad?
    Without TLS the Ingress serves only HTTP: credentials, session cookies and personal data
    cross the internet in clear text, and anyone on the path can read or change them.

    ## Example
    ```yaml
    spec:
      rules:
        - host: shop.example.com
    ```

    ## Use instead
    ```yaml
    spec:
      tls:
        - hosts: ["shop.example.com"]
          secretName: shop-tls
      rules:
        - host: shop.example.com
    ```
    """
    tls = ingress.field("spec", "tls")
    if tls.unknown or (tls.present and as_list(tls.value)) or has_cloud_tls(ingress):
        return
    yield Violation(at=tls, message="the Ingress has no TLS section: it serves plain HTTP")
