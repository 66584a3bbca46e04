"""Small readers of cloud names shared by the live and planned sides: ARNs, masked secrets."""

from __future__ import annotations

from typing import Any

MASK = "****"
SHOWN = 4
"""Characters of a secret shown before the mask, for values long enough to keep it secret."""
MIN_SHOWN_LENGTH = 8


def mask(value: Any) -> Any:
    """A secret value fit for reports and inventory files: the first four characters of a
    string of eight or more, then `****` (`Sup3rSecret!` -> `Sup3****`); shorter strings and
    other scalars become `****`. Never the whole value, never its length."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if len(text) >= MIN_SHOWN_LENGTH:
        return text[:SHOWN] + MASK
    return MASK


def is_masked(value: Any) -> bool:
    return isinstance(value, str) and value.endswith(MASK)


def arn_region(arn: Any) -> str | None:
    """The region of an ARN (`arn:aws:lambda:us-east-1:...`); None when it has none (IAM, S3)
    or the value is not an ARN."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":")
    return parts[3] or None if len(parts) > 3 else None


def arn_resource(arn: str) -> str:
    """The last name in an ARN (`arn:aws:iam::1:policy/team/app` -> `app`,
    `arn:aws:lambda:r:1:function:api` -> `api`); other text as it is."""
    if not arn.startswith("arn:"):
        return arn
    tail = arn.split(":", 5)[-1]
    return tail.replace(":", "/").rsplit("/", 1)[-1]


def policy_reference(value: str) -> str:
    """A managed policy by name, marking AWS-managed ones (`aws/ReadOnlyAccess`), so that an
    ARN on one side and a policy name on the other still meet."""
    if value.startswith("arn:") and value.split(":")[4:5] == ["aws"]:
        return "aws/" + arn_resource(value)
    return arn_resource(value)
