from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_network_cloudfront import TYPES, Distribution


@check(
    id="IAC-AWS-CLOUDFRONT-006",
    name="cloudfront-origin-sslv3",
    title="CloudFront distribution may reach a custom origin over SSLv3",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=TYPES,
    remediation="""
        Allow only TLS 1.2 to the origin.

        ```hcl
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8", "SC-13"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginSSLProtocols",
    ],
)
def cloudfront_origin_sslv3(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags custom origins of CloudFront distributions whose `origin_ssl_protocols`
    (CloudFormation `CustomOriginConfig.OriginSSLProtocols`) include `SSLv3`. The finding
    points at the `SSLv3` element.

    ## Why is this bad?
    SSLv3 is broken (POODLE): an attacker between CloudFront and an origin that still accepts
    it can force the connection down to SSLv3 and decrypt the traffic.

    ## Example
    ```hcl
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["SSLv3", "TLSv1.2"]
    }
    ```

    ## Use instead
    ```hcl
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    ```
    """
    distribution = Distribution(resource)
    for origin in distribution.items("origins"):
        protocols = distribution.under(origin, "custom_origin", "origin_ssl_protocols")
        if not isinstance(protocols.value, list):
            continue
        for index, name in enumerate(protocols.value):
            if (as_str(name) or "").upper() == "SSLV3":
                yield Violation(at=protocols.get(index), message="the origin accepts SSLv3")
