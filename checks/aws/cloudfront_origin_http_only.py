from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_network_cloudfront import TYPES, Distribution


@check(
    id="IAC-AWS-CLOUDFRONT-005",
    name="cloudfront-origin-http-only",
    title="CloudFront distribution reaches a custom origin over plain HTTP",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=TYPES,
    remediation="""
        Connect to the origin over HTTPS.

        ```hcl
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html",
    ],
)
def cloudfront_origin_http_only(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags custom origins of CloudFront distributions whose `origin_protocol_policy`
    (CloudFormation `CustomOriginConfig.OriginProtocolPolicy`) is `http-only`: CloudFront
    fetches content from the origin over plain HTTP, whatever the viewer used. (S3 website
    endpoints only speak HTTP: serve S3 content through an S3 origin with origin access
    control instead.)

    ## Why is this bad?
    Requests and responses, including viewers' cookies and authorization headers forwarded to
    the origin, cross the internet in clear text between CloudFront and the origin even when
    viewers use HTTPS.

    ## Example
    ```hcl
    origin {
      domain_name = "api.example.com"
      origin_id   = "api"

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "http-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    ```

    ## Use instead
    ```hcl
    origin {
      domain_name = "api.example.com"
      origin_id   = "api"

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }
    }
    ```
    """
    distribution = Distribution(resource)
    for origin in distribution.items("origins"):
        policy = distribution.under(origin, "custom_origin", "origin_protocol_policy")
        if (as_str(policy.value) or "").lower() == "http-only":
            yield Violation(at=policy, message="the origin is reached over plain HTTP")
