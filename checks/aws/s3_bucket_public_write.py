from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_s3 import (
    PUBLIC_GRANTEES,
    PUBLIC_WRITE_ACLS,
    acl_grants,
    bucket_view,
    policy_access_blocks,
    public_policy_neutralised,
)
from iacscan.model.iam_policy import policy_statements

# Object writes and deletes: what a stranger needs to plant or destroy data.
WRITE_ACTIONS = ("s3:PutObject", "s3:DeleteObject")
WRITE_PERMISSIONS = frozenset({"WRITE", "WRITE_ACP", "FULL_CONTROL"})
BUCKET_TYPES = frozenset({"aws_s3_bucket", "AWS::S3::Bucket"})
POLICY_PATHS = {
    "aws_s3_bucket": ("policy",),
    "aws_s3_bucket_policy": ("policy",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
}


@check(
    id="IAC-AWS-S3-002",
    name="s3-bucket-public-write",
    title="S3 bucket lets anyone write or delete objects",
    severity=Severity.CRITICAL,
    category="public-storage",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket", "aws_s3_bucket_policy"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket", "AWS::S3::BucketPolicy"],
    },
    remediation="""
        Remove the public ACL or policy statement, and block public access on the bucket.

        ```hcl
        resource "aws_s3_bucket_public_access_block" "uploads" {
          bucket                  = aws_s3_bucket.uploads.id
          block_public_acls       = true
          ignore_public_acls      = true
          block_public_policy     = true
          restrict_public_buckets = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["2.1.5"],
        "nist-800-53-r5": ["AC-3", "AC-6"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={"checkov": ["CKV_AWS_57"]},
    references=[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
)
def s3_bucket_public_write(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets that anyone can write to or delete from: the canned ACL
    `public-read-write`, an ACL grant of `WRITE`, `WRITE_ACP` or `FULL_CONTROL` to the
    AllUsers or AuthenticatedUsers groups, or a bucket policy statement that allows
    `s3:PutObject` or `s3:DeleteObject` (e.g. through `s3:*` or `s3:Put*`) to Principal `*`
    without a condition. Public ACLs are ignored when a public access block on the bucket or
    account sets `ignore_public_acls`; public policies when it sets `block_public_policy` or
    `restrict_public_buckets`.

    ## Why is this bad?
    Anyone on the internet can overwrite or delete your data, host malware on your domain, or
    run up your storage bill.

    ## Example
    ```hcl
    resource "aws_s3_bucket_acl" "uploads" {
      bucket = aws_s3_bucket.uploads.id
      acl    = "public-read-write"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket_acl" "uploads" {
      bucket = aws_s3_bucket.uploads.id
      acl    = "private"
    }
    ```
    """
    graph = context.graph
    if resource.type_key in BUCKET_TYPES:
        yield from _public_write_acl(resource, graph)
    yield from _public_write_policy(resource, graph)


def _public_write_acl(bucket: Resource, graph: ResourceGraph) -> Iterator[Violation]:
    view = bucket_view(bucket, graph)
    if view.blocks("ignore_public_acls") or view.may_block("ignore_public_acls"):
        return
    acl = view.acl_name()
    if acl in PUBLIC_WRITE_ACLS:
        yield Violation(at=view.acl, message=f"canned ACL {acl!r} lets anyone write objects")
    for grant in acl_grants(bucket, graph):
        who = PUBLIC_GRANTEES.get(as_str(grant.grantee.value) or "")
        permission = as_str(grant.permission.value)
        if who is not None and permission in WRITE_PERMISSIONS:
            yield Violation(at=grant.permission, message=f"ACL grants {permission} to {who}")


def _public_write_policy(resource: Resource, graph: ResourceGraph) -> Iterator[Violation]:
    path = POLICY_PATHS.get(resource.type_key)
    if path is None or not resource.field(*path).present:
        return
    if resource.type_key in BUCKET_TYPES:
        blocks = bucket_view(resource, graph).access_blocks
    else:
        blocks = policy_access_blocks(resource, graph)
    if public_policy_neutralised(blocks):
        return
    for statement in policy_statements(resource, path, graph):
        if not statement.allows or statement.has_condition or not statement.public_principals():
            continue
        for action in WRITE_ACTIONS:
            where = statement.granting(action)
            if where is not None:
                yield Violation(at=where, message=f"bucket policy allows {action} to Principal *")
                break
