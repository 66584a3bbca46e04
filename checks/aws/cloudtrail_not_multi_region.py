from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AWS-CLOUDTRAIL-001",
    name="cloudtrail-not-multi-region",
    title="CloudTrail trail records only one region",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_cloudtrail"],
        Framework.CLOUDFORMATION: ["AWS::CloudTrail::Trail"],
    },
    remediation="""
        Make the trail a multi-region trail.

        ```hcl
        resource "aws_cloudtrail" "main" {
          name                  = "main"
          s3_bucket_name        = aws_s3_bucket.trail.id
          is_multi_region_trail = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["3.1"],
        "nist-800-53-r5": ["AU-2", "AU-12"],
        "pci-dss-4.0": ["10.2.1"],
    },
    equivalents={"checkov": ["CKV_AWS_67"], "tfsec": ["aws-cloudtrail-enable-all-regions"]},
    references=[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
)
def cloudtrail_not_multi_region(trail: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudTrail trails that record API activity in their home region only:
    `is_multi_region_trail` (CloudFormation `IsMultiRegionTrail`) false or unwritten (the
    default is off).

    ## Why is this bad?
    Attackers like regions nobody watches: resources created or keys abused in another region
    leave no record in a single-region trail, and global service events can be missed.

    ## Example
    ```hcl
    resource "aws_cloudtrail" "main" {
      name           = "main"
      s3_bucket_name = aws_s3_bucket.trail.id
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_cloudtrail" "main" {
      name                  = "main"
      s3_bucket_name        = aws_s3_bucket.trail.id
      is_multi_region_trail = true
    }
    ```
    """
    cloudformation = trail.framework is Framework.CLOUDFORMATION
    key = "IsMultiRegionTrail" if cloudformation else "is_multi_region_trail"
    yield from require_enabled(trail.field(key), "multi-region logging")
