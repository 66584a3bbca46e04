"""Attributes a planned resource may write inline that live resources keep as parts.

The live model is the AWS provider v4+ one: a bucket's versioning is an
`aws_s3_bucket_versioning`, a role's inline policy an `aws_iam_role_policy`. Older code (and
the computed attributes of a v4+ state) write them on the parent: `versioning { enabled =
true }`, `inline_policy { ... }`. To compare those, the live parent's value is built from its
live parts; when the planned side also has the part as a resource of its own, the part is
compared instead and the inline attribute is skipped (one difference, reported once).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Parts = list[Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Fold:
    part_type: str
    build: Callable[[Parts], Any]
    """The parent attribute's value from its live parts (an empty list when there are none)."""


def _acl(parts: Parts) -> Any:
    return parts[0].get("acl") if parts else None


def _versioning(parts: Parts) -> Any:
    if not parts:
        return [{"enabled": False, "mfa_delete": False}]
    configuration = (parts[0].get("versioning_configuration") or [{}])[0]
    return [
        {
            "enabled": configuration.get("status") == "Enabled",
            "mfa_delete": configuration.get("mfa_delete") == "Enabled",
        }
    ]


def _encryption(parts: Parts) -> Any:
    return [{"rule": parts[0].get("rule")}] if parts else []


def _policy(parts: Parts) -> Any:
    return parts[0].get("policy") if parts else None


def _inline_policies(parts: Parts) -> Any:
    return [{"name": p.get("name"), "policy": p.get("policy")} for p in parts]


def _managed_policies(parts: Parts) -> Any:
    return [p.get("policy_arn") for p in parts]


FOLDS: dict[tuple[str, str], Fold] = {
    ("aws_s3_bucket", "acl"): Fold("aws_s3_bucket_acl", _acl),
    ("aws_s3_bucket", "versioning"): Fold("aws_s3_bucket_versioning", _versioning),
    ("aws_s3_bucket", "server_side_encryption_configuration"): Fold(
        "aws_s3_bucket_server_side_encryption_configuration", _encryption
    ),
    ("aws_s3_bucket", "policy"): Fold("aws_s3_bucket_policy", _policy),
    ("aws_iam_role", "inline_policy"): Fold("aws_iam_role_policy", _inline_policies),
    ("aws_iam_role", "managed_policy_arns"): Fold(
        "aws_iam_role_policy_attachment", _managed_policies
    ),
}


def folded_attributes(parent_type: str, part_type: str) -> list[str]:
    """The parent attributes a part type is folded into."""
    return [a for (p, a), fold in FOLDS.items() if p == parent_type and fold.part_type == part_type]
