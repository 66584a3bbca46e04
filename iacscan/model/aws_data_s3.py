"""S3 bucket versioning and access logging, however they are written.

Terraform AWS provider v4+ moves both settings to separate resources
(`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`) that name the bucket by reference or by
literal name; older code writes `versioning` / `logging` blocks on the bucket. CloudFormation
writes `VersioningConfiguration` / `LoggingConfiguration` on the bucket.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource


def bucket_settings(bucket: Resource, graph: ResourceGraph, type_key: str) -> Iterator[Resource]:
    """Terraform resources of `type_key` whose `bucket` argument names `bucket` (by reference
    or literal name)."""
    for resource in graph.of_type(bucket.framework, type_key):
        if any(found is bucket for found in configured_buckets(resource, graph) or ()):
            yield resource


def configured_buckets(resource: Resource, graph: ResourceGraph) -> list[Resource] | None:
    """The buckets a Terraform bucket-settings resource configures: the one its `bucket`
    argument refers to, else the bucket of the same scope with that literal name, else (for
    `for_each = aws_s3_bucket.x` with `bucket = each.value.id`) every bucket its `for_each`
    refers to. None when it cannot be told."""
    by_path: dict[str, list[Resource]] = {"bucket": [], "for_each": []}
    for edge in graph.edges_from(resource):
        target = graph.get(edge.target)
        key = edge.path[0] if edge.path else None
        is_bucket = target is not None and target.type == "aws_s3_bucket"
        if isinstance(key, str) and key in by_path and is_bucket and target is not None:
            by_path[key].append(target)
    if by_path["bucket"]:
        return by_path["bucket"][:1]
    name = resource.get("bucket")
    if isinstance(name, str):
        return [
            bucket
            for bucket in graph.of_type(resource.framework, "aws_s3_bucket")
            if bucket.get("bucket") == name and _same_scope(bucket, resource)
        ]
    return by_path["for_each"] or None


def may_configure_unknown_bucket(bucket: Resource, graph: ResourceGraph, type_key: str) -> bool:
    """True when a resource of `type_key` in the bucket's scope names a bucket that cannot be
    resolved (an unknown name that refers to no bucket): it may configure this bucket."""
    for resource in graph.of_type(bucket.framework, type_key):
        if not _same_scope(resource, bucket):
            continue
        if resource.field("bucket").unknown and configured_buckets(resource, graph) is None:
            return True
    return False


def _same_scope(a: Resource, b: Resource) -> bool:
    return a.id.split("::", 1)[0] == b.id.split("::", 1)[0] and a.module == b.module


# Resources that ship their own logs into a bucket: such a bucket is a log destination.
_LOG_WRITERS = frozenset(
    {
        "aws_s3_bucket_logging",
        "aws_cloudtrail",
        "aws_flow_log",
        "AWS::CloudTrail::Trail",
        "AWS::EC2::FlowLog",
    }
)


def is_log_destination(bucket: Resource, graph: ResourceGraph) -> bool:
    """True when another resource writes its logs into this bucket: an access-logging target
    (inline, separate resource or CloudFormation `LoggingConfiguration`), a CloudTrail trail,
    flow logs, or any reference written under a logging setting (`access_logs`,
    `logging_config`, ...). Literal bucket names count as well as references."""
    for edge in graph.edges_to(bucket):
        source = graph.get(edge.source)
        if source is None:
            continue
        if source.type_key == "aws_s3_bucket_logging" and edge.path[:1] != ("target_bucket",):
            continue
        if source.type_key in _LOG_WRITERS or any(
            isinstance(part, str) and "log" in part.lower() for part in edge.path
        ):
            return True
    return _named_as_log_target(bucket, graph)


def _named_as_log_target(bucket: Resource, graph: ResourceGraph) -> bool:
    """A literal `target_bucket` / `DestinationBucketName` equal to the bucket's name."""
    cloudformation = bucket.framework is Framework.CLOUDFORMATION
    name = bucket.get("BucketName" if cloudformation else "bucket")
    if not isinstance(name, str):
        return False
    if cloudformation:
        return any(
            other.get("LoggingConfiguration", "DestinationBucketName") == name
            for other in graph.of_type(bucket.framework, "AWS::S3::Bucket")
            if other is not bucket
        )
    if any(
        logging.get("target_bucket") == name
        for logging in graph.of_type(bucket.framework, "aws_s3_bucket_logging")
    ):
        return True
    return any(
        block.value.get("target_bucket") == name
        for other in graph.of_type(bucket.framework, "aws_s3_bucket")
        if other is not bucket
        for block in other.blocks("logging")
        if isinstance(block.value, dict)
    )


def bucket_policies(bucket: Resource, graph: ResourceGraph) -> list[Field]:
    """Every policy written for the bucket: Terraform `aws_s3_bucket_policy.policy` resources
    naming it and an inline `policy` (provider v3); CloudFormation `AWS::S3::BucketPolicy`
    `PolicyDocument`s whose `Bucket` refers to it or names it."""
    if bucket.framework is Framework.CLOUDFORMATION:
        return [
            policy.field("PolicyDocument")
            for policy in graph.of_type(bucket.framework, "AWS::S3::BucketPolicy")
            if _cloudformation_policy_bucket(policy, graph) is bucket
        ]
    found = [
        policy.field("policy") for policy in bucket_settings(bucket, graph, "aws_s3_bucket_policy")
    ]
    if bucket.field("policy").present:
        found.append(bucket.field("policy"))
    return found


def _cloudformation_policy_bucket(policy: Resource, graph: ResourceGraph) -> Resource | None:
    for edge in graph.edges_from(policy):
        target = graph.get(edge.target)
        if edge.path[:1] == ("Bucket",) and target is not None and target.type == "AWS::S3::Bucket":
            return target
    name = policy.get("Bucket")
    if not isinstance(name, str):
        return None
    for bucket in graph.of_type(policy.framework, "AWS::S3::Bucket"):
        if bucket.get("BucketName") == name and _same_scope(bucket, policy):
            return bucket
    return None


def may_have_unresolved_policy(bucket: Resource, graph: ResourceGraph) -> bool:
    """A bucket policy in the bucket's scope whose bucket cannot be resolved: it may be this
    bucket's."""
    if bucket.framework is Framework.CLOUDFORMATION:
        return any(
            _same_scope(policy, bucket)
            and policy.field("Bucket").unknown
            and _cloudformation_policy_bucket(policy, graph) is None
            for policy in graph.of_type(bucket.framework, "AWS::S3::BucketPolicy")
        )
    return may_configure_unknown_bucket(bucket, graph, "aws_s3_bucket_policy")
