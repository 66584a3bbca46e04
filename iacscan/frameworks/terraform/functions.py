"""Terraform's built-in functions that can run at scan time.

`call` is the single entry point: an unknown argument makes the result unknown (except for the
functions marked tolerant, which look inside collections themselves: `merge({a = unknown}, ...)`
keeps the known keys), a function we do not model is unknown, and a function that reads files or
the clock is unknown. `try` and `can` need unevaluated arguments and live in the evaluator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iacscan.frameworks.terraform import functions_text as text
from iacscan.frameworks.terraform.conversions import (
    EvalError,
    as_key,
    equal,
    normalize_number,
    sort_set,
    to_bool,
    to_integer,
    to_number,
    to_string,
    type_name,
)
from iacscan.graph.model import Unknown, is_unknown

# Functions whose result depends on files, time or randomness: never evaluated.
_NOT_STATIC = frozenset(
    {
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "filemd5",
        "filesha1",
        "filesha256",
        "filesha512",
        "templatefile",
        "timestamp",
        "plantimestamp",
        "uuid",
        "bcrypt",
    }
)


def call(name: str, args: list[Any]) -> Any:
    """Call a built-in function on evaluated arguments; raises `EvalError` on misuse."""
    entry = _FUNCTIONS.get(name)
    if entry is None:
        if name in _NOT_STATIC:
            return Unknown(f"{name}() reads files or the clock at apply time")
        return Unknown(f"function {name}() is not evaluated")
    function, tolerant = entry
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if not tolerant and is_unknown(arg):
            return Unknown(f"{name}() of a value that is not fully known")
    try:
        return function(*args)
    except TypeError as error:  # wrong number of arguments
        raise EvalError(f"{name}(): {error}") from None
    except (ValueError, OverflowError, RecursionError) as error:
        raise EvalError(f"{name}(): {error}") from None


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise EvalError(f"{name}() needs a list, got a {type_name(value)}")
    return value


def _map(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EvalError(f"{name}() needs a map, got a {type_name(value)}")
    return value


def _merge(*maps: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in maps:
        if item is not None:
            result.update(_map(item, "merge"))
    return result


def _concat(*lists: Any) -> list[Any]:
    result: list[Any] = []
    for item in lists:
        result.extend(_list(item, "concat"))
    return result


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    values = _map(mapping, "lookup")
    name = as_key(key)
    if name in values:
        return values[name]
    if default:
        return default[0]
    raise EvalError(f"lookup(): no key {name!r} and no default")


def _element(items: Any, index: Any) -> Any:
    values = _list(items, "element")
    if not values:
        raise EvalError("element() of an empty list")
    return values[to_integer(index) % len(values)]


def _length(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise EvalError(f"length() of a {type_name(value)}")


def _contains(items: Any, value: Any) -> Any:
    values = _list(items, "contains")
    if is_unknown(value):
        return Unknown("contains() of a value that is not known")
    if any(not is_unknown(v) and equal(v, value) for v in values):
        return True
    if any(is_unknown(v) for v in values):
        return Unknown("contains() over a list that is not fully known")
    return False


def _keys(mapping: Any) -> list[str]:
    return sorted(_map(mapping, "keys"))


def _values(mapping: Any) -> list[Any]:
    values = _map(mapping, "values")
    return [values[key] for key in sorted(values)]


def _flatten(items: Any) -> Any:
    result: list[Any] = []
    for item in _list(items, "flatten"):
        if isinstance(item, Unknown):
            return item
        if isinstance(item, list):
            flat = _flatten(item)
            if isinstance(flat, Unknown):
                return flat
            result.extend(flat)
        else:
            result.append(item)
    return result


def _distinct(items: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list(items, "distinct"):
        if not any(equal(item, seen) for seen in result):
            result.append(item)
    return result


def _coalesce(*values: Any) -> Any:
    for value in values:
        if isinstance(value, Unknown):
            return value
        if value is not None and value != "":
            return value
    raise EvalError("coalesce(): every argument is null or empty")


def _coalescelist(*lists: Any) -> Any:
    for value in lists:
        if _list(value, "coalescelist"):
            return value
    return []


def _zipmap(keys: Any, values: Any) -> dict[str, Any]:
    names, items = _list(keys, "zipmap"), _list(values, "zipmap")
    if len(names) != len(items):
        raise EvalError("zipmap(): the lists differ in length")
    if any(isinstance(name, Unknown) for name in names):
        raise EvalError("zipmap(): keys are not known")
    return {as_key(name): item for name, item in zip(names, items, strict=True)}


def _one(items: Any) -> Any:
    values = _list(items, "one")
    if len(values) > 1:
        raise EvalError("one() of a list with more than one element")
    return values[0] if values else None


def _compact(items: Any) -> list[Any]:
    return [item for item in _list(items, "compact") if item is not None and item != ""]


def _numbers(values: tuple[Any, ...], name: str) -> list[int | float]:
    if not values:
        raise EvalError(f"{name}() needs at least one number")
    return [to_number(v) for v in values]


def _range(*args: Any) -> list[int | float]:
    numbers = [to_number(a) for a in args]
    start: int | float
    limit: int | float
    step: int | float
    if len(numbers) == 1:
        start, limit, step = 0, numbers[0], 1
    elif len(numbers) == 2:
        start, limit, step = numbers[0], numbers[1], 1 if numbers[1] >= numbers[0] else -1
    elif len(numbers) == 3:
        start, limit, step = numbers
    else:
        raise EvalError("range() takes one to three numbers")
    if step == 0:
        raise EvalError("range() step must not be zero")
    result: list[int | float] = []
    value = start
    while (value < limit if step > 0 else value > limit) and len(result) < 1024:
        result.append(normalize_number(value))
        value += step
    return result


def _sort(items: Any) -> list[str]:
    return sorted(to_string(item) for item in _list(items, "sort"))


def _tolist(value: Any) -> list[Any]:
    return _list(value, "tolist")


def _tomap(value: Any) -> dict[str, Any]:
    return _map(value, "tomap")


def _toset(value: Any) -> list[Any]:
    return sort_set(_list(value, "toset"))


def _tonumber(value: Any) -> Any:
    return None if value is None else to_number(value)


def _tobool(value: Any) -> Any:
    return None if value is None else to_bool(value)


def _slice(items: Any, start: Any, end: Any) -> list[Any]:
    values = _list(items, "slice")
    first, last = to_integer(start), to_integer(end)
    if not 0 <= first <= last <= len(values):
        raise EvalError("slice(): indexes out of range")
    return values[first:last]


def _index(items: Any, value: Any) -> int:
    for position, item in enumerate(_list(items, "index")):
        if equal(item, value):
            return position
    raise EvalError("index(): the value is not in the list")


def _all_or_any(items: Any, want: bool, name: str) -> Any:
    """alltrue (want False: any false decides) and anytrue (want True: any true decides)."""
    undecided = None
    for item in _list(items, name):
        if isinstance(item, Unknown):
            undecided = item
        elif to_bool(item) == want:
            return want
    return undecided if undecided is not None else not want


def _strings(function: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda value: function(to_string(value))


_FUNCTIONS: dict[str, tuple[Callable[..., Any], bool]] = {
    # collections (tolerant: they look inside collections themselves)
    "merge": (_merge, True),
    "concat": (_concat, True),
    "lookup": (_lookup, True),
    "element": (_element, True),
    "length": (_length, True),
    "contains": (_contains, True),
    "keys": (_keys, True),
    "values": (_values, True),
    "flatten": (_flatten, True),
    "coalesce": (_coalesce, True),
    "coalescelist": (_coalescelist, True),
    "zipmap": (_zipmap, True),
    "one": (_one, True),
    "tolist": (_tolist, True),
    "tomap": (_tomap, True),
    "slice": (_slice, True),
    "reverse": (lambda items: list(reversed(_list(items, "reverse"))), True),
    "distinct": (_distinct, False),
    "compact": (_compact, False),
    "toset": (_toset, False),
    "sort": (_sort, False),
    "index": (_index, False),
    "alltrue": (lambda items: _all_or_any(items, False, "alltrue"), True),
    "anytrue": (lambda items: _all_or_any(items, True, "anytrue"), True),
    "range": (_range, False),
    # numbers
    "min": (lambda *v: min(_numbers(v, "min")), False),
    "max": (lambda *v: max(_numbers(v, "max")), False),
    "abs": (lambda v: abs(to_number(v)), False),
    "ceil": (lambda v: normalize_number(float(-(-to_number(v) // 1))), False),
    "floor": (lambda v: normalize_number(float(to_number(v) // 1)), False),
    "sum": (lambda v: normalize_number(sum(_numbers(tuple(_list(v, "sum")), "sum"))), False),
    "tonumber": (_tonumber, False),
    "tobool": (_tobool, False),
    "tostring": (text.tostring, False),
    # strings
    "format": (text.format_, False),
    "join": (text.join, False),
    "split": (text.split, False),
    "lower": (_strings(str.lower), False),
    "upper": (_strings(str.upper), False),
    "title": (text.title, False),
    "chomp": (text.chomp, False),
    "strrev": (_strings(lambda s: s[::-1]), False),
    "trimspace": (_strings(str.strip), False),
    "trim": (text.trim, False),
    "trimprefix": (text.trimprefix, False),
    "trimsuffix": (text.trimsuffix, False),
    "substr": (text.substr, False),
    "startswith": (lambda s, p: to_string(s).startswith(to_string(p)), False),
    "endswith": (lambda s, p: to_string(s).endswith(to_string(p)), False),
    "replace": (text.replace, False),
    "regex": (text.regex, False),
    "regexall": (text.regexall, False),
    # encodings and networks
    "jsonencode": (text.jsonencode, True),
    "jsondecode": (text.jsondecode, False),
    "base64encode": (text.base64encode, False),
    "base64decode": (text.base64decode, False),
    "cidrsubnet": (text.cidrsubnet, False),
    "cidrhost": (text.cidrhost, False),
}

FUNCTION_NAMES = frozenset(_FUNCTIONS) | {"try", "can"}
