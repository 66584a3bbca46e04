"""The condition language of YAML policies, evaluated with three values.

A condition is True (the resource passes), False (it fails) or None (it depends on a value
that cannot be known at scan time). A policy reports a violation only on False, so an unknown
value is never a finding. `and`/`or`/`not` follow Kleene's logic: False wins an `and`, True
wins an `or`, and otherwise an unknown part makes the whole unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import AttrPath, Field, Framework, Resource, is_unknown
from iacscan.graph.values import as_str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The truth of a condition, and the field that decided a failure (None: the resource)."""

    result: bool | None
    at: Field | None = None


PASS = Outcome(True)
UNKNOWN = Outcome(None)


class Condition:
    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        outcomes = [p.evaluate(resource, graph) for p in self.parts]
        failed = next((o for o in outcomes if o.result is False), None)
        if failed is not None:
            return failed
        return UNKNOWN if any(o.result is None for o in outcomes) else PASS


@dataclass(frozen=True, slots=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        outcomes = [p.evaluate(resource, graph) for p in self.parts]
        if any(o.result is True for o in outcomes):
            return PASS
        if any(o.result is None for o in outcomes):
            return UNKNOWN
        return next((o for o in outcomes if o.at is not None), Outcome(False))


@dataclass(frozen=True, slots=True)
class Not(Condition):
    part: Condition

    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        outcome = self.part.evaluate(resource, graph)
        if outcome.result is None:
            return UNKNOWN
        return Outcome(not outcome.result, outcome.at)


Test = Callable[[Any], bool]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = as_str(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    return as_str(value)


def _equal(expected: Any) -> Test:
    return lambda value: (
        _text(value) == _text(expected) if _text(expected) is not None else (value == expected)
    )


def make_test(operator: str, operand: Any) -> Test:
    """The predicate of one comparison operator (names as written in policies)."""
    if operator == "equals":
        return _equal(operand)
    if operator == "not_equals":
        equal = _equal(operand)
        return lambda value: not equal(value)
    if operator in ("in", "not_in"):
        choices = {_text(o) for o in operand}
        inside: Test = lambda value: _text(value) in choices  # noqa: E731
        return inside if operator == "in" else (lambda value: not inside(value))
    if operator == "regex":
        pattern = re.compile(operand)
        return lambda value: _text(value) is not None and bool(pattern.search(_text(value) or ""))
    if operator == "contains":
        return lambda value: (
            (isinstance(value, list) and any(_text(v) == _text(operand) for v in value))
            or (isinstance(value, str) and str(operand) in value)
        )
    bound = float(operand)
    compare: dict[str, Callable[[float], bool]] = {
        "greater_than": lambda n: n > bound,
        "greater_or_equal": lambda n: n >= bound,
        "less_than": lambda n: n < bound,
        "less_or_equal": lambda n: n <= bound,
    }
    check = compare[operator]
    return lambda value: (n := _number(value)) is not None and check(n)


@dataclass(frozen=True, slots=True)
class AttributeTest(Condition):
    """`attribute` (a jsonpath-ng expression per framework) compared with an operator.

    Every match must pass (`quantifier: all`, the default) or one must (`any`). No match means
    the attribute is not written: `exists: false` passes, and every other operator fails
    unless `missing: pass` says the platform default is safe."""

    paths: Mapping[Framework, Any]  # compiled jsonpath expressions
    operator: str
    test: Test | None
    expect_exists: bool = True
    quantifier: str = "all"
    missing_passes: bool = False

    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        expression = self.paths.get(resource.framework)
        if expression is None:
            return UNKNOWN
        matches = [m for m in expression.find(resource.attributes) if m.value is not None]
        if self.operator == "exists":
            if any(is_unknown(m.value) for m in matches):
                return UNKNOWN
            at = Field(resource, _path(matches[0].full_path), matches[0].value) if matches else None
            return Outcome(bool(matches) == self.expect_exists, at)
        if not matches:
            return PASS if self.missing_passes else Outcome(False)
        assert self.test is not None
        results: list[tuple[bool | None, Any]] = [
            (None if is_unknown(m.value) else self.test(m.value), m) for m in matches
        ]
        first = Field(resource, _path(matches[0].full_path), matches[0].value)
        if self.quantifier == "any":
            if any(r is True for r, _ in results):
                return Outcome(True, first)  # kept so that `not` can point at the value
        elif all(r is True for r, _ in results):
            return Outcome(True, first)
        failed = next((m for r, m in results if r is False), None)
        if failed is None:
            return UNKNOWN
        if self.quantifier == "any" and any(r is None for r, _ in results):
            return UNKNOWN
        return Outcome(False, Field(resource, _path(failed.full_path), failed.value))


@dataclass(frozen=True, slots=True)
class Connected(Condition):
    """Some resource connected to this one in the graph (of `types`, in `direction`) satisfies
    `condition` (or simply exists, when there is none)."""

    types: tuple[str, ...]
    direction: str
    condition: Condition | None

    def evaluate(self, resource: Resource, graph: ResourceGraph) -> Outcome:
        if self.direction == "in":
            found = graph.referenced_by(resource)
        elif self.direction == "out":
            found = graph.references(resource)
        else:
            found = graph.neighbours(resource)
        candidates = [r for r in found if not self.types or r.type_key in self.types]
        if self.condition is None:
            return PASS if candidates else Outcome(False)
        outcomes = [self.condition.evaluate(r, graph) for r in candidates]
        if any(o.result is True for o in outcomes):
            return PASS
        if any(o.result is None for o in outcomes):
            return UNKNOWN
        return Outcome(False)


def _path(full_path: Any) -> AttrPath:
    """A jsonpath-ng match path as our attribute path: Child(Fields('a'), Index(0)) ->
    ('a', 0)."""
    parts: list[str | int] = []

    def visit(node: Any) -> None:
        left, right = getattr(node, "left", None), getattr(node, "right", None)
        if left is not None and right is not None:
            visit(left)
            visit(right)
        elif hasattr(node, "fields"):
            parts.extend(str(f) for f in node.fields)
        elif hasattr(node, "indices"):
            parts.extend(int(i) for i in node.indices)
        elif hasattr(node, "index"):
            parts.append(int(node.index))

    visit(full_path)
    return tuple(parts)


def all_of(parts: Sequence[Condition]) -> Condition:
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
