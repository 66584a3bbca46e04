"""Terraform's value conversions, shared by the evaluator and the functions.

Values are plain Python data: str, int/float (HCL numbers), bool, None (null), list (tuples,
lists and sets, sets kept sorted), dict (objects and maps), and `Unknown`. Whatever Terraform
rejects raises `EvalError`; the evaluator turns that into an unknown value, never a crash.
"""

from __future__ import annotations

import json
import math
from typing import Any

from iacscan.graph.model import Unknown

Number = int | float


class EvalError(Exception):
    """An expression Terraform itself would reject (type error, missing key, bad index)."""


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, Unknown):
        return "unknown"
    return type(value).__name__


def normalize_number(value: Number) -> Number:
    """HCL has one number type: 4 / 2 is 2, not 2.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def to_number(value: Any) -> Number:
    if isinstance(value, bool):
        raise EvalError("a bool is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise EvalError(f"{value!r} is not a number") from None
        if math.isfinite(number):
            return normalize_number(number)
    raise EvalError(f"a {type_name(value)} is not a number")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a {type_name(value)} ({value!r}) is not a bool")


def format_number(value: Number) -> str:
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    return repr(value)


def to_string(value: Any) -> str:
    """A primitive as Terraform writes it into a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if value is None:
        raise EvalError("a null value cannot become a string")
    raise EvalError(f"a {type_name(value)} cannot become a string")


def to_integer(value: Any) -> int:
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise EvalError(f"{number} is not a whole number")
        return int(number)
    return number


def equal(left: Any, right: Any) -> bool:
    """Terraform equality: types must match (1 != "1", true != 1), collections compare deeply."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            equal(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(equal(left[k], right[k]) for k in left)
    if type(left) is not type(right):
        return False
    return bool(left == right)


def as_key(value: Any) -> str:
    """An object key or map key from a value (numbers and bools become strings)."""
    if isinstance(value, (list, dict)) or value is None:
        raise EvalError(f"a {type_name(value)} cannot be an object key")
    return to_string(value)


def json_ready(value: Any) -> Any:
    """The value with whole floats as ints, so `jsonencode` writes 1 and not 1.0."""
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    return value


def json_encode(value: Any, *, indent: int | None = None) -> str:
    """JSON the way Terraform writes it: keys sorted, compact, HTML characters escaped."""
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(
        json_ready(value), sort_keys=True, separators=separators, indent=indent, ensure_ascii=False
    )
    # JSON syntax never contains these characters outside strings, so replacing is safe.
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def sort_set(items: list[Any]) -> list[Any]:
    """A set as a list: duplicates removed, strings and numbers in Terraform's order."""
    unique: list[Any] = []
    for item in items:
        if not any(equal(item, seen) for seen in unique):
            unique.append(item)
    if all(isinstance(i, str) for i in unique):
        return sorted(unique)
    if all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in unique):
        return sorted(unique)
    return unique
