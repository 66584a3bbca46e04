from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_network_cloudfront import TYPES, Distribution


@check(
    id="IAC-AWS-CLOUDFRONT-001",
    name="cloudfront-viewer-http-allowed",
    title="CloudFront distribution serves viewers over plain HTTP",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=TYPES,
    remediation="""
        Redirect viewers to HTTPS (or accept HTTPS only) in every cache behavior.

        ```hcl
        default_cache_behavior {
          viewer_protocol_policy = "redirect-to-https"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV_AWS_34"], "tfsec": ["aws-cloudfront-enforce-https"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
    ],
)
def cloudfront_viewer_http_allowed(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudFront cache behaviors, the default one and every ordered one, whose
    `viewer_protocol_policy` (CloudFormation `ViewerProtocolPolicy`) is `allow-all`, which
    serves content over plain HTTP. `redirect-to-https` and `https-only` pass.

    ## Why is this bad?
    Content, cookies and tokens travel in clear text between viewers and CloudFront, where
    anyone on the path (public Wi-Fi, a hostile network) can read or change them.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      default_cache_behavior {
        target_origin_id       = "site"
        viewer_protocol_policy = "allow-all"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      default_cache_behavior {
        target_origin_id       = "site"
        viewer_protocol_policy = "redirect-to-https"
      }
    }
    ```
    """
    distribution = Distribution(resource)
    for behavior in distribution.behaviors():
        policy = distribution.under(behavior, "viewer_protocol_policy")
        if (as_str(policy.value) or "").lower() == "allow-all":
            yield Violation(at=policy, message="the cache behavior allows plain HTTP viewers")
