"""Where each part of an attribute value is written: spans for object keys and list elements.

Spans follow the syntax as far as the value still has its shape: a literal object or tuple gives
its elements' lines. A JSON document written inline (`jsonencode({...})`, or a heredoc holding
JSON) also gets spans for its keys under the attribute's path, so a check that decodes a policy
can point at the line of the offending statement.
"""

from __future__ import annotations

import json
from typing import Any

from iacscan.frameworks.terraform.json_positions import (
    JArray,
    JObject,
    JsonPositionError,
    JValue,
    parse_json,
)
from iacscan.frameworks.terraform.partial_json import fill_markers
from iacscan.frameworks.terraform.syntax_tree import (
    Expr,
    FunctionCall,
    Literal,
    ObjectExpr,
    Template,
    TupleExpr,
)
from iacscan.graph.model import AttrPath, PartlyKnown, Span


def record_element_spans(
    expr: Expr, value: Any, path: AttrPath, spans: dict[AttrPath, Span]
) -> None:
    if isinstance(expr, ObjectExpr):
        if isinstance(value, dict):
            _object_spans(expr, value, path, spans)
    elif isinstance(expr, TupleExpr):
        if isinstance(value, list) and len(value) == len(expr.items):
            for position, (item, item_value) in enumerate(zip(expr.items, value, strict=True)):
                item_path = (*path, position)
                if item.span.line:
                    spans[item_path] = item.span
                record_element_spans(item, item_value, item_path, spans)
    elif isinstance(expr, FunctionCall):
        if expr.name != "jsonencode" or len(expr.args) != 1:
            return
        if isinstance(value, str):
            _jsonencode_spans(expr.args[0], value, path, spans)
        elif isinstance(value, PartlyKnown):
            record_element_spans(expr.args[0], value.partial, path, spans)
    elif isinstance(expr, Literal) and isinstance(value, str):
        _heredoc_json_spans(expr, value, path, spans)
    elif isinstance(expr, Template) and isinstance(value, (str, PartlyKnown)):
        # Every interpolation as a marker: the lines of the JSON keys do not depend on values.
        pieces = [part if isinstance(part, str) else None for part in expr.parts]
        _heredoc_json_spans(expr, fill_markers(pieces), path, spans)


def _object_spans(
    expr: ObjectExpr, value: dict[str, Any], path: AttrPath, spans: dict[AttrPath, Span]
) -> None:
    for item in expr.items:
        key = item.key.value if isinstance(item.key, Literal) else None
        if not isinstance(key, str) or key not in value:
            continue
        item_path = (*path, key)
        if item.span.line:
            spans[item_path] = item.span
        record_element_spans(item.value, value[key], item_path, spans)


def _jsonencode_spans(arg: Expr, encoded: str, path: AttrPath, spans: dict[AttrPath, Span]) -> None:
    try:
        decoded = json.loads(encoded)
    except ValueError:
        return
    record_element_spans(arg, decoded, path, spans)


def _heredoc_json_spans(
    expr: Literal | Template, text: str, path: AttrPath, spans: dict[AttrPath, Span]
) -> None:
    """A multi-line string that is JSON, line for line as written (a heredoc policy)."""
    span = expr.span
    if span.end_line <= span.line or text.lstrip()[:1] not in ("{", "["):
        return
    if text.count("\n") != span.end_line - span.line - 1:
        return  # an interpolation added or removed lines: positions would be wrong
    try:
        document = parse_json(text)
    except (JsonPositionError, RecursionError):
        return
    json_spans(document, path, span.line, spans)


def json_spans(node: JValue, path: AttrPath, offset: int, spans: dict[AttrPath, Span]) -> None:
    """Spans of every key and element of a positioned JSON document under `path`, its lines
    shifted by `offset`."""
    if isinstance(node, JObject):
        for member in node.members:
            member_path = (*path, member.key)
            spans[member_path] = Span(member.key_line + offset, member.value.end_line + offset)
            json_spans(member.value, member_path, offset, spans)
    elif isinstance(node, JArray):
        for position, item in enumerate(node.items):
            item_path = (*path, position)
            spans[item_path] = Span(item.line + offset, item.end_line + offset)
            json_spans(item, item_path, offset, spans)
