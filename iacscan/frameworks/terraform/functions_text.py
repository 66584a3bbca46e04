"""Terraform's string, encoding and network functions."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from typing import Any

from iacscan.frameworks.terraform.conversions import (
    EvalError,
    json_encode,
    json_ready,
    to_bool,
    to_integer,
    to_number,
    to_string,
    type_name,
)
from iacscan.graph.model import PartlyKnown, is_unknown

_VERB = re.compile(r"%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")
_GO_GROUP = re.compile(r"\$(?:\{(\w+)\}|(\d+))")
_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")  # RE2's (?<name>...) is Python's (?P<name>...)


def format_(spec: Any, *args: Any) -> str:
    """`format("%s-%03d", a, 7)`: the verbs %v %s %d %q %t %f %e %g %x %X %o %b and %%."""
    text = to_string(spec)
    position = 0

    def verb(match: re.Match[str]) -> str:
        nonlocal position
        explicit, flags, width, precision, kind = match.groups()
        if kind == "%":
            return "%"
        index = int(explicit) - 1 if explicit else position
        if index >= len(args):
            raise EvalError(f"format {text!r} needs more arguments")
        position = index + 1
        return _pad(_verb(kind, args[index], precision), flags, width)

    return _VERB.sub(verb, text)


def _verb(kind: str, value: Any, precision: str | None) -> str:
    if kind == "v":
        return json_encode(value) if isinstance(value, (list, dict)) else _plain(value)
    if kind == "s":
        return to_string(value)
    if kind == "q":
        return json.dumps(to_string(value), ensure_ascii=False)
    if kind == "t":
        return "true" if to_bool(value) else "false"
    if kind in "dxXob":
        number = to_integer(value)
        return format(number, {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b"}[kind])
    if kind in "feEgG":
        digits = "6" if precision is None and kind in "feE" else precision or ""
        spec = f".{digits}{kind}" if digits else kind
        return format(float(to_number(value)), spec)
    raise EvalError(f"unsupported format verb %{kind}")


def _plain(value: Any) -> str:
    return "null" if value is None else to_string(value)


def _pad(text: str, flags: str, width: str | None) -> str:
    if not width:
        return text
    size = int(width)
    if "-" in flags:
        return text.ljust(size)
    if "0" in flags and text.lstrip("-").replace(".", "").isdigit():
        sign = "-" if text.startswith("-") else ""
        return sign + text.lstrip("-").rjust(size - len(sign), "0")
    return text.rjust(size)


def join(separator: Any, *lists: Any) -> str:
    parts: list[str] = []
    for items in lists:
        if not isinstance(items, list):
            raise EvalError("join() takes lists of strings")
        parts.extend(to_string(item) for item in items)
    return to_string(separator).join(parts)


def split(separator: Any, text: Any) -> list[str]:
    return to_string(text).split(to_string(separator))


def replace(text: Any, search: Any, replacement: Any) -> str:
    """Plain replacement, or a regular expression when `search` is written `/.../`."""
    subject, pattern, new = to_string(text), to_string(search), to_string(replacement)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        compiled = _compile(pattern[1:-1])
        return compiled.sub(_GO_GROUP.sub(_python_group, new.replace("\\", "\\\\")), subject)
    return subject.replace(pattern, new)


def _python_group(match: re.Match[str]) -> str:
    return f"\\g<{match.group(1) or match.group(2)}>"


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(_NAMED_GROUP.sub("(?P<", pattern).replace("\\z", "\\Z"))
    except re.error as error:
        raise EvalError(f"invalid regular expression {pattern!r}: {error}") from None


def _match_value(match: re.Match[str]) -> Any:
    if match.re.groupindex:
        return {name: value or "" for name, value in match.groupdict().items()}
    if match.re.groups:
        return [group or "" for group in match.groups()]
    return match.group()


def regex(pattern: Any, text: Any) -> Any:
    match = _compile(to_string(pattern)).search(to_string(text))
    if match is None:
        raise EvalError(f"pattern {pattern!r} does not match {text!r}")
    return _match_value(match)


def regexall(pattern: Any, text: Any) -> list[Any]:
    compiled = _compile(to_string(pattern))
    return [_match_value(m) for m in compiled.finditer(to_string(text))]


def substr(text: Any, offset: Any, length: Any) -> str:
    subject = to_string(text)
    start, size = to_integer(offset), to_integer(length)
    if start < 0:
        start = max(len(subject) + start, 0)
    if start > len(subject):
        raise EvalError("substr offset is beyond the end of the string")
    return subject[start:] if size < 0 else subject[start : start + size]


def trim(text: Any, characters: Any) -> str:
    return to_string(text).strip(to_string(characters))


def trimprefix(text: Any, prefix: Any) -> str:
    return to_string(text).removeprefix(to_string(prefix))


def trimsuffix(text: Any, suffix: Any) -> str:
    return to_string(text).removesuffix(to_string(suffix))


def title(text: Any) -> str:
    return re.sub(r"\b\w", lambda m: m.group().upper(), to_string(text))


def chomp(text: Any) -> str:
    return re.sub(r"(\r\n|\r|\n)+$", "", to_string(text))


def base64encode(text: Any) -> str:
    return base64.b64encode(to_string(text).encode("utf-8")).decode("ascii")


def base64decode(text: Any) -> str:
    try:
        return base64.b64decode(to_string(text), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise EvalError(f"base64decode: {error}") from None


def jsondecode(text: Any) -> Any:
    try:
        return json.loads(to_string(text))
    except json.JSONDecodeError as error:
        raise EvalError(f"jsondecode: {error}") from None


def jsonencode(value: Any) -> Any:
    """The JSON text; for a value with unknown parts, a `PartlyKnown` holding the value itself
    (a policy reader can still judge its known Principal or Action)."""
    if is_unknown(value):
        return PartlyKnown(json_ready(value), "jsonencode() of a value that is not fully known")
    return json_encode(value)


def tostring(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise EvalError(f"tostring() of a {type_name(value)}")
    return to_string(value)


def cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    try:
        network = ipaddress.ip_network(to_string(prefix), strict=False)
    except ValueError as error:
        raise EvalError(f"cidrsubnet: {error}") from None
    new_length = network.prefixlen + to_integer(newbits)
    number = to_integer(netnum)
    if new_length > network.max_prefixlen or not 0 <= number < 2 ** to_integer(newbits):
        raise EvalError("cidrsubnet: the subnet does not fit in the prefix")
    size = 2 ** (network.max_prefixlen - new_length)
    address = network.network_address + number * size
    return f"{address}/{new_length}"


def cidrhost(prefix: Any, hostnum: Any) -> str:
    try:
        network = ipaddress.ip_network(to_string(prefix), strict=False)
    except ValueError as error:
        raise EvalError(f"cidrhost: {error}") from None
    number = to_integer(hostnum)
    if not -network.num_addresses <= number < network.num_addresses:
        raise EvalError("cidrhost: the host number is outside the prefix")
    base = network.network_address if number >= 0 else network.broadcast_address + 1
    return str(base + number)
