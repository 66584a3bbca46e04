"""Expressions written back as text where Terraform reads them as names, not values:
`depends_on`, `lifecycle.ignore_changes`, `provider = aws.west`, variable `type`."""

from __future__ import annotations

import json

from iacscan.frameworks.terraform.syntax_tree import (
    Expr,
    FunctionCall,
    GetAttr,
    Literal,
    ObjectExpr,
    Reference,
    Step,
    TupleExpr,
)


def traversal_text(expr: Expr) -> str | None:
    """`aws_s3_bucket.b[0].id` for a reference, the string for a literal, else None."""
    if isinstance(expr, Reference):
        return expr.name + steps_text(expr.steps)
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def steps_text(steps: tuple[Step, ...]) -> str:
    parts: list[str] = []
    for step in steps:
        if isinstance(step, GetAttr):
            parts.append(f".{step.name}")
        elif isinstance(step.key, Literal) and isinstance(step.key.value, (int, str)):
            parts.append(f"[{json.dumps(step.key.value)}]")
        else:
            parts.append("[...]")
    return "".join(parts)


def traversal_list(expr: Expr) -> list[str]:
    """The names in a list of traversals (`[aws_s3_bucket.a, module.m]`)."""
    if isinstance(expr, TupleExpr):
        return [text for item in expr.items if (text := traversal_text(item)) is not None]
    single = traversal_text(expr)
    return [single] if single is not None else []


def type_text(expr: Expr) -> str:
    """A type constraint as written: `string`, `list(string)`, `object({name = string})`."""
    if isinstance(expr, Reference):
        return expr.name + steps_text(expr.steps)
    if isinstance(expr, Literal):
        return str(expr.value)
    if isinstance(expr, FunctionCall):
        return f"{expr.name}({', '.join(type_text(a) for a in expr.args)})"
    if isinstance(expr, ObjectExpr):
        fields = ", ".join(f"{type_text(i.key)} = {type_text(i.value)}" for i in expr.items)
        return "{" + fields + "}"
    if isinstance(expr, TupleExpr):
        return "[" + ", ".join(type_text(i) for i in expr.items) + "]"
    return "any"
