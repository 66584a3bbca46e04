from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import is_false, is_true
from iacscan.model.aws_s3 import PublicAccessBlock, bucket_view

FLAGS = (
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
)
ACCOUNT_BLOCK = "aws_s3_account_public_access_block"


@check(
    id="IAC-AWS-S3-004",
    name="s3-bucket-public-access-not-blocked",
    title="S3 bucket public access block is turned off",
    severity=Severity.MEDIUM,
    category="public-storage",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Turn all four settings on (or remove the block: new buckets have all four on).

        ```hcl
        resource "aws_s3_bucket_public_access_block" "reports" {
          bucket                  = aws_s3_bucket.reports.id
          block_public_acls       = true
          ignore_public_acls      = true
          block_public_policy     = true
          restrict_public_buckets = true
        }
        ```
    """,
    compliance={"cis-aws-foundations-1.4.0": ["2.1.5"], "nist-800-53-r5": ["AC-3"]},
    equivalents={
        "checkov": ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
        "tfsec": [
            "aws-s3-block-public-acls",
            "aws-s3-ignore-public-acls",
            "aws-s3-block-public-policy",
            "aws-s3-no-public-buckets",
        ],
    },
    references=[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        "https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/",
    ],
)
def s3_bucket_public_access_not_blocked(
    bucket: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets whose public access block leaves any of its four settings
    (`block_public_acls`, `ignore_public_acls`, `block_public_policy`,
    `restrict_public_buckets`; CloudFormation `BlockPublicAcls`, ...) off, where no
    account-level block (`aws_s3_account_public_access_block`) turns that setting on either.
    A setting set to `false` is reported on its own line; settings left out of a written block
    (which then default to off) are reported on the block.

    Since April 2023 S3 turns all four settings on for every new bucket, so a bucket that
    writes no public access block at all is blocked and is not reported: only code that
    writes a block with settings off weakens the default. A setting whose value cannot be
    known at scan time is not reported.

    ## Why is this bad?
    The public access block is the safety net that keeps a mistaken ACL or bucket policy from
    publishing the bucket. With it off, one wrong grant exposes the data to the internet.

    ## Example
    ```hcl
    resource "aws_s3_bucket_public_access_block" "reports" {
      bucket              = aws_s3_bucket.reports.id
      block_public_acls   = true
      block_public_policy = false
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket_public_access_block" "reports" {
      bucket                  = aws_s3_bucket.reports.id
      block_public_acls       = true
      ignore_public_acls      = true
      block_public_policy     = true
      restrict_public_buckets = true
    }
    ```
    """
    blocks = bucket_view(bucket, context.graph).access_blocks
    own = [b for b in blocks if _resource_of(b).type != ACCOUNT_BLOCK]
    if not own:
        return  # S3's own default: all four settings on
    block = own[0]
    left_out: list[Field] = []
    for flag in FLAGS:
        settings = [getattr(b, flag) for b in blocks]
        if any(is_true(s.value) or s.unknown for s in settings):
            continue
        setting: Field = getattr(block, flag)
        if is_false(setting.value):
            yield Violation(at=setting, message=f"public access block sets {_name(setting)} off")
        elif not setting.present:
            left_out.append(setting)
    if left_out:
        names = ", ".join(_name(s) for s in left_out)
        yield Violation(
            at=left_out[0], message=f"public access block leaves out {names} (off by default)"
        )


def _resource_of(block: PublicAccessBlock) -> Resource:
    return block.block_public_acls.resource


def _name(setting: Field) -> str:
    return str(setting.path[-1])
