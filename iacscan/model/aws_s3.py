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


# Default encryption: `apply_server_side_encryption_by_default.sse_algorithm` in Terraform (inline
# on the bucket before provider v4, or a separate resource since), `SSEAlgorithm` in
# CloudFormation. Both spell the algorithms `AES256`, `aws:kms`, `aws:kms:dsse`.
KMS_ALGORITHMS = frozenset({"aws:kms", "aws:kms:dsse"})


@dataclass(frozen=True, slots=True)
class DefaultEncryption:
    """Where default encryption is configured and the algorithms its rules name."""

    configurations: tuple[Field, ...]
    """Every written encryption configuration (inline block, separate resource, CFN block)."""
    algorithms: tuple[Field, ...]
    """Every rule's `sse_algorithm` / `SSEAlgorithm` field (MISSING when a rule omits it)."""


def default_encryption(bucket: Resource, graph: ResourceGraph) -> DefaultEncryption:
    if bucket.framework is Framework.CLOUDFORMATION:
        config = bucket.field("BucketEncryption")
        rules = config.get("ServerSideEncryptionConfiguration")
        algorithms = [
            rule.get("ServerSideEncryptionByDefault", "SSEAlgorithm") for rule in _items(rules)
        ]
        return DefaultEncryption(_present(config), tuple(algorithms))
    configs = list(bucket.blocks("server_side_encryption_configuration"))
    configs.extend(
        Field(r, (), r.attributes)
        for r in graph.referenced_by(bucket, "aws_s3_bucket_server_side_encryption_configuration")
    )
    found = []
    for config in configs:
        for rule in _items(config.get("rule")):
            for default in _items(rule.get("apply_server_side_encryption_by_default")):
                found.append(default.get("sse_algorithm"))
    return DefaultEncryption(tuple(configs), tuple(found))


def _items(field: Field) -> list[Field]:
    """The elements of a list-valued field as fields; the field itself for a single value."""
    if isinstance(field.value, list):
        return [field.get(index) for index in range(len(field.value))]
    return [field] if field.present else []


def _present(field: Field) -> tuple[Field, ...]:
    return (field,) if field.present else ()


def policy_bucket(policy: Resource, graph: ResourceGraph) -> Resource | None:
    """The bucket a bucket policy resource applies to: the one it refers to, else the bucket in
    the same scan (and module) whose literal name it names."""
    cloudformation = policy.framework is Framework.CLOUDFORMATION
    bucket_type = "AWS::S3::Bucket" if cloudformation else "aws_s3_bucket"
    for bucket in graph.references(policy, bucket_type):
        return bucket
    name = policy.get("Bucket" if cloudformation else "bucket")
    if not isinstance(name, str):
        return None
    name_key = "BucketName" if cloudformation else "bucket"
    for bucket in graph.of_type(policy.framework, bucket_type):
        if bucket.get(name_key) == name and _same_scope(bucket, policy):
            return bucket
    return None


def _same_scope(a: Resource, b: Resource) -> bool:
    """Same template, or same Terraform directory and module instance."""
    return a.id.split("::", 1)[0] == b.id.split("::", 1)[0] and a.module == b.module


def policy_access_blocks(policy: Resource, graph: ResourceGraph) -> tuple[PublicAccessBlock, ...]:
    """The public access blocks that apply to a bucket policy resource's bucket (the
    account-level ones even when the bucket is not in the scan)."""
    bucket = policy_bucket(policy, graph)
    if bucket is not None:
        return bucket_view(bucket, graph).access_blocks
    return tuple(
        _terraform_block(b)
        for b in graph.of_type(policy.framework, "aws_s3_account_public_access_block")
    )


def public_policy_neutralised(blocks: tuple[PublicAccessBlock, ...]) -> bool:
    """True when a block rejects public bucket policies (`block_public_policy`) or makes them
    ineffective (`restrict_public_buckets`), or may do so (the setting is unknown)."""
    from iacscan.graph.values import is_true

    settings = ("block_public_policy", "restrict_public_buckets")
    return any(
        is_true(getattr(b, s).value) or getattr(b, s).unknown for b in blocks for s in settings
    )


# ACL grants (Terraform only: CloudFormation buckets take a canned ACL). Both groups are
# public: AuthenticatedUsers means any AWS account in the world.
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "everyone",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account",
}


@dataclass(frozen=True, slots=True)
class Grant:
    grantee: Field
    """The grantee group URI."""
    permission: Field
    """One permission (`READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`)."""


def acl_grants(bucket: Resource, graph: ResourceGraph) -> list[Grant]:
    """Explicit ACL grants: `grant` blocks on the bucket (provider v3) and the
    `access_control_policy` of an `aws_s3_bucket_acl` (v4+)."""
    grants = []
    for block in bucket.blocks("grant"):
        for permission in _items(block.get("permissions")):
            grants.append(Grant(block.get("uri"), permission))
    for acl in graph.referenced_by(bucket, "aws_s3_bucket_acl"):
        for policy in acl.blocks("access_control_policy"):
            for block in _items(policy.get("grant")):
                for grantee in _items(block.get("grantee")):
                    grants.append(Grant(grantee.get("uri"), block.get("permission")))
    return grants
