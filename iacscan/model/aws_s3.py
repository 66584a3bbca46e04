"""One view of an S3 bucket, however it is written.

Terraform (AWS provider v4+) spreads a bucket over several resources that refer to it
(`aws_s3_bucket_acl`, `aws_s3_bucket_public_access_block`,
`aws_s3_bucket_server_side_encryption_configuration`, ...); older code and CloudFormation write
everything on the bucket. Checks read this view and never care which form was used.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import MISSING, Field, Framework, Resource

PUBLIC_READ_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
PUBLIC_WRITE_ACLS = frozenset({"public-read-write"})
# CloudFormation spells canned ACLs in PascalCase.
CFN_ACL_NAMES = {
    "Private": "private",
    "PublicRead": "public-read",
    "PublicReadWrite": "public-read-write",
    "AuthenticatedRead": "authenticated-read",
    "LogDeliveryWrite": "log-delivery-write",
    "BucketOwnerRead": "bucket-owner-read",
    "BucketOwnerFullControl": "bucket-owner-full-control",
    "AwsExecRead": "aws-exec-read",
}


@dataclass(frozen=True, slots=True)
class PublicAccessBlock:
    block_public_acls: Field
    ignore_public_acls: Field
    block_public_policy: Field
    restrict_public_buckets: Field


@dataclass(frozen=True, slots=True)
class BucketView:
    resource: Resource
    acl: Field
    """The canned ACL, normalised to the Terraform spelling (`public-read`)."""
    access_blocks: tuple[PublicAccessBlock, ...]
    """Bucket-level and account-level public access blocks that apply."""

    def acl_name(self) -> str | None:
        value = self.acl.value
        if not self.acl.known or not isinstance(value, str):
            return None
        return CFN_ACL_NAMES.get(value, value)

    def blocks(self, setting: str) -> bool:
        """True when any applicable public access block sets `setting` to true."""
        from iacscan.graph.values import is_true

        return any(is_true(getattr(b, setting).value) for b in self.access_blocks)

    def may_block(self, setting: str) -> bool:
        """True when a block's `setting` is unknown: it might block, so do not report."""
        return any(getattr(b, setting).unknown for b in self.access_blocks)


def bucket_view(bucket: Resource, graph: ResourceGraph) -> BucketView:
    if bucket.framework is Framework.CLOUDFORMATION:
        return _cloudformation_bucket(bucket)
    return _terraform_bucket(bucket, graph)


def _terraform_bucket(bucket: Resource, graph: ResourceGraph) -> BucketView:
    acl = bucket.field("acl")
    for acl_resource in graph.referenced_by(bucket, "aws_s3_bucket_acl"):
        if acl_resource.field("acl").present:
            acl = acl_resource.field("acl")
    blocks = [
        _terraform_block(b)
        for b in graph.referenced_by(bucket, "aws_s3_bucket_public_access_block")
    ]
    blocks.extend(
        _terraform_block(b)
        for b in graph.of_type(bucket.framework, "aws_s3_account_public_access_block")
    )
    return BucketView(bucket, acl, tuple(blocks))


def _terraform_block(resource: Resource) -> PublicAccessBlock:
    return PublicAccessBlock(
        block_public_acls=resource.field("block_public_acls"),
        ignore_public_acls=resource.field("ignore_public_acls"),
        block_public_policy=resource.field("block_public_policy"),
        restrict_public_buckets=resource.field("restrict_public_buckets"),
    )


def _cloudformation_bucket(bucket: Resource) -> BucketView:
    config = bucket.field("PublicAccessBlockConfiguration")
    blocks: tuple[PublicAccessBlock, ...] = ()
    if config.value is not MISSING:
        blocks = (
            PublicAccessBlock(
                block_public_acls=config.get("BlockPublicAcls"),
                ignore_public_acls=config.get("IgnorePublicAcls"),
                block_public_policy=config.get("BlockPublicPolicy"),
                restrict_public_buckets=config.get("RestrictPublicBuckets"),
            ),
        )
    return BucketView(bucket, bucket.field("AccessControl"), blocks)
