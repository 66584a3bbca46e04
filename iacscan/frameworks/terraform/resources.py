"""Declarations of one module -> graph `Resource`s (count/for_each expanded into instances)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from iacscan.frameworks.base import FileError, resource_id
from iacscan.frameworks.terraform.blocks import BodySink, evaluate_body, for_each_items
from iacscan.frameworks.terraform.conversions import EvalError, to_integer
from iacscan.frameworks.terraform.evaluate import EMPTY_ENV, Env, Evaluator
from iacscan.frameworks.terraform.module_index import Declared, DeclaredLocal
from iacscan.frameworks.terraform.module_scope import META_ARGUMENTS, ModuleScope
from iacscan.frameworks.terraform.spans import record_element_spans
from iacscan.frameworks.terraform.syntax_tree import (
    Block,
    Expr,
    ObjectExpr,
    Reference,
    TupleExpr,
)
from iacscan.frameworks.terraform.unparse import traversal_list, traversal_text, type_text
from iacscan.graph.model import AttrPath, Framework, Resource, Unknown

MAX_INSTANCES = 1000
_MODULE_ARGUMENTS = frozenset({"source", "version", "providers"})
_NAME_LISTS = frozenset({"ignore_changes", "replace_triggered_by"})
InstanceKey = int | str | None
Instance = tuple[InstanceKey, Env]


@dataclass(frozen=True, slots=True)
class PendingRef:
    """A reference written in `source` at `path`, resolved to edges once every resource of the
    module (and its instances) exists."""

    source: str
    path: AttrPath
    ref: Reference
    env: Env
    kind: str


def instance_address(base: str, key: InstanceKey) -> str:
    if key is None:
        return base
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}[{json.dumps(key)}]"


class ResourceBuilder:
    def __init__(self, scope: ModuleScope, scope_id: str, prefix: str = "") -> None:
        self.scope = scope
        self.evaluator = scope.evaluator
        self.scope_id = scope_id
        self.prefix = prefix
        self.module = prefix[:-1] if prefix.endswith(".") else prefix
        self.resources: list[Resource] = []
        self.notices: list[FileError] = []
        self.pending: list[PendingRef] = []
        self.instances: dict[str, list[str]] = {}  # base address -> instance addresses

    def build(self, declared: Declared | DeclaredLocal) -> None:
        if isinstance(declared, DeclaredLocal):
            self._local(declared)
        elif declared.kind in ("resource", "data", "module"):
            self._counted(declared)
        elif declared.kind == "variable":
            self._variable(declared)
        else:
            self._plain(declared)

    def _resource(
        self,
        declared: Declared,
        address: str,
        type_: str,
        attributes: dict[str, Any],
        sink: BodySink,
        meta: dict[str, Any],
    ) -> Resource:
        block = declared.block
        name = block.labels[-1] if declared.kind in ("resource", "data") else block.labels[0]
        resource = Resource(
            id=resource_id(self.scope_id, address),
            address=address,
            framework=Framework.TERRAFORM,
            type=type_,
            name=name,
            file=declared.file,
            span=block.span,
            attributes=attributes,
            spans=sink.spans,
            kind=declared.kind,
            module=self.module,
            meta=meta,
        )
        self.resources.append(resource)
        for path, ref, env in sink.refs:
            self.pending.append(PendingRef(resource.id, path, ref, env, "reference"))
        return resource

    # resources, data sources and module calls

    def _counted(self, declared: Declared) -> None:
        block = declared.block
        base = self.prefix + declared.address
        instances, counted_meta = self._instances(declared)
        self.instances[base] = [instance_address(base, key) for key, _ in instances]
        meta = {**self._meta(block), **counted_meta}
        skip = META_ARGUMENTS | _MODULE_ARGUMENTS if declared.kind == "module" else META_ARGUMENTS
        type_ = "module" if declared.kind == "module" else block.labels[0]
        for key, env in instances:
            sink = BodySink()
            attributes = evaluate_body(self.evaluator, block.body, env, (), sink, skip)
            instance_meta = meta if key is None else {**meta, "index": key}
            address = instance_address(base, key)
            resource = self._resource(declared, address, type_, attributes, sink, instance_meta)
            self._meta_refs(resource.id, block, env)

    def _instances(self, declared: Declared) -> tuple[list[Instance], dict[str, Any]]:
        expansion = expand_instances(self.evaluator, declared)
        if expansion.limit:
            self._limit(declared, expansion.limit)
        return expansion.instances, expansion.meta

    def _limit(self, declared: Declared, what: str) -> None:
        message = (
            f"{self.prefix + declared.address}: {what} is more than {MAX_INSTANCES} instances; "
            "it is scanned as one resource with unknown instance values"
        )
        self.notices.append(
            FileError(declared.file, declared.block.span.line, message, kind="limit")
        )

    def _meta(self, block: Block) -> dict[str, Any]:
        body = block.body
        meta: dict[str, Any] = {}
        depends_on = body.attribute("depends_on")
        if depends_on is not None:
            meta["depends_on"] = traversal_list(depends_on.expr)
        provider = body.attribute("provider")
        if provider is not None:
            meta["provider"] = traversal_text(provider.expr)
        lifecycle = [b for b in body.blocks if b.type == "lifecycle"]
        if lifecycle:
            meta["lifecycle"] = self._lifecycle(lifecycle[0])
        if block.type == "module":
            for name in ("source", "version"):
                attribute = body.attribute(name)
                if attribute is not None:
                    meta[name] = self.evaluator.value(attribute.expr)
            providers = body.attribute("providers")
            if providers is not None and isinstance(providers.expr, ObjectExpr):
                meta["providers"] = {
                    traversal_text(i.key) or "": traversal_text(i.value)
                    for i in providers.expr.items
                }
        return meta

    def _lifecycle(self, block: Block) -> dict[str, Any]:
        values = evaluate_body(self.evaluator, block.body, EMPTY_ENV, skip=_NAME_LISTS)
        for name in _NAME_LISTS:
            attribute = block.body.attribute(name)
            if attribute is not None:
                values[name] = traversal_list(attribute.expr)
        return values

    def _meta_refs(self, source: str, block: Block, env: Env) -> None:
        body = block.body
        for name in ("count", "for_each"):
            attribute = body.attribute(name)
            if attribute is not None:
                self._refs(source, attribute.expr, (name,), env, "reference")
        depends_on = body.attribute("depends_on")
        if depends_on is not None:
            self._refs(source, depends_on.expr, ("depends_on",), env, "depends_on")
        provider = body.attribute("provider")
        if provider is not None and isinstance(provider.expr, Reference):
            self._refs(source, provider.expr, ("provider",), env, "reference")

    def _refs(self, source: str, expr: Expr, path: AttrPath, env: Env, kind: str) -> None:
        items = expr.items if isinstance(expr, TupleExpr) else (expr,)
        sink = BodySink()
        for item in items:
            sink.add_refs(item, path, env)
        for ref_path, ref, ref_env in sink.refs:
            self.pending.append(PendingRef(source, ref_path, ref, ref_env, kind))

    # variables, outputs, providers and locals

    def _variable(self, declared: Declared) -> None:
        block = declared.block
        sink = BodySink()
        attributes = evaluate_body(
            self.evaluator, block.body, EMPTY_ENV, (), sink, frozenset({"type"})
        )
        type_attribute = block.body.attribute("type")
        if type_attribute is not None:
            attributes["type"] = type_text(type_attribute.expr)
            sink.spans[("type",)] = type_attribute.span
        name = block.labels[0]
        meta = {"value": self.scope.variables.get(name)}
        self._resource(declared, self.prefix + declared.address, "variable", attributes, sink, meta)

    def _plain(self, declared: Declared) -> None:
        block = declared.block
        sink = BodySink()
        skip = frozenset({"depends_on"}) if declared.kind == "output" else frozenset()
        attributes = evaluate_body(self.evaluator, block.body, EMPTY_ENV, (), sink, skip)
        meta = self._meta(block)
        if declared.kind == "provider" and isinstance(attributes.get("alias"), str):
            meta["alias"] = attributes["alias"]
        type_ = block.labels[0] if declared.kind == "provider" else declared.kind
        resource = self._resource(
            declared, self.prefix + declared.address, type_, attributes, sink, meta
        )
        self._meta_refs(resource.id, block, EMPTY_ENV)

    def _local(self, declared: DeclaredLocal) -> None:
        attribute = declared.attribute
        value = self.scope.local(declared.name)
        sink = BodySink()
        sink.spans[("value",)] = attribute.span
        record_element_spans(attribute.expr, value, ("value",), sink.spans)
        sink.add_refs(attribute.expr, ("value",), EMPTY_ENV)
        address = f"{self.prefix}local.{declared.name}"
        resource = Resource(
            id=resource_id(self.scope_id, address),
            address=address,
            framework=Framework.TERRAFORM,
            type="locals",
            name=declared.name,
            file=declared.file,
            span=attribute.span,
            attributes={"value": value},
            spans=sink.spans,
            kind="locals",
            module=self.module,
        )
        self.resources.append(resource)
        for path, ref, env in sink.refs:
            self.pending.append(PendingRef(resource.id, path, ref, env, "reference"))


@dataclass(frozen=True, slots=True)
class Expansion:
    """The instances of a block with `count` or `for_each` (one keyless instance without).
    `repeat` names the meta-argument; `known` is False when the number of instances is not
    known (then one instance stands for all, with unknown `count.index` / `each`); `limit`
    says what was cut down to that one instance for being too many."""

    instances: list[Instance]
    meta: dict[str, Any]
    repeat: str = ""
    known: bool = True
    limit: str = ""


def expand_instances(evaluator: Evaluator, declared: Declared) -> Expansion:
    body = declared.block.body
    count, for_each = body.attribute("count"), body.attribute("for_each")
    if count is not None:
        value = evaluator.value(count.expr)
        number = _whole_number(value)
        limit = f"count = {number}" if number is not None and number > MAX_INSTANCES else ""
        if number is None or limit:
            unknown = value if isinstance(value, Unknown) else Unknown("count is not known")
            instances: list[Instance] = [(None, {"count": {"index": unknown}})]
            return Expansion(instances, {"count": value}, "count", False, limit)
        instances = [(i, {"count": {"index": i}}) for i in range(number)]
        return Expansion(instances, {"count": value}, "count")
    if for_each is not None:
        value = evaluator.value(for_each.expr)
        items = for_each_items(value)
        too_many = items is not None and len(items) > MAX_INSTANCES
        limit = f"for_each with {len(items)} elements" if items is not None and too_many else ""
        if items is None or limit:
            unknown = value if isinstance(value, Unknown) else Unknown("for_each is not known")
            instances = [(None, {"each": {"key": unknown, "value": unknown}})]
            return Expansion(instances, {"for_each": value}, "for_each", False, limit)
        instances = [(key, {"each": {"key": key, "value": item}}) for key, item in items]
        return Expansion(instances, {"for_each": value}, "for_each")
    return Expansion([(None, EMPTY_ENV)], {})


def _whole_number(value: Any) -> int | None:
    if isinstance(value, (Unknown, bool)):
        return None
    try:
        number = to_integer(value)
    except EvalError:
        return None
    return number if number >= 0 else None
