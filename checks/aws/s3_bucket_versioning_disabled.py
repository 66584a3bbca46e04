from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_data_s3 import bucket_settings, may_configure_unknown_bucket
from iacscan.model.settings import require_enabled

_VERSIONING = "aws_s3_bucket_versioning"


@check(
    id="IAC-AWS-S3-010",
    name="s3-bucket-versioning-disabled",
    title="S3 bucket does not keep object versions",
    severity=Severity.LOW,
    category="resilience",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Turn versioning on (and add a lifecycle rule that expires old versions).

        ```hcl
        resource "aws_s3_bucket_versioning" "data" {
          bucket = aws_s3_bucket.data.id

          versioning_configuration {
            status = "Enabled"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["CP-9", "SI-12"]},
    equivalents={"checkov": ["CKV_AWS_21"], "tfsec": ["aws-s3-enable-versioning"]},
    references=["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
)
def s3_bucket_versioning_disabled(bucket: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets without versioning. Terraform: no `aws_s3_bucket_versioning` with
    `status = "Enabled"` for the bucket (by reference or literal name) and no inline
    `versioning { enabled = true }` (provider v3); CloudFormation: no
    `VersioningConfiguration` with `Status: Enabled`. Versioning is off by default. A
    `Suspended` status is reported on its line. Unknown values, and a versioning resource in
    the same module whose bucket cannot be resolved, are not reported.

    ## Why is this bad?
    Without versioning, an overwritten or deleted object is gone for good: a buggy deploy, a
    leaked key or ransomware can destroy the data with a single call.

    ## Example
    ```hcl
    resource "aws_s3_bucket" "data" {
      bucket = "acme-data"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket" "data" {
      bucket = "acme-data"
    }

    resource "aws_s3_bucket_versioning" "data" {
      bucket = aws_s3_bucket.data.id

      versioning_configuration {
        status = "Enabled"
      }
    }
    ```
    """
    if bucket.framework is Framework.CLOUDFORMATION:
        status = bucket.field("VersioningConfiguration", "Status")
        if not status.present:
            yield Violation(at=status, message="versioning is not enabled (the default is off)")
        elif as_str(status.value) not in (None, "Enabled"):
            yield Violation(at=status, message=f"versioning status is {status.value!r}")
        return
    separate = list(bucket_settings(bucket, context.graph, _VERSIONING))
    if separate:
        statuses = [r.field("versioning_configuration", 0, "status") for r in separate]
        if any(not s.known or as_str(s.value) == "Enabled" for s in statuses):
            return
        for status in statuses:
            yield Violation(at=status, message=f"versioning status is {status.value!r}")
        return
    if may_configure_unknown_bucket(bucket, context.graph, _VERSIONING):
        return
    yield from require_enabled(bucket.field("versioning", 0, "enabled"), "versioning")
