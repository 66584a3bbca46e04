from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource


@check(
    id="IAC-K8S-INGRESS-002",
    name="ingress-nginx-snippet-annotation",
    title="Ingress injects raw NGINX configuration through a snippet annotation",
    severity=Severity.MEDIUM,
    category="network",
    targets={Framework.KUBERNETES: ["Ingress"]},
    remediation="""
        Replace the snippet with the dedicated annotation or a ConfigMap setting of the
        controller, and keep `allow-snippet-annotations: "false"` in the controller's
        configuration.

        ```yaml
        metadata:
          annotations:
            nginx.ingress.kubernetes.io/proxy-body-size: 8m
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-7", "SI-10"]},
    equivalents={"checkov": ["CKV_K8S_153"]},
    references=[
        "https://github.com/kubernetes/ingress-nginx/issues/7837",
        "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/",
    ],
)
def ingress_nginx_snippet_annotation(
    ingress: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags every Ingress annotation whose name ends in `-snippet`
    (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet`,
    `stream-snippet`, ...), at its line.

    ## Why is this bad?
    Snippets are pasted verbatim into the NGINX configuration of the shared ingress
    controller. Whoever may create an Ingress in any namespace can thereby read files of the
    controller, including its service account token, which can read every Secret of the
    cluster (CVE-2021-25742), or break routing for every other tenant.

    ## Example
    ```yaml
    metadata:
      annotations:
        nginx.ingress.kubernetes.io/configuration-snippet: |
          more_set_headers "X-Frame-Options: DENY";
    ```

    ## Use instead
    ```yaml
    metadata:
      annotations:
        nginx.ingress.kubernetes.io/custom-headers: shop/security-headers
    ```
    """
    annotations = ingress.get("metadata", "annotations")
    if not isinstance(annotations, dict):
        return
    for key in annotations:
        if isinstance(key, str) and key.strip().lower().endswith("-snippet"):
            at = ingress.field("metadata", "annotations", key)
            yield Violation(at=at, message=f"the Ingress sets snippet annotation {key}")
