"""Evaluating one module directory: variables from inputs, then resources, module calls and
edges.

`run_module` evaluates a module and, through `ModuleCalls`, every module it calls: the child's
resources are addressed with the call's prefix (`module.net.`, `module.net[0].`), keep their
own files and lines, and name the calling block in `meta["module_call"]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iacscan.frameworks.base import ParseResult, resource_id
from iacscan.frameworks.terraform.conversions import EvalError, to_bool, to_number, to_string
from iacscan.frameworks.terraform.edges import EdgeResolver
from iacscan.frameworks.terraform.evaluate import EMPTY_ENV, EmptyScope, Evaluator
from iacscan.frameworks.terraform.module_calls import Call, Frame, ModuleCalls, ModuleResult
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.module_scope import ModuleScope
from iacscan.frameworks.terraform.module_sources import SourceLoader
from iacscan.frameworks.terraform.resources import ResourceBuilder
from iacscan.frameworks.terraform.syntax_tree import FileBody
from iacscan.frameworks.terraform.unparse import type_text
from iacscan.graph.graph import Edge
from iacscan.graph.model import Unknown


def evaluate_module(
    files: Sequence[FileBody],
    inputs: Mapping[str, Any],
    *,
    scope_id: str,
    address_prefix: str = "",
    module_path: str = ".",
    root_path: str = ".",
    loader: SourceLoader | None = None,
) -> ParseResult:
    """Resources, edges and declaration errors of one module.

    `inputs` are variable values set from outside (tfvars and `--var` for the root module,
    the `module` block's arguments for a child); `scope_id` is the scope of resource ids (the
    module directory); `address_prefix` is "" for the root module, `module.net.` in a call.
    With a `loader`, the modules it calls are evaluated too.
    """
    frame = Frame(loader, scope_id, root_path, module_path, prefix=address_prefix)
    return run_module(files, inputs, frame).result


def run_module(
    files: Sequence[FileBody],
    inputs: Mapping[str, Any],
    frame: Frame,
    module_call: Mapping[str, Any] | None = None,
) -> ModuleResult:
    index = ModuleIndex.build(files)
    variables = resolve_variables(index, inputs)
    scope = ModuleScope(index, variables, frame.directory, frame.root_path)
    calls = ModuleCalls(frame, index, scope.evaluator, run_module)
    scope.modules = calls
    builder = ResourceBuilder(scope, frame.scope_id, frame.prefix)
    for declared in index.ordered:
        builder.build(declared)
    evaluated = calls.evaluate_all()
    resolver = EdgeResolver(
        index, scope.evaluator, builder.instances, frame.scope_id, frame.prefix, calls
    )
    result = ParseResult(
        resources=builder.resources,
        edges=resolver.edges(builder.pending),
        errors=list(index.errors),
        notices=builder.notices + calls.notices,
    )
    directories = {call.declared.block.labels[0]: call.directory for call in evaluated}
    for resource in builder.resources:
        if module_call is not None:
            resource.meta["module_call"] = dict(module_call)
        if resource.kind == "module" and resource.name in directories:
            resource.meta["directory"] = directories[resource.name]
    for call in evaluated:
        _merge_call(result, call, resolver, frame.scope_id)
    outputs = {r.name: r.attributes.get("value") for r in builder.resources if r.kind == "output"}
    return ModuleResult(result, outputs, _output_targets(index, resolver))


def _merge_call(result: ParseResult, call: Call, resolver: EdgeResolver, scope_id: str) -> None:
    """Add a call's resources and edges; a child resource that refers to one of the child's
    variables also refers to what the caller passed for it."""
    for instance in call.instances:
        child = instance.module.result
        variables = {
            resource_id(scope_id, f"{instance.address}.var.{attribute.name}"): attribute.name
            for attribute in call.declared.block.body.attributes
        }
        result.resources.extend(child.resources)
        result.edges.extend(child.edges)
        for edge in child.edges:
            variable = variables.get(edge.target)
            if variable is None:
                continue
            for target in resolver.input_targets(call, instance, variable):
                passed = Edge(edge.source, resource_id(scope_id, target), edge.kind, edge.path)
                if passed.target != passed.source:
                    result.edges.append(passed)
        result.errors.extend(child.errors)
        result.notices.extend(child.notices)


def _output_targets(index: ModuleIndex, resolver: EdgeResolver) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for declared in index.declared.values():
        if declared.kind != "output":
            continue
        attribute = declared.block.body.attribute("value")
        if attribute is None:
            continue
        found[declared.block.labels[0]] = resolver.expression_targets(attribute.expr, EMPTY_ENV)
    return found


def resolve_variables(index: ModuleIndex, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Each declared variable's value: the input, else its default, else unknown."""
    constant = Evaluator(EmptyScope())
    values: dict[str, Any] = {}
    for name, declared in index.variables.items():
        body = declared.block.body
        default = body.attribute("default")
        if name in inputs:
            value = inputs[name]
        elif default is not None:
            value = constant.value(default.expr)
        else:
            value = Unknown(f"variable {name} has no value (no default, tfvars or --var)")
        type_attribute = body.attribute("type")
        if type_attribute is not None:
            value = convert_primitive(value, type_text(type_attribute.expr))
        values[name] = value
    return values


def convert_primitive(value: Any, type_name: str) -> Any:
    """Terraform's conversion of a value to a primitive type constraint; values that do not
    convert are left as given."""
    if value is None or isinstance(value, Unknown):
        return value
    try:
        if type_name == "string" and not isinstance(value, (list, dict)):
            return to_string(value)
        if type_name == "number":
            return to_number(value)
        if type_name == "bool":
            return to_bool(value)
    except EvalError:
        return value
    return value
