"""Evaluating Terraform expressions to plain values, with `Unknown` where a value is not known.

Names are resolved first in `env` (count/each, for-expression variables, dynamic iterators),
then through a `Scope` (var, local, data, module, resources, path, terraform). Any operation on
an unknown value gives an unknown value; an expression Terraform would reject gives an unknown
value too, never an exception (`Evaluator.value`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from iacscan.frameworks.terraform import functions
from iacscan.frameworks.terraform.conversions import (
    EvalError,
    as_key,
    equal,
    normalize_number,
    to_bool,
    to_integer,
    to_number,
    to_string,
    type_name,
)
from iacscan.frameworks.terraform.partial_json import looks_like_json, partly_known_text
from iacscan.frameworks.terraform.syntax_tree import (
    BinaryOp,
    Conditional,
    Expr,
    ForObject,
    ForTuple,
    FunctionCall,
    GetAttr,
    Literal,
    ObjectExpr,
    Reference,
    Splat,
    Step,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
    Unsupported,
)
from iacscan.graph.model import Unknown, is_unknown

Env = Mapping[str, Any]
EMPTY_ENV: Env = {}


class Scope(Protocol):
    def root(self, name: str, steps: tuple[Step, ...], env: Env) -> tuple[Any, int]:
        """The value a reference's root name (and its first steps) stand for, and how many
        steps that consumed; the evaluator applies the rest."""
        ...


class EmptyScope:
    """A scope where no name is known: for variable defaults and `.tfvars` values."""

    def root(self, name: str, steps: tuple[Step, ...], env: Env) -> tuple[Any, int]:
        return Unknown(f"{name} cannot be referenced here"), len(steps)


class Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._dispatch: dict[type, Callable[[Any, Env], Any]] = {
            Literal: self._literal,
            Template: self._template,
            TupleExpr: self._tuple,
            ObjectExpr: self._object,
            Reference: self._reference,
            Traversal: self._traversal,
            Splat: self._splat,
            FunctionCall: self._function_call,
            Conditional: self._conditional,
            BinaryOp: self._binary,
            UnaryOp: self._unary,
            ForTuple: self._for_tuple,
            ForObject: self._for_object,
            Unsupported: self._unsupported,
        }

    def value(self, expr: Expr, env: Env = EMPTY_ENV) -> Any:
        """The expression's value; `Unknown` when it cannot be known or would fail."""
        try:
            return self.eval(expr, env)
        except EvalError as error:
            return Unknown(f"evaluation failed: {error}")
        except RecursionError:
            return Unknown("expression nested too deeply")

    def eval(self, expr: Expr, env: Env) -> Any:
        return self._dispatch[type(expr)](expr, env)

    def _literal(self, expr: Literal, env: Env) -> Any:
        return expr.value

    def _unsupported(self, expr: Unsupported, env: Env) -> Any:
        return Unknown(expr.reason)

    def _template(self, expr: Template, env: Env) -> Any:
        parts = expr.parts
        if len(parts) == 1 and not isinstance(parts[0], str):
            return self.eval(parts[0], env)  # "${x}" is x itself, not its string form
        # A JSON document written as text keeps its known parts when some are unknown.
        document = looks_like_json(parts[0])
        pieces: list[str | Unknown] = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = self.eval(part, env)
            if isinstance(value, Unknown):
                if not document:
                    return value
                pieces.append(value)
            else:
                pieces.append(to_string(value))
        if any(isinstance(piece, Unknown) for piece in pieces):
            return partly_known_text(pieces)
        return "".join(p for p in pieces if isinstance(p, str))

    def _tuple(self, expr: TupleExpr, env: Env) -> Any:
        return [self.eval(item, env) for item in expr.items]

    def _object(self, expr: ObjectExpr, env: Env) -> Any:
        result: dict[str, Any] = {}
        for item in expr.items:
            key = self.eval(item.key, env)
            if isinstance(key, Unknown):
                return key
            result[as_key(key)] = self.eval(item.value, env)
        return result

    # references and traversals

    def _reference(self, expr: Reference, env: Env) -> Any:
        if expr.name in env:
            return self.apply_steps(env[expr.name], expr.steps, env)
        value, consumed = self.scope.root(expr.name, expr.steps, env)
        return self.apply_steps(value, expr.steps[consumed:], env)

    def _traversal(self, expr: Traversal, env: Env) -> Any:
        return self.apply_steps(self.eval(expr.source, env), expr.steps, env)

    def _splat(self, expr: Splat, env: Env) -> Any:
        source = self.eval(expr.source, env)
        if isinstance(source, Unknown):
            return source
        if source is None:
            return []
        items = source if isinstance(source, list) else [source]
        return [self.apply_steps(item, expr.steps, env) for item in items]

    def apply_steps(self, value: Any, steps: tuple[Step, ...], env: Env) -> Any:
        for step in steps:
            if isinstance(value, Unknown):
                return value
            if isinstance(step, GetAttr):
                value = _get_attr(value, step.name)
            else:
                key = self.eval(step.key, env)
                if isinstance(key, Unknown):
                    return key
                value = _index(value, key)
        return value

    # calls, operators, for expressions

    def _function_call(self, expr: FunctionCall, env: Env) -> Any:
        if expr.name == "try":
            return self._try(expr, env)
        if expr.name == "can":
            return self._can(expr, env)
        args = [self.eval(arg, env) for arg in expr.args]
        if expr.expand_final and args:
            final = args.pop()
            if isinstance(final, Unknown):
                return final
            if not isinstance(final, list):
                raise EvalError(f"{expr.name}(...) expands a {type_name(final)}, not a list")
            args.extend(final)
        return functions.call(expr.name, args)

    def _try(self, expr: FunctionCall, env: Env) -> Any:
        for arg in expr.args:
            try:
                return self.eval(arg, env)  # an unknown value stays unknown: it may not fail
            except EvalError:
                continue
        raise EvalError("try(): every argument failed")

    def _can(self, expr: FunctionCall, env: Env) -> Any:
        if len(expr.args) != 1:
            raise EvalError("can() takes one argument")
        try:
            value = self.eval(expr.args[0], env)
        except EvalError:
            return False
        return Unknown("can() of a value that is not known") if is_unknown(value) else True

    def _conditional(self, expr: Conditional, env: Env) -> Any:
        condition = self.eval(expr.condition, env)
        if isinstance(condition, Unknown):
            # Both branches the same known value: the result is known anyway.
            true, false = self.value(expr.true, env), self.value(expr.false, env)
            if not is_unknown(true) and not is_unknown(false) and equal(true, false):
                return true
            return condition
        return self.eval(expr.true if to_bool(condition) else expr.false, env)

    def _binary(self, expr: BinaryOp, env: Env) -> Any:
        op = expr.op
        left = self.eval(expr.left, env)
        if op in ("&&", "||"):
            return self._logical(op, left, expr.right, env)
        right = self.eval(expr.right, env)
        if op in ("==", "!="):
            for side in (left, right):
                if is_unknown(side):
                    return side if isinstance(side, Unknown) else Unknown("comparison of unknowns")
            return equal(left, right) == (op == "==")
        if isinstance(left, Unknown):
            return left
        if isinstance(right, Unknown):
            return right
        return _arithmetic(op, to_number(left), to_number(right))

    def _logical(self, op: str, left: Any, right_expr: Expr, env: Env) -> Any:
        # false && x is false and true || x is true, whatever x is.
        if not isinstance(left, Unknown) and to_bool(left) == (op == "||"):
            return op == "||"
        right = self.eval(right_expr, env)
        if not isinstance(right, Unknown) and to_bool(right) == (op == "||"):
            return op == "||"
        if isinstance(left, Unknown):
            return left
        if isinstance(right, Unknown):
            return right
        return op == "&&"

    def _unary(self, expr: UnaryOp, env: Env) -> Any:
        operand = self.eval(expr.operand, env)
        if isinstance(operand, Unknown):
            return operand
        if expr.op == "!":
            return not to_bool(operand)
        return normalize_number(-to_number(operand))

    def _for_items(self, collection: Any) -> list[tuple[Any, Any]]:
        if isinstance(collection, list):
            return list(enumerate(collection))
        if isinstance(collection, dict):
            return [(key, collection[key]) for key in sorted(collection)]
        raise EvalError(f"a for expression cannot iterate over a {type_name(collection)}")

    def _for_envs(self, expr: ForTuple | ForObject, env: Env) -> Any:
        collection = self.eval(expr.collection, env)
        if isinstance(collection, Unknown):
            return collection
        envs: list[dict[str, Any]] = []
        for key, item in self._for_items(collection):
            inner = dict(env)
            inner[expr.value_var] = item
            if expr.key_var is not None:
                inner[expr.key_var] = key
            if expr.condition is not None:
                keep = self.eval(expr.condition, inner)
                if isinstance(keep, Unknown):
                    return keep
                if not to_bool(keep):
                    continue
            envs.append(inner)
        return envs

    def _for_tuple(self, expr: ForTuple, env: Env) -> Any:
        envs = self._for_envs(expr, env)
        if isinstance(envs, Unknown):
            return envs
        return [self.eval(expr.value, inner) for inner in envs]

    def _for_object(self, expr: ForObject, env: Env) -> Any:
        envs = self._for_envs(expr, env)
        if isinstance(envs, Unknown):
            return envs
        result: dict[str, Any] = {}
        for inner in envs:
            key = self.eval(expr.key, inner)
            if isinstance(key, Unknown):
                return key
            name = as_key(key)
            value = self.eval(expr.value, inner)
            if expr.group:
                result.setdefault(name, []).append(value)
            elif name in result:
                raise EvalError(f"duplicate key {name!r} in a for expression")
            else:
                result[name] = value
        return result


