"""S3 bucket versioning and access logging, however they are written.

Terraform AWS provider v4+ moves both settings to separate resources
(`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`) that name the bucket by reference or by
literal name; older code writes `versioning` / `logging` blocks on the bucket. CloudFormation
writes `VersioningConfiguration` / `LoggingConfiguration` on the bucket.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource

_T = TypeVar("_T")
# Per-graph indexes, built once per scan instead of once per bucket (every bucket scanning every
# policy is quadratic). Weak keys: an index dies with its graph. The graph's size is kept beside
# each index so a graph grown after the index was built gets a fresh one.
_INDEXES: weakref.WeakKeyDictionary[ResourceGraph, dict[Any, tuple[int, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _indexed(graph: ResourceGraph, key: Any, build: Callable[[], _T]) -> _T:
    indexes = _INDEXES.setdefault(graph, {})
    stamp = len(graph)
    known = indexes.get(key)
    if known is None or known[0] != stamp:
        known = (stamp, build())
        indexes[key] = known
    value: _T = known[1]
    return value


def _scope(resource: Resource) -> tuple[str, str]:
    return resource.id.split("::", 1)[0], str(resource.module)


def _buckets_named(graph: ResourceGraph, framework: Framework, name: str) -> list[Resource]:
    """Buckets whose literal name (`bucket` / `BucketName`) is `name`."""
    attribute = "BucketName" if framework is Framework.CLOUDFORMATION else "bucket"
    type_key = "AWS::S3::Bucket" if framework is Framework.CLOUDFORMATION else "aws_s3_bucket"

    def build() -> dict[str, list[Resource]]:
        by_name: dict[str, list[Resource]] = defaultdict(list)
        for bucket in graph.of_type(framework, type_key):
            value = bucket.get(attribute)
            if isinstance(value, str):
                by_name[value].append(bucket)
        return by_name

    found: list[Resource] = _indexed(graph, ("named", framework), build).get(name, [])
    return found


def bucket_settings(bucket: Resource, graph: ResourceGraph, type_key: str) -> Iterator[Resource]:
    """Terraform resources of `type_key` whose `bucket` argument names `bucket` (by reference
    or literal name)."""
    yield from _settings_by_bucket(graph, bucket.framework, type_key).get(bucket.id, ())


def _settings_by_bucket(
    graph: ResourceGraph, framework: Framework, type_key: str
) -> dict[str, list[Resource]]:
    def build() -> dict[str, list[Resource]]:
        by_bucket: dict[str, list[Resource]] = defaultdict(list)
        for resource in graph.of_type(framework, type_key):
            for found in dict.fromkeys(configured_buckets(resource, graph) or ()):
                by_bucket[found.id].append(resource)
        return by_bucket

    return _indexed(graph, ("settings", framework, type_key), build)


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
            for bucket in _buckets_named(graph, resource.framework, name)
            if _same_scope(bucket, resource)
        ]
    return by_path["for_each"] or None


def may_configure_unknown_bucket(bucket: Resource, graph: ResourceGraph, type_key: str) -> bool:
    """True when a resource of `type_key` in the bucket's scope names a bucket that cannot be
    resolved (an unknown name that refers to no bucket): it may configure this bucket."""

    def build() -> set[tuple[str, str]]:
        return {
            _scope(resource)
            for resource in graph.of_type(bucket.framework, type_key)
            if resource.field("bucket").unknown and configured_buckets(resource, graph) is None
        }

    return _scope(bucket) in _indexed(graph, ("unknown", bucket.framework, type_key), build)


def _same_scope(a: Resource, b: Resource) -> bool:
    return _scope(a) == _scope(b)


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
            for policy in _cloudformation_policies(graph).get(bucket.id, ())
        ]
    found = [
        policy.field("policy") for policy in bucket_settings(bucket, graph, "aws_s3_bucket_policy")
    ]
    if bucket.field("policy").present:
        found.append(bucket.field("policy"))
    return found


def _cloudformation_policies(graph: ResourceGraph) -> dict[str, list[Resource]]:
    def build() -> dict[str, list[Resource]]:
        by_bucket: dict[str, list[Resource]] = defaultdict(list)
        for policy in graph.of_type(Framework.CLOUDFORMATION, "AWS::S3::BucketPolicy"):
            bucket = _cloudformation_policy_bucket(policy, graph)
            if bucket is not None:
                by_bucket[bucket.id].append(policy)
        return by_bucket

    return _indexed(graph, "cloudformation-policies", build)


def _cloudformation_policy_bucket(policy: Resource, graph: ResourceGraph) -> Resource | None:
    for edge in graph.edges_from(policy):
        target = graph.get(edge.target)
        if edge.path[:1] == ("Bucket",) and target is not None and target.type == "AWS::S3::Bucket":
            return target
    name = policy.get("Bucket")
    if not isinstance(name, str):
        return None
    for bucket in _buckets_named(graph, policy.framework, name):
        if _same_scope(bucket, policy):
            return bucket
    return None


def may_have_unresolved_policy(bucket: Resource, graph: ResourceGraph) -> bool:
    """A bucket policy in the bucket's scope whose bucket cannot be resolved: it may be this
    bucket's."""
    if bucket.framework is Framework.CLOUDFORMATION:

        def build() -> set[tuple[str, str]]:
            return {
                _scope(policy)
                for policy in graph.of_type(bucket.framework, "AWS::S3::BucketPolicy")
                if policy.field("Bucket").unknown
                and _cloudformation_policy_bucket(policy, graph) is None
            }

        return _scope(bucket) in _indexed(graph, "cloudformation-unresolved", build)
    return may_configure_unknown_bucket(bucket, graph, "aws_s3_bucket_policy")
