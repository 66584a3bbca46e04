from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_network_cloudfront import TYPES, Distribution

# Standard logging v2 goes through a CloudWatch Logs delivery source naming the distribution.
_DELIVERY_SOURCES = {
    Framework.TERRAFORM: "aws_cloudwatch_log_delivery_source",
    Framework.CLOUDFORMATION: "AWS::Logs::DeliverySource",
}


@check(
    id="IAC-AWS-CLOUDFRONT-003",
    name="cloudfront-logging-disabled",
    title="CloudFront distribution does not write access logs",
    severity=Severity.MEDIUM,
    category="logging",
    targets=TYPES,
    remediation="""
        Turn on standard logging.

        ```hcl
        logging_config {
          bucket = aws_s3_bucket.cdn_logs.bucket_domain_name
          prefix = "site/"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
    equivalents={"checkov": ["CKV_AWS_86"], "tfsec": ["aws-cloudfront-enable-logging"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
    ],
)
def cloudfront_logging_disabled(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudFront distributions without standard logging: no `logging_config`
    (CloudFormation `DistributionConfig.Logging`), and no CloudWatch Logs delivery source
    (`aws_cloudwatch_log_delivery_source`, `AWS::Logs::DeliverySource`) in the configuration
    that refers to the distribution (standard logging v2).

    ## Why is this bad?
    Without access logs there is no record of the requests viewers made: scraping,
    credential stuffing and attacks on the origin through the CDN cannot be investigated.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true

      logging_config {
        bucket = aws_s3_bucket.cdn_logs.bucket_domain_name
      }
    }
    ```
    """
    distribution = Distribution(resource)
    if distribution.field("logging").present:
        return
    if context.graph.referenced_by(resource, _DELIVERY_SOURCES[resource.framework]):
        return
    yield Violation(at=distribution.root, message="the distribution writes no access logs")
