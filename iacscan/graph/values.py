"""Reading attribute values the way every IaC format writes them.

Formats disagree on scalars: CloudFormation often writes booleans as "true", ARM and Kubernetes
write numbers as strings, HCL writes `true`. These helpers give one answer, and `None` where the
value is unknown, missing or of another kind, so a check can tell "false" from "cannot tell".
"""

from __future__ import annotations

from typing import Any

from iacscan.graph.model import MISSING, Unknown

_TRUE_WORDS = frozenset({"true", "yes", "on", "enabled"})
_FALSE_WORDS = frozenset({"false", "no", "off", "disabled"})


def as_bool(value: Any) -> bool | None:
    """True/False for booleans and their usual string spellings; None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def is_true(value: Any) -> bool:
    return as_bool(value) is True


def is_false(value: Any) -> bool:
    """Explicitly false; missing and unknown values are not false."""
    return as_bool(value) is False


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_str(value: Any) -> str | None:
    """The value as a string for scalars; None for unknown, missing and collections."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None


def as_list(value: Any) -> list[Any]:
    """A list for lists, a one-element list for a scalar, empty for missing or unknown."""
    if value is MISSING or isinstance(value, Unknown) or value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
