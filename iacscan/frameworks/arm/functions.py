"""The pure ARM template functions: plain values in, a plain value (or `Unknown`) out.

Functions that read the template (`parameters`, `variables`), that name resources
(`resourceId`, `reference`, `list*`) or that evaluate lazily (`if`) live in `expressions.py`.
A function raising any ordinary error on bad input becomes `Unknown`, never a crash: the
deployment would fail there, which is not ours to report.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any, Final

from iacscan.graph.model import Unknown, is_unknown

Function = Callable[..., Any]

# ARM caps range() at 10,000 items; the cap also keeps a hostile template from exhausting memory.
_MAX_ITEMS: Final = 10_000


def text_of(value: Any) -> str:
    """How ARM writes a value into a string (`concat`, `format`, `string`)."""
    if isinstance(value, bool):
        return "True" if value else "False"  # .NET spelling
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return ""
    return json.dumps(value, separators=(",", ":"))


def _require_known(*values: Any) -> None:
    if any(is_unknown(value) for value in values):
        raise _UnknownInside


class _UnknownInside(Exception):
    """An operand holds an unknown part the function must read."""


def _concat(*args: Any) -> Any:
    if args and all(isinstance(arg, list) for arg in args):
        return [item for arg in args for item in arg]
    _require_known(*args)
    if any(isinstance(arg, (list, dict)) for arg in args):
        raise TypeError("concat mixes strings and arrays")
    return "".join(text_of(arg) for arg in args)


_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}")


def _format(template: str, *args: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if token != "{" + match.group(1) + "}":
            raise ValueError("format specifiers are not evaluated")
        value = args[int(match.group(1))]
        _require_known(value)
        return text_of(value)

    return _FORMAT_ITEM.sub(replace, template)


def _equals(left: Any, right: Any) -> bool:
    _require_known(left, right)
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _logic(want: bool) -> Function:
    """`or` (want=True) and `and` (want=False) in three-valued logic."""

    def combine(*args: Any) -> Any:
        if any(arg is want for arg in args):
            return want
        if any(isinstance(arg, Unknown) for arg in args):
            return Unknown("a logical operand is known at deploy time")
        if not all(isinstance(arg, bool) for arg in args):
            raise TypeError("logical functions need booleans")
        return not want

    return combine


def _not(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not needs a boolean")
    return not value


def _contains(container: Any, item: Any) -> bool:
    _require_known(container, item)
    if isinstance(container, str):
        return text_of(item) in container
    if isinstance(container, dict):
        return str(item).lower() in (key.lower() for key in container)
    if isinstance(container, list):
        return item in container
    raise TypeError("contains needs a string, array or object")


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    raise TypeError("empty needs a string, array or object")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"bool of {value!r}")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("int of a boolean")
    return int(value.strip()) if isinstance(value, str) else int(value)


def _split(text: str, delimiters: Any) -> list[str]:
    parts = delimiters if isinstance(delimiters, list) else [delimiters]
    pattern = "|".join(re.escape(str(part)) for part in parts)
    return re.split(pattern, text)


def _substring(text: str, start: int = 0, length: int | None = None) -> str:
    end = len(text) if length is None else start + length
    if start < 0 or end > len(text) or end < start:
        raise IndexError("substring out of range")
    return text[start:end]


def _merge(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    merged = dict(left)
    for key, value in right.items():
        old = merged.get(key)
        both = isinstance(old, dict) and isinstance(value, dict)
        merged[key] = _merge(old, value) if both else value  # type: ignore[arg-type]
    return merged


def _union(*args: Any) -> Any:
    if args and all(isinstance(arg, dict) for arg in args):
        result: dict[str, Any] = {}
        for arg in args:
            result = _merge(result, arg)
        return result
    if args and all(isinstance(arg, list) for arg in args):
        _require_known(*args)
        items: list[Any] = []
        for item in (item for arg in args for item in arg):
            if item not in items:
                items.append(item)
        return items
    raise TypeError("union needs objects or arrays")


def _intersection(first: Any, *others: Any) -> Any:
    _require_known(first, *others)
    if isinstance(first, dict):
        return {k: v for k, v in first.items() if all(o.get(k, object()) == v for o in others)}
    return [item for item in first if all(item in other for other in others)]


def _create_object(*args: Any) -> dict[str, Any]:
    if len(args) % 2:
        raise ValueError("createObject needs key/value pairs")
    return {str(args[i]): args[i + 1] for i in range(0, len(args), 2)}


def _json(text: str) -> Any:
    return json.loads(text)


def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if arg is not None:
            return arg
    return None


def _compare(test: Callable[[Any, Any], bool]) -> Function:
    def compare(left: Any, right: Any) -> bool:
        if isinstance(left, str) != isinstance(right, str):
            raise TypeError("comparing a string and a number")
        return test(left, right)

    return compare


def _div(left: int, right: int) -> int:
    quotient = abs(left) // abs(right)  # .NET integer division truncates toward zero
    return quotient if (left >= 0) == (right >= 0) else -quotient


def _extreme(pick: Callable[..., Any]) -> Function:
    def extreme(*args: Any) -> Any:
        values = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
        _require_known(values)
        return pick(values)

    return extreme


def _first(value: Any) -> Any:
    return value[0]


def _last(value: Any) -> Any:
    return value[-1]


def _index_of(text: str, part: str) -> int:
    return text.lower().find(part.lower())


def _last_index_of(text: str, part: str) -> int:
    return text.lower().rfind(part.lower())


def _pad_left(value: Any, width: int, pad: str = " ") -> str:
    if width > _MAX_ITEMS:
        raise ValueError("padLeft width is too large")
    return text_of(value).rjust(width, pad[:1] or " ")


def _range(start: int, count: int) -> list[int]:
    if not 0 <= count <= _MAX_ITEMS:
        raise ValueError("range count is out of bounds")
    return list(range(start, start + count))


def _string(value: Any) -> str:
    _require_known(value)
    return text_of(value)


FUNCTIONS: Final[dict[str, Function]] = {
    "concat": _concat,
    "format": _format,
    "tolower": lambda text: text.lower(),
    "toupper": lambda text: text.upper(),
    "trim": lambda text: text.strip(),
    "equals": _equals,
    "not": _not,
    "and": _logic(False),
    "or": _logic(True),
    "empty": _empty,
    "contains": _contains,
    "length": len,
    "string": _string,
    "int": _int,
    "bool": _bool,
    "replace": lambda text, old, new: text.replace(old, new),
    "split": _split,
    "substring": _substring,
    "startswith": lambda text, part: text.lower().startswith(part.lower()),
    "endswith": lambda text, part: text.lower().endswith(part.lower()),
    "indexof": _index_of,
    "lastindexof": _last_index_of,
    "padleft": _pad_left,
    "union": _union,
    "intersection": _intersection,
    "createarray": lambda *items: list(items),
    "array": lambda value: value if isinstance(value, list) else [value],
    "createobject": _create_object,
    "json": _json,
    "coalesce": _coalesce,
    "first": _first,
    "last": _last,
    "take": lambda value, count: value[: max(count, 0)],
    "skip": lambda value, count: value[max(count, 0) :],
    "range": _range,
    "greater": _compare(lambda a, b: a > b),
    "less": _compare(lambda a, b: a < b),
    "greaterorequals": _compare(lambda a, b: a >= b),
    "lessorequals": _compare(lambda a, b: a <= b),
    "add": lambda a, b: _int(a) + _int(b),
    "sub": lambda a, b: _int(a) - _int(b),
    "mul": lambda a, b: _int(a) * _int(b),
    "div": lambda a, b: _div(_int(a), _int(b)),
    "mod": lambda a, b: _int(a) - _int(b) * _div(_int(a), _int(b)),
    "min": _extreme(min),
    "max": _extreme(max),
    "base64": lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii"),
    "base64tostring": lambda text: base64.b64decode(text).decode("utf-8"),
    "true": lambda: True,
    "false": lambda: False,
    "null": lambda: None,
}

# Functions that read operands which may be (or contain) unknown values themselves.
TOLERANT: Final = frozenset({"and", "or", "coalesce", "createarray", "createobject", "union"})

# Known only once deployed (or different on every deployment).
DEPLOY_TIME: Final = frozenset(
    {
        "uniquestring",
        "guid",
        "newguid",
        "utcnow",
        "datetimeadd",
        "deployment",
        "environment",
        "tenant",
        "managementgroup",
        "copyindex",
        "extensionresourceid",
        "pickzones",
        "providers",
        "managementgroupresourceid",
    }
)


def call(name: str, args: list[Any]) -> Any:
    """Apply a pure function; Unknown when it is unknown, unsupported or fails."""
    function = FUNCTIONS.get(name)
    if function is None:
        reason = "is known at deploy time" if name in DEPLOY_TIME else "is not evaluated"
        return Unknown(f"{name}() {reason}")
    if name not in TOLERANT and any(isinstance(arg, Unknown) for arg in args):
        return Unknown(f"{name}() of a value known at deploy time")
    try:
        return function(*args)
    except _UnknownInside:
        return Unknown(f"{name}() of a value known at deploy time")
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        return Unknown(f"{name}() failed: {exc}")
