from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_data_s3 import bucket_settings

# Object ownership settings that keep ACLs in force (the default, BucketOwnerEnforced,
# turns them off).
_ACLS_ON = frozenset({"ObjectWriter", "BucketOwnerPreferred"})


@check(
    id="IAC-AWS-S3-013",
    name="s3-bucket-acls-enabled",
    title="S3 bucket turns access control lists back on",
    severity=Severity.LOW,
    category="public-storage",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Let the bucket owner own every object and ignore ACLs (the default for new buckets);
        grant access with bucket policies instead.

        ```hcl
        resource "aws_s3_bucket_ownership_controls" "data" {
          bucket = aws_s3_bucket.data.id

          rule {
            object_ownership = "BucketOwnerEnforced"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
    equivalents={"checkov": ["CKV2_AWS_65"]},
    references=[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
    ],
)
def s3_bucket_acls_enabled(bucket: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets whose object ownership is `ObjectWriter` or `BucketOwnerPreferred`,
    which keeps access control lists in force: `aws_s3_bucket_ownership_controls` for the
    bucket (by reference or literal name) or CloudFormation
    `OwnershipControls.Rules[].ObjectOwnership`. New buckets default to
    `BucketOwnerEnforced` (ACLs off), so a bucket without ownership controls is not
    reported; nor are unknown values.

    ## Why is this bad?
    With ACLs on, every object can carry its own grants: a single upload with a
    `public-read` ACL, or objects written by another account that the bucket owner cannot
    read, escape the bucket policy that is supposed to govern access.

    ## Example
    ```hcl
    resource "aws_s3_bucket_ownership_controls" "data" {
      bucket = aws_s3_bucket.data.id

      rule {
        object_ownership = "ObjectWriter"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket_ownership_controls" "data" {
      bucket = aws_s3_bucket.data.id

      rule {
        object_ownership = "BucketOwnerEnforced"
      }
    }
    ```
    """
    for ownership in _ownership_settings(bucket, context):
        value = as_str(ownership.value) if ownership.known else None
        if value in _ACLS_ON:
            yield Violation(at=ownership, message=f"object ownership {value!r} keeps ACLs on")


def _ownership_settings(bucket: Resource, context: CheckContext) -> list[Field]:
    if bucket.framework is Framework.CLOUDFORMATION:
        rules = bucket.field("OwnershipControls", "Rules")
        if not isinstance(rules.value, list):
            return []
        return [rules.get(index, "ObjectOwnership") for index in range(len(rules.value))]
    found: list[Field] = []
    for controls in bucket_settings(bucket, context.graph, "aws_s3_bucket_ownership_controls"):
        found.extend(block.get("object_ownership") for block in controls.blocks("rule"))
    return found
