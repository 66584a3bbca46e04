"""The typed syntax tree both Terraform syntaxes (HCL native and `.tf.json`) are read into.

Expressions stay unevaluated here: the evaluator turns them into values in a scope, and the
adapter reads references and positions from them. Every node carries the 1-based `Span` it is
written on, so a finding can point at the exact line of an attribute, object key or list element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iacscan.graph.model import Span

NO_SPAN = Span(0, 0)


class HclSyntaxError(Exception):
    """A syntax error at a 1-based line and column."""

    def __init__(self, message: str, line: int, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any  # str, int, float, bool or None
    span: Span


@dataclass(frozen=True, slots=True)
class Template:
    """A string with interpolations; a template of a single interpolation yields its raw value."""

    parts: tuple[str | Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ObjectItem:
    key: Expr
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple[ObjectItem, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class GetAttr:
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    key: Expr


Step = GetAttr | Index


@dataclass(frozen=True, slots=True)
class Reference:
    """A traversal from a root name: `var.env`, `aws_s3_bucket.logs.arn`, `each.value[0]`."""

    name: str
    steps: tuple[Step, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Traversal:
    """Attribute and index steps applied to any other expression: `foo(x)[0]`, `(a).b`."""

    source: Expr
    steps: tuple[Step, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Splat:
    """`source[*].a.b`: the steps apply to every element of the source."""

    source: Expr
    steps: tuple[Step, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionCall:
    name: str
    args: tuple[Expr, ...]
    expand_final: bool  # `f(list...)`
    span: Span


@dataclass(frozen=True, slots=True)
class Conditional:
    condition: Expr
    true: Expr
    false: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class ForTuple:
    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    condition: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class ForObject:
    key_var: str | None
    value_var: str
    collection: Expr
    key: Expr
    value: Expr
    condition: Expr | None
    group: bool  # `...`: values with the same key are collected into lists
    span: Span


@dataclass(frozen=True, slots=True)
class Unsupported:
    """Syntax the evaluator does not model (template directives): always unknown."""

    reason: str
    span: Span


Expr = (
    Literal
    | Template
    | TupleExpr
    | ObjectExpr
    | Reference
    | Traversal
    | Splat
    | FunctionCall
    | Conditional
    | BinaryOp
    | UnaryOp
    | ForTuple
    | ForObject
    | Unsupported
)


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    span: Span


@dataclass(frozen=True, slots=True)
class Body:
    """Attributes and nested blocks, each in source order."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None


@dataclass(frozen=True, slots=True)
class FileBody:
    """One parsed file of a module: `file` is the path reported to users."""

    file: str
    body: Body


def references(expr: Expr) -> list[Reference]:
    """Every `Reference` in an expression, outermost first."""
    found: list[Reference] = []
    _collect(expr, found)
    return found


def _collect(expr: Expr | str, found: list[Reference]) -> None:
    if isinstance(expr, str):
        return
    if isinstance(expr, Reference):
        found.append(expr)
        _collect_steps(expr.steps, found)
    elif isinstance(expr, Template):
        for part in expr.parts:
            _collect(part, found)
    elif isinstance(expr, TupleExpr):
        for item in expr.items:
            _collect(item, found)
    elif isinstance(expr, ObjectExpr):
        for element in expr.items:
            _collect(element.key, found)
            _collect(element.value, found)
    elif isinstance(expr, (Traversal, Splat)):
        _collect(expr.source, found)
        _collect_steps(expr.steps, found)
    elif isinstance(expr, FunctionCall):
        for arg in expr.args:
            _collect(arg, found)
    else:
        for child in _children(expr):
            _collect(child, found)


def _collect_steps(steps: tuple[Step, ...], found: list[Reference]) -> None:
    for step in steps:
        if isinstance(step, Index):
            _collect(step.key, found)


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Conditional):
        return (expr.condition, expr.true, expr.false)
    if isinstance(expr, BinaryOp):
        return (expr.left, expr.right)
    if isinstance(expr, UnaryOp):
        return (expr.operand,)
    if isinstance(expr, ForTuple):
        return _present(expr.collection, expr.value, expr.condition)
    if isinstance(expr, ForObject):
        return _present(expr.collection, expr.key, expr.value, expr.condition)
    return ()


def _present(*exprs: Expr | None) -> tuple[Expr, ...]:
    return tuple(e for e in exprs if e is not None)
