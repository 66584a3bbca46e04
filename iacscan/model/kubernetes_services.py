"""Facts about Services and Ingresses that several checks read: the Service type, whether a
cloud load balancer is internal, whether an Ingress terminates TLS at the cloud's balancer."""

from __future__ import annotations

from typing import Final

from iacscan.graph.model import Resource
from iacscan.graph.values import as_bool, as_str

# Annotations that make the cloud create an internal (private) load balancer.
INTERNAL_LB_ANNOTATIONS: Final = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "networking.gke.io/load-balancer-type": "internal",
    "cloud.google.com/load-balancer-type": "internal",
    "service.beta.kubernetes.io/oci-load-balancer-internal": "true",
    "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type": "private",
    "service.beta.kubernetes.io/openstack-internal-load-balancer": "true",
}
_AWS_LEGACY_INTERNAL: Final = "service.beta.kubernetes.io/aws-load-balancer-internal"
# Annotations with which an ingress controller terminates TLS on the cloud's load balancer,
# with certificates that are not in `spec.tls`.
CLOUD_TLS_ANNOTATIONS: Final = (
    "alb.ingress.kubernetes.io/certificate-arn",
    "networking.gke.io/managed-certificates",
    "ingress.gcp.kubernetes.io/pre-shared-cert",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
    "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
)


def service_type(service: Resource) -> str:
    """`spec.type` as written, `ClusterIP` (the default) when unwritten; "" when unknown."""
    value = service.get("spec", "type", default=None)
    if value is None:
        return "ClusterIP"
    text = as_str(value)
    return text.strip() if text is not None else ""


def annotation(resource: Resource, key: str) -> object:
    return resource.get("metadata", "annotations", key, default=None)


def is_internal_load_balancer(service: Resource) -> bool | None:
    """True when an annotation makes the load balancer internal; None when one is unknown."""
    for key, internal in INTERNAL_LB_ANNOTATIONS.items():
        value = annotation(service, key)
        if value is None:
            continue
        text = as_str(value)
        if text is None:
            return None
        word = text.strip().lower()
        if word == internal or (internal == "true" and as_bool(text) is True):
            return True
        if key == _AWS_LEGACY_INTERNAL and word and as_bool(text) is not False:
            return True  # the in-tree AWS provider read any value but false (even a CIDR)
    return False


def has_cloud_tls(ingress: Resource) -> bool:
    """True when an annotation names certificates the cloud's balancer terminates TLS with
    (an unknown value counts: it names some certificate)."""
    return any(annotation(ingress, key) is not None for key in CLOUD_TLS_ANNOTATIONS)