def _get_attr(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        if name in value:
            return value[name]
        raise EvalError(f"no attribute {name!r}")
    raise EvalError(f"a {type_name(value)} has no attribute {name!r}")


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        name = as_key(key)
        if name in value:
            return value[name]
        raise EvalError(f"no key {name!r}")
    if isinstance(value, list):
        position = to_integer(key)
        if 0 <= position < len(value):
            return value[position]
        raise EvalError(f"index {position} is out of range")
    raise EvalError(f"a {type_name(value)} cannot be indexed")


def _arithmetic(op: str, left: int | float, right: int | float) -> Any:
    if op == "+":
        return normalize_number(left + right)
    if op == "-":
        return normalize_number(left - right)
    if op == "*":
        return normalize_number(left * right)
    if op in ("/", "%"):
        if right == 0:
            raise EvalError("division by zero")
        if op == "/":
            return normalize_number(left / right)
        return normalize_number(_go_mod(left, right))
    comparisons = {
        "<": left < right,
        ">": left > right,
        "<=": left <= right,
        ">=": left >= right,
    }
    if op in comparisons:
        return comparisons[op]
    raise EvalError(f"unknown operator {op}")


def _go_mod(left: int | float, right: int | float) -> int | float:
    """Terraform's % keeps the sign of the dividend, like Go and unlike Python."""
    result = abs(left) % abs(right)
    return -result if left < 0 else result


def to_text(value: Any) -> str:
    """A short description of a value for messages."""
    try:
        return to_string(value)
    except EvalError:
        return type_name(value)
