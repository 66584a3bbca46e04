"""Reading a plan or state JSON document with the line of every value.

The document is decoded by the Terraform adapter's position-keeping JSON reader (the standard
library's scanner for strings, no cfn-lint import); nodes are read through `member` / `items`
and turned into plain data with `plain` only where values are needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacscan.frameworks.base import FileError
from iacscan.frameworks.terraform.json_positions import (
    JArray,
    JObject,
    JsonPositionError,
    JValue,
    parse_json,
    plain,
)
from iacscan.graph.model import Span

PLAN = "plan"
STATE = "state"
RAW_STATE = "raw_state"


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """A decoded document and what it is: `plan` (show -json of a plan), `state` (show -json
    of a state) or `raw_state` (a `terraform.tfstate` file)."""

    root: JObject
    kind: str


def read_document(text: str, file: str) -> PlanDocument | FileError:
    try:
        root = parse_json(text)
    except JsonPositionError as error:
        return FileError(file, error.line, f"invalid JSON: {error.message}", error.column)
    except RecursionError:
        return FileError(file, 1, "the document is nested too deeply to read")
    if not isinstance(root, JObject):
        return FileError(file, 1, "a Terraform plan or state must be a JSON object")
    kind = _kind(root)
    if kind is None:
        message = "not a Terraform plan or state (no planned_values, values or resources)"
        return FileError(file, root.line, message)
    version = plain_member(root, "format_version")
    if isinstance(version, str) and not version.startswith(("0.", "1.")):
        message = f"format_version {version} is not supported (1.x is); not scanned"
        return FileError(file, member_line(root, "format_version"), message)
    return PlanDocument(root, kind)


def _kind(root: JObject) -> str | None:
    if member(root, "planned_values") is not None:
        return PLAN
    if member(root, "values") is not None:
        return STATE
    if isinstance(member(root, "resources"), JArray) and member(root, "version") is not None:
        return RAW_STATE
    if member(root, "format_version") is not None:
        return STATE  # the state of an empty configuration has no values at all
    return None


def member(node: JValue | None, key: str) -> JValue | None:
    if isinstance(node, JObject):
        for item in node.members:
            if item.key == key:
                return item.value
    return None


def member_line(node: JValue, key: str) -> int:
    if isinstance(node, JObject):
        for item in node.members:
            if item.key == key:
                return item.key_line
    return node.line


def plain_member(node: JValue | None, key: str, default: Any = None) -> Any:
    found = member(node, key)
    return default if found is None else plain(found)


def items(node: JValue | None) -> tuple[JValue, ...]:
    return node.items if isinstance(node, JArray) else ()


def span(node: JValue) -> Span:
    return Span(node.line, node.end_line)
