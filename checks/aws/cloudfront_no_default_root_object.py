from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.aws_network_cloudfront import TYPES, Distribution


@check(
    id="IAC-AWS-CLOUDFRONT-007",
    name="cloudfront-s3-no-default-root-object",
    title="CloudFront distribution serving S3 has no default root object",
    severity=Severity.LOW,
    category="public-storage",
    targets=TYPES,
    remediation="""
        Name the object served for requests to the root URL.

        ```hcl
        resource "aws_cloudfront_distribution" "site" {
          default_root_object = "index.html"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "CM-7"]},
    equivalents={"checkov": ["CKV_AWS_305"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html",
    ],
)
def cloudfront_s3_no_default_root_object(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudFront distributions with an S3 origin (`s3_origin_config` or an origin access
    control, CloudFormation `S3OriginConfig` / `OriginAccessControlId`) and no
    `default_root_object` (`DefaultRootObject`). Distributions with only custom origins,
    which answer the root URL themselves, are not reported.

    ## Why is this bad?
    A request for the root URL is then forwarded to the bucket itself: if the origin's access
    allows listing, the response is the list of every object key in the bucket; otherwise
    users get an S3 error page that reveals the origin.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      origin {
        domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
        origin_id                = "site"
        origin_access_control_id = aws_cloudfront_origin_access_control.site.id
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      default_root_object = "index.html"

      origin {
        domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
        origin_id                = "site"
        origin_access_control_id = aws_cloudfront_origin_access_control.site.id
      }
    }
    ```
    """
    distribution = Distribution(resource)
    if distribution.field("default_root_object").present:
        return
    s3_origins = [
        origin
        for origin in distribution.items("origins")
        if distribution.under(origin, "s3_origin").present
        or distribution.under(origin, "origin_access_control").present
    ]
    if s3_origins:
        yield Violation(
            at=distribution.root, message="requests for the root URL go to the S3 bucket itself"
        )
