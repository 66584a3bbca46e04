from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_s3 import KMS_ALGORITHMS, default_encryption


@check(
    id="IAC-AWS-S3-003",
    name="s3-bucket-not-kms-encrypted",
    title="S3 bucket default encryption does not use a KMS key",
    severity=Severity.LOW,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Make SSE-KMS the bucket's default encryption (a bucket key keeps KMS costs low).

        ```hcl
        resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
          bucket = aws_s3_bucket.reports.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm     = "aws:kms"
              kms_master_key_id = aws_kms_key.reports.arn
            }
            bucket_key_enabled = true
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
    equivalents={"checkov": ["CKV_AWS_145"], "tfsec": ["aws-s3-encryption-customer-key"]},
    references=[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
    ],
    aliases=["s3-bucket-unencrypted"],
)
def s3_bucket_not_kms_encrypted(bucket: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets whose default encryption is not SSE-KMS (`aws:kms` or `aws:kms:dsse`):
    either no default encryption is configured, or it is `AES256` (SSE-S3). Reads the inline
    `server_side_encryption_configuration` block, a separate
    `aws_s3_bucket_server_side_encryption_configuration`, or CloudFormation's
    `BucketEncryption`. An algorithm that cannot be known at scan time is not reported.

    Since January 2023 S3 encrypts every new object with S3-managed keys (SSE-S3) even when
    no configuration is written, so a bucket without one is *not* unencrypted. That is why
    this check asks for KMS rather than for "some" encryption, and why its severity is low:
    the data is encrypted either way; what KMS adds is control over who may decrypt it.
    Some AWS log deliveries (e.g. Application Load Balancer access logs) only support SSE-S3:
    suppress the finding for those buckets.

    ## Why is this bad?
    With SSE-S3 anyone whose IAM policy allows `s3:GetObject` reads the plaintext. With a KMS
    key, reading also needs `kms:Decrypt` on the key, every use of the key is logged in
    CloudTrail, and disabling the key cuts off access to the data at once.

    ## Example
    ```hcl
    resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
      bucket = aws_s3_bucket.reports.id
      rule {
        apply_server_side_encryption_by_default {
          sse_algorithm = "AES256"
        }
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
      bucket = aws_s3_bucket.reports.id
      rule {
        apply_server_side_encryption_by_default {
          sse_algorithm     = "aws:kms"
          kms_master_key_id = aws_kms_key.reports.arn
        }
      }
    }
    ```
    """
    encryption = default_encryption(bucket, context.graph)
    if not encryption.configurations:
        yield Violation(
            at=bucket,
            message="no default encryption configured: objects get SSE-S3 (S3-managed keys)",
        )
        return
    algorithms = encryption.algorithms
    if not algorithms or any(as_str(a.value) in KMS_ALGORITHMS or not a.known for a in algorithms):
        return
    yield Violation(
        at=algorithms[0],
        message=f"default encryption is {algorithms[0].value} (S3-managed keys), not KMS",
    )
