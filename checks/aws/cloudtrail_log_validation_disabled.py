from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AWS-CLOUDTRAIL-002",
    name="cloudtrail-log-validation-disabled",
    title="CloudTrail log file validation is disabled",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_cloudtrail"],
        Framework.CLOUDFORMATION: ["AWS::CloudTrail::Trail"],
    },
    remediation="""
        Turn on log file integrity validation.

        ```hcl
        resource "aws_cloudtrail" "main" {
          name                       = "main"
          s3_bucket_name             = aws_s3_bucket.trail.id
          enable_log_file_validation = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["3.2"],
        "nist-800-53-r5": ["AU-9", "SI-7"],
        "pci-dss-4.0": ["10.3.4"],
    },
    equivalents={"checkov": ["CKV_AWS_36"], "tfsec": ["aws-cloudtrail-enable-log-validation"]},
    references=[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ],
)
def cloudtrail_log_validation_disabled(
    trail: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudTrail trails without log file integrity validation:
    `enable_log_file_validation` (CloudFormation `EnableLogFileValidation`) false or unwritten
    (the default is off).

    ## Why is this bad?
    Without the signed digest files, nobody can prove that a log file was not edited or
    deleted after delivery, which is exactly what an intruder covering their tracks does and
    what an investigation or audit needs to rule out.

    ## Example
    ```hcl
    resource "aws_cloudtrail" "main" {
      name                       = "main"
      s3_bucket_name             = aws_s3_bucket.trail.id
      enable_log_file_validation = false
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_cloudtrail" "main" {
      name                       = "main"
      s3_bucket_name             = aws_s3_bucket.trail.id
      enable_log_file_validation = true
    }
    ```
    """
    cloudformation = trail.framework is Framework.CLOUDFORMATION
    key = "EnableLogFileValidation" if cloudformation else "enable_log_file_validation"
    yield from require_enabled(trail.field(key), "log file validation")
