"""CloudTrail trails, each read once in its home region (a multi-region trail shows up in
every region as a "shadow" copy, which is left out)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.inventory import Link, LiveRecord

SERVICE = "cloudtrail"
CLIENT = "cloudtrail"
GLOBAL = False
TRAIL = "aws_cloudtrail"
TYPES = (TRAIL,)


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    answer = client.describe_trails(includeShadowTrails=False)
    for trail in answer.get("trailList", []):
        if trail.get("HomeRegion", context.region) != context.region:
            continue
        status = context.optional(
            lambda name=trail["TrailARN"]: client.get_trail_status(Name=name),  # type: ignore[misc]
            "GetTrailStatus",
        )
        yield _trail(trail, status, context.region)


def _trail(trail: dict[str, Any], status: dict[str, Any] | None, region: str) -> LiveRecord:
    name = trail["Name"]
    attributes: dict[str, Any] = {
        "name": name,
        "arn": trail.get("TrailARN"),
        "s3_bucket_name": trail.get("S3BucketName"),
        "s3_key_prefix": trail.get("S3KeyPrefix"),
        "is_multi_region_trail": bool(trail.get("IsMultiRegionTrail", False)),
        "include_global_service_events": bool(trail.get("IncludeGlobalServiceEvents", False)),
        "enable_log_file_validation": bool(trail.get("LogFileValidationEnabled", False)),
        "is_organization_trail": bool(trail.get("IsOrganizationTrail", False)),
        "kms_key_id": trail.get("KmsKeyId"),
        "cloud_watch_logs_group_arn": trail.get("CloudWatchLogsLogGroupArn"),
        "cloud_watch_logs_role_arn": trail.get("CloudWatchLogsRoleArn"),
        "sns_topic_name": trail.get("SnsTopicName"),
    }
    if status is not None:
        attributes["enable_logging"] = bool(status.get("IsLogging", False))
    links: tuple[Link, ...] = ()
    if trail.get("S3BucketName"):
        links = (Link("aws_s3_bucket", trail["S3BucketName"], ("s3_bucket_name",)),)
    return record(TRAIL, name, region, attributes, links=links)
