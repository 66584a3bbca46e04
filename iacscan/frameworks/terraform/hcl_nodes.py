"""Typed-node building shared by both HCL readers (the hand-written one and the Lark fallback):
operator precedence, traversal steps, string escapes, and heredoc/template bodies. No Lark here,
so the fast path never imports it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iacscan.frameworks.terraform.syntax_tree import (
    Attribute,
    BinaryOp,
    Expr,
    HclSyntaxError,
    Literal,
    Reference,
    Step,
    Template,
    Traversal,
    Unsupported,
)
from iacscan.frameworks.terraform.templates import (
    Directive,
    Interpolation,
    TemplateError,
    split_template,
    trim_heredoc_indent,
)
from iacscan.graph.model import Span

ParseExpression = Callable[[str, int], Expr]

PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 4,
    ">": 4,
    "<=": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None}
DIRECTIVE = re.compile(r"(?<!%)%\{")
DIRECTIVE_REASON = "template directive %{...}"
_HEREDOC_HEAD = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\n?")
_ESCAPE = re.compile(r'\\(?:([nrt"\\])|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))')
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def join_spans(first: Span, last: Span) -> Span:
    line = first.line or last.line
    return Span(line, max(line, last.end_line))


def by_precedence(operands: list[Expr], operators: list[str]) -> Expr:
    """Operator-precedence parsing of `a op b op c ...`, all operators left-associative."""
    output: list[Expr] = [operands[0]]
    pending: list[str] = []
    for op, operand in zip(operators, operands[1:], strict=True):
        while pending and PRECEDENCE[pending[-1]] >= PRECEDENCE[op]:
            _reduce(output, pending)
        pending.append(op)
        output.append(operand)
    while pending:
        _reduce(output, pending)
    return output[0]


def _reduce(output: list[Expr], pending: list[str]) -> None:
    right = output.pop()
    left = output.pop()
    output.append(BinaryOp(pending.pop(), left, right, join_spans(left.span, right.span)))


def traverse(base: Expr, step: Step, end_line: int) -> Expr:
    """`base` followed by one more attribute or index step."""
    span = Span(base.span.line, max(base.span.end_line, end_line))
    if isinstance(base, Reference):
        return Reference(base.name, (*base.steps, step), span)
    if isinstance(base, Traversal):
        return Traversal(base.source, (*base.steps, step), span)
    return Traversal(base, (step,), span)


def append_text(parts: list[str | Expr], text: str) -> None:
    if parts and isinstance(parts[-1], str):
        parts[-1] += text
    else:
        parts.append(text)


def number_text(value: Any) -> str:
    """An object key written as a number is the number's text: `{ 1 = "a" }` has key "1"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escape_value, text)


def _escape_value(match: re.Match[str]) -> str:
    simple, short, long = match.groups()
    if simple:
        return _SIMPLE_ESCAPES[simple]
    return chr(int(short or long, 16))


def parts_to_expr(parts: list[str | Expr], span: Span) -> Expr:
    if all(isinstance(p, str) for p in parts):
        return Literal("".join(p for p in parts if isinstance(p, str)), span)
    return Template(tuple(parts), span)


def template(content: str, first_line: int, span: Span, parse_expression: ParseExpression) -> Expr:
    """Raw template text (heredoc body, JSON string) -> Literal or Template."""
    if "${" not in content and "%{" not in content:
        return Literal(content, span)
    parts: list[str | Expr] = []
    try:
        split = split_template(content)
    except TemplateError as error:
        raise HclSyntaxError(str(error), first_line + error.line_offset) from None
    for part in split:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Interpolation):
            parts.append(parse_expression(part.source, first_line + part.line_offset))
        elif isinstance(part, Directive):
            line = first_line + part.line_offset
            parts.append(Unsupported(DIRECTIVE_REASON, Span(line, line)))
    return parts_to_expr(parts, span)


def heredoc(
    written: str, trim: bool, line: int, end_line: int, parse_expression: ParseExpression
) -> Expr:
    """A heredoc as written from `<<` through its closing marker's new line; `end_line` is the
    line after that new line."""
    head = _HEREDOC_HEAD.match(written)
    head_end = head.end() if head else 0
    closing = written.rstrip("\n").rfind("\n")
    content = written[head_end : closing + 1] if closing >= head_end else ""
    if trim:
        content = trim_heredoc_indent(content)
    span = Span(line, max(line, end_line - 1))
    return template(content, line + 1, span, parse_expression)


def duplicate_attribute(attribute: Attribute, first_line: int) -> HclSyntaxError:
    return HclSyntaxError(
        f"attribute {attribute.name!r} is already defined on line {first_line}; "
        "remove one of the two definitions",
        attribute.span.line,
        attribute.span.column,
    )
