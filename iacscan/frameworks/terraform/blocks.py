"""Evaluating a block body into attributes: nested blocks as lists of dicts, `dynamic` blocks
expanded, and (through a `BodySink`) the span of every written path and the references made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacscan.frameworks.terraform.evaluate import Env, Evaluator
from iacscan.frameworks.terraform.spans import record_element_spans
from iacscan.frameworks.terraform.syntax_tree import (
    Block,
    Body,
    Expr,
    ObjectExpr,
    Reference,
    TupleExpr,
    references,
)
from iacscan.graph.model import AttrPath, Span, Unknown, is_unknown


@dataclass(slots=True)
class BodySink:
    """Collects positions and references while a body is evaluated."""

    spans: dict[AttrPath, Span] = field(default_factory=dict)
    refs: list[tuple[AttrPath, Reference, Env]] = field(default_factory=list)

    def add_refs(self, expr: Expr, path: AttrPath, env: Env) -> None:
        """References with the deepest literal path they are written under."""
        if isinstance(expr, ObjectExpr):
            for item in expr.items:
                key = getattr(item.key, "value", None)
                if isinstance(key, str):
                    self.add_refs(item.value, (*path, key), env)
                else:
                    self.add_refs(item.key, path, env)
                    self.add_refs(item.value, path, env)
        elif isinstance(expr, TupleExpr):
            for position, element in enumerate(expr.items):
                self.add_refs(element, (*path, position), env)
        else:
            for ref in references(expr):
                self.refs.append((path, ref, env))


def evaluate_body(
    evaluator: Evaluator,
    body: Body,
    env: Env,
    path: AttrPath = (),
    sink: BodySink | None = None,
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for attribute in body.attributes:
        if attribute.name in skip:
            continue
        value = evaluator.value(attribute.expr, env)
        result[attribute.name] = value
        if sink is not None:
            attribute_path = (*path, attribute.name)
            sink.spans[attribute_path] = attribute.span
            record_element_spans(attribute.expr, value, attribute_path, sink.spans)
            sink.add_refs(attribute.expr, attribute_path, env)
    first_spans: dict[str, Span] = {}
    block_lists: dict[str, list[Any]] = {}
    for block in body.blocks:
        name = block.labels[0] if block.type == "dynamic" and block.labels else block.type
        if name in skip or name in result or (block.type == "dynamic" and not block.labels):
            continue  # an attribute of the same name wins over blocks
        entries = block_lists.setdefault(name, [])
        if sink is not None:
            first = first_spans.setdefault(name, block.span)
            list_path = (*path, name)
            sink.spans[list_path] = Span(first.line, block.span.end_line, first.column)
        if block.type == "dynamic":
            _expand_dynamic(evaluator, block, name, env, (*path, name), entries, sink)
        else:
            entry_path = (*path, name, len(entries))
            if sink is not None:
                sink.spans[entry_path] = block.span
            entries.append(evaluate_body(evaluator, block.body, env, entry_path, sink))
    for name, entries in block_lists.items():
        if entries:
            result[name] = entries
        elif sink is not None:  # only dynamic blocks over an empty collection: not written
            sink.spans.pop((*path, name), None)
    return result


def _expand_dynamic(
    evaluator: Evaluator,
    block: Block,
    name: str,
    env: Env,
    path: AttrPath,
    entries: list[Any],
    sink: BodySink | None,
) -> None:
    """`dynamic "x" { for_each = ...; iterator = it; content { ... } }`: one `x` entry for
    each element; a single unknown entry when the collection is not known."""
    for_each = block.body.attribute("for_each")
    content = next((b for b in block.body.blocks if b.type == "content"), None)
    if for_each is None or content is None:
        return
    iterator = name
    iterator_attribute = block.body.attribute("iterator")
    if iterator_attribute is not None and isinstance(iterator_attribute.expr, Reference):
        iterator = iterator_attribute.expr.name
    if sink is not None:
        sink.add_refs(for_each.expr, path, env)
    collection = evaluator.value(for_each.expr, env)
    items = iteration_items(collection)
    if items is None:
        if sink is not None:
            unknown_path = (*path, len(entries))
            sink.spans[unknown_path] = block.span
        if not isinstance(collection, Unknown):
            collection = Unknown(f"dynamic {name}: for_each is not known")
        entries.append(collection)
        return
    for key, value in items:
        inner = dict(env)
        inner[iterator] = {"key": key, "value": value}
        entry_path = (*path, len(entries))
        if sink is not None:
            sink.spans[entry_path] = block.span
        entries.append(evaluate_body(evaluator, content.body, inner, entry_path, sink))


def iteration_items(collection: Any) -> list[tuple[Any, Any]] | None:
    """(key, value) pairs of a known for_each collection (maps in key order, lists and sets by
    position with the element as key for sets of strings); None when not known."""
    if isinstance(collection, dict):
        return [(key, collection[key]) for key in sorted(collection)]
    if isinstance(collection, list):
        if any(isinstance(item, Unknown) for item in collection):
            return None
        return list(enumerate(collection))
    if collection is None:
        return []
    return None


def for_each_items(collection: Any) -> list[tuple[str, Any]] | None:
    """Instances of a resource's `for_each`: a map, or a set of strings (each.key is the
    string); None when the keys are not known."""
    if isinstance(collection, dict):
        return [(key, collection[key]) for key in sorted(collection)]
    if isinstance(collection, list):
        if is_unknown(collection) or not all(isinstance(i, str) for i in collection):
            return None
        return [(item, item) for item in sorted(set(collection))]
    return None
