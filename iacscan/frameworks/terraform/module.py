"""Evaluating one module directory: variables from inputs, then resources and edges.

`evaluate_module` is written for module calls too: a caller passes the child directory's parsed
files, the input values of the `module` block, and the address prefix (`module.net.`) its
resources get.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iacscan.frameworks.base import ParseResult
from iacscan.frameworks.terraform.conversions import EvalError, to_bool, to_number, to_string
from iacscan.frameworks.terraform.edges import EdgeResolver
from iacscan.frameworks.terraform.evaluate import EmptyScope, Evaluator
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.module_scope import ModuleScope
from iacscan.frameworks.terraform.resources import ResourceBuilder
from iacscan.frameworks.terraform.syntax_tree import FileBody
from iacscan.frameworks.terraform.unparse import type_text
from iacscan.graph.model import Unknown


def evaluate_module(
    files: Sequence[FileBody],
    inputs: Mapping[str, Any],
    *,
    scope_id: str,
    address_prefix: str = "",
    module_path: str = ".",
    root_path: str = ".",
) -> ParseResult:
    """Resources, edges and declaration errors of one module.

    `inputs` are variable values set from outside (tfvars and `--var` for the root module,
    the `module` block's arguments for a child); `scope_id` is the scope of resource ids (the
    module directory); `address_prefix` is "" for the root module, `module.net.` in a call.
    """
    index = ModuleIndex.build(files)
    variables = resolve_variables(index, inputs)
    scope = ModuleScope(index, variables, module_path, root_path)
    builder = ResourceBuilder(scope, scope_id, address_prefix)
    for declared in index.ordered:
        builder.build(declared)
    resolver = EdgeResolver(index, scope.evaluator, builder.instances, scope_id, address_prefix)
    return ParseResult(
        resources=builder.resources,
        edges=resolver.edges(builder.pending),
        errors=list(index.errors),
        notices=builder.notices,
    )


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
