"""What drift knows about each resource type, as one table to read top to bottom.

For each Terraform type: how it is identified in the cloud (alternatives, strongest first),
which attributes are compared (security-relevant ones first, as reports list them), how each is
compared (`shape`), and, for parts of another resource, its parent. Types not in the table are
not compared.

Shapes: `value` (compared key by key, only where the planned side sets a value; lists of
scalars in any order), `rules` (security group rules, compared rule by rule and source by
source), `document` (a JSON policy, compared as data), `keyed:<key>` (blocks matched by a key,
e.g. inline policies by name), `secret` (values masked on both sides before comparing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Attr:
    name: str
    security: bool = False
    shape: str = "value"


@dataclass(frozen=True, slots=True)
class Parent:
    """The resource this one is part of, and the attribute that names it."""

    type: str
    attribute: str


@dataclass(frozen=True, slots=True)
class TypeSpec:
    identity: tuple[tuple[str, ...], ...]
    attributes: tuple[Attr, ...] = ()
    parent: Parent | None = None
    is_default: Callable[[Mapping[str, Any]], bool] | None = None
    """True for a part in the state AWS gives every resource (a private bucket ACL): such a
    part is not reported as unmanaged."""


def S(name: str, shape: str = "value") -> Attr:
    """A security-relevant attribute."""
    return Attr(name, True, shape)


def A(name: str, shape: str = "value") -> Attr:
    return Attr(name, False, shape)


def _private_acl(attributes: Mapping[str, Any]) -> bool:
    return attributes.get("acl") == "private"


def _all_blocked(attributes: Mapping[str, Any]) -> bool:
    keys = (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    )
    return all(attributes.get(key) is True for key in keys)


def _default_encryption(attributes: Mapping[str, Any]) -> bool:
    """SSE-S3 with no KMS key: what AWS applies to every bucket since January 2023."""
    rules = attributes.get("rule") or []
    if len(rules) != 1:
        return False
    applied = (rules[0].get("apply_server_side_encryption_by_default") or [{}])[0]
    return applied.get("sse_algorithm") == "AES256" and not applied.get("kms_master_key_id")


_BUCKET = Parent("aws_s3_bucket", "bucket")
_BLOCK = tuple(
    S(n)
    for n in (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    )
)
_GROUP = (
    S("ingress", "rules"),
    S("egress", "rules"),
    A("name"),
    A("description"),
    A("vpc_id"),
    A("tags"),
)
_VPC = (
    A("cidr_block"),
    A("enable_dns_support"),
    A("enable_dns_hostnames"),
    A("instance_tenancy"),
    A("tags"),
)

TYPES: dict[str, TypeSpec] = {
    "aws_s3_bucket": TypeSpec(
        (("bucket",),),
        (
            S("acl"),
            S("policy", "document"),
            S("server_side_encryption_configuration"),
            S("versioning"),
            A("tags"),
        ),
    ),
    "aws_s3_bucket_acl": TypeSpec(
        (("bucket",),), (S("acl"), S("access_control_policy")), _BUCKET, _private_acl
    ),
    "aws_s3_bucket_public_access_block": TypeSpec((("bucket",),), _BLOCK, _BUCKET, _all_blocked),
    "aws_s3_bucket_server_side_encryption_configuration": TypeSpec(
        (("bucket",),), (S("rule"),), _BUCKET, _default_encryption
    ),
    "aws_s3_bucket_versioning": TypeSpec((("bucket",),), (S("versioning_configuration"),), _BUCKET),
    "aws_s3_bucket_policy": TypeSpec((("bucket",),), (S("policy", "document"),), _BUCKET),
    "aws_s3_account_public_access_block": TypeSpec((("account_id",),), _BLOCK),
    "aws_security_group": TypeSpec((("id",), ("name", "vpc_id"), ("name",)), _GROUP),
    "aws_default_security_group": TypeSpec((("id",), ("vpc_id",)), _GROUP),
    "aws_instance": TypeSpec(
        (("id",),),
        (
            S("associate_public_ip_address"),
            S("metadata_options"),
            S("root_block_device"),
            S("ebs_block_device", "keyed:device_name"),
            S("vpc_security_group_ids"),
            S("iam_instance_profile"),
            A("instance_type"),
            A("ami"),
            A("subnet_id"),
            A("key_name"),
            A("monitoring"),
            A("ebs_optimized"),
            A("tags"),
        ),
    ),
    "aws_ebs_volume": TypeSpec(
        (("id",),),
        (
            S("encrypted"),
            S("kms_key_id"),
            A("size"),
            A("type"),
            A("availability_zone"),
            A("snapshot_id"),
            A("multi_attach_enabled"),
            A("tags"),
        ),
    ),
    "aws_vpc": TypeSpec((("id",),), _VPC),
    "aws_default_vpc": TypeSpec((("id",),), _VPC),
    "aws_flow_log": TypeSpec(
        (("id",),),
        (
            S("traffic_type"),
            S("log_destination"),
            S("log_destination_type"),
            S("iam_role_arn"),
            A("vpc_id"),
            A("subnet_id"),
            A("eni_id"),
            A("log_group_name"),
            A("max_aggregation_interval"),
            A("log_format"),
            A("tags"),
        ),
    ),
    "aws_iam_role": TypeSpec(
        (("name",),),
        (
            S("assume_role_policy", "document"),
            S("inline_policy", "keyed:name"),
            S("managed_policy_arns"),
            S("permissions_boundary"),
            A("path"),
            A("description"),
            A("max_session_duration"),
        ),
    ),
    "aws_iam_user": TypeSpec((("name",),), (S("permissions_boundary"), A("path"))),
    "aws_iam_policy": TypeSpec((("name",),), (S("policy", "document"), A("path"))),
    "aws_iam_role_policy": TypeSpec(
        (("role", "name"),), (S("policy", "document"),), Parent("aws_iam_role", "role")
    ),
    "aws_iam_user_policy": TypeSpec(
        (("user", "name"),), (S("policy", "document"),), Parent("aws_iam_user", "user")
    ),
    "aws_iam_role_policy_attachment": TypeSpec(
        (("role", "policy_arn"),), (), Parent("aws_iam_role", "role")
    ),
    "aws_iam_user_policy_attachment": TypeSpec(
        (("user", "policy_arn"),), (), Parent("aws_iam_user", "user")
    ),
    "aws_db_instance": TypeSpec(
        (("identifier",),),
        (
            S("publicly_accessible"),
            S("storage_encrypted"),
            S("kms_key_id"),
            S("iam_database_authentication_enabled"),
            S("deletion_protection"),
            S("backup_retention_period"),
            S("vpc_security_group_ids"),
            A("instance_class"),
            A("engine"),
            A("allocated_storage"),
            A("storage_type"),
            A("multi_az"),
            A("auto_minor_version_upgrade"),
            A("username"),
            A("db_subnet_group_name"),
            A("enabled_cloudwatch_logs_exports"),
            A("tags"),
        ),
    ),
    "aws_lambda_function": TypeSpec(
        (("function_name",),),
        (
            S("role"),
            S("environment", "secret"),
            S("kms_key_arn"),
            S("vpc_config"),
            A("runtime"),
            A("handler"),
            A("timeout"),
            A("memory_size"),
            A("tracing_config"),
            A("layers"),
            A("architectures"),
            A("package_type"),
            A("description"),
        ),
    ),
    "aws_lambda_permission": TypeSpec(
        (("function_name", "statement_id"),),
        (
            S("principal"),
            S("action"),
            S("source_arn"),
            S("source_account"),
            S("principal_org_id"),
            S("function_url_auth_type"),
        ),
        Parent("aws_lambda_function", "function_name"),
    ),
    "aws_lambda_function_url": TypeSpec(
        (("function_name",),),
        (S("authorization_type"), A("invoke_mode")),
        Parent("aws_lambda_function", "function_name"),
    ),
    "aws_kms_key": TypeSpec(
        (("key_id",), ("@alias",)),
        (
            S("enable_key_rotation"),
            S("policy", "document"),
            S("is_enabled"),
            A("key_usage"),
            A("customer_master_key_spec"),
            A("description"),
            A("multi_region"),
        ),
    ),
    "aws_kms_alias": TypeSpec(
        (("name",),), (A("target_key_id"),), Parent("aws_kms_key", "target_key_id")
    ),
    "aws_cloudtrail": TypeSpec(
        (("name",),),
        (
            S("enable_logging"),
            S("is_multi_region_trail"),
            S("enable_log_file_validation"),
            S("include_global_service_events"),
            S("kms_key_id"),
            S("s3_bucket_name"),
            A("s3_key_prefix"),
            A("cloud_watch_logs_group_arn"),
            A("cloud_watch_logs_role_arn"),
            A("is_organization_trail"),
            A("sns_topic_name"),
            A("tags"),
        ),
    ),
}

GLOBAL_TYPES = frozenset(
    {
        "aws_iam_role",
        "aws_iam_user",
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_s3_account_public_access_block",
    }
)
"""Types without a region: a planned one is compared whatever regions were read."""
