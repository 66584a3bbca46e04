from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_s3 import PUBLIC_READ_ACLS, bucket_view


@check(
    id="IAC-AWS-S3-001",
    name="s3-bucket-public-read",
    title="S3 bucket ACL grants public read access",
    severity=Severity.HIGH,
    category="public-storage",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Use a private ACL (or none: buckets are private by default) and block public ACLs.

        ```hcl
        resource "aws_s3_bucket_public_access_block" "logs" {
          bucket                  = aws_s3_bucket.logs.id
          block_public_acls       = true
          ignore_public_acls      = true
          block_public_policy     = true
          restrict_public_buckets = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["2.1.5"],
        "nist-800-53-r5": ["AC-3", "AC-21"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={"checkov": ["CKV_AWS_20"], "tfsec": ["aws-s3-no-public-access-with-acl"]},
    references=["https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html"],
)
def s3_bucket_public_read(bucket: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets whose canned ACL (`public-read`, `public-read-write`,
    `authenticated-read`) lets anyone, or any AWS account, list and read the objects, unless a
    public access block on the bucket or account ignores public ACLs.

    ## Why is this bad?
    Public buckets are the most common cause of cloud data leaks: anyone who guesses the name
    can download the data.

    ## Example
    ```hcl
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs"
      acl    = "public-read"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket" "logs" {
      bucket = "acme-logs"
    }
    ```
    """
    view = bucket_view(bucket, context.graph)
    acl = view.acl_name()
    if acl not in PUBLIC_READ_ACLS:
        return
    if view.blocks("ignore_public_acls") or view.may_block("ignore_public_acls"):
        return
    yield Violation(at=view.acl, message=f"canned ACL {acl!r} grants public read access")
