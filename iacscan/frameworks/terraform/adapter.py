"""The Terraform adapter: one directory of `.tf` / `.tf.json` files -> resources and edges.

Each file is parsed on its own: a file with a syntax error becomes a `FileError` (file, line,
"expected ... got ...") and the other files of the directory are still scanned. Module calls
are evaluated too (see `module_calls`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit
from iacscan.frameworks.terraform.module import evaluate_module
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.module_sources import SourceLoader
from iacscan.frameworks.terraform.source_files import parse_source
from iacscan.frameworks.terraform.syntax_tree import FileBody
from iacscan.frameworks.terraform.tfvars import load_inputs
from iacscan.frameworks.terraform.unparse import type_text
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource


class TerraformAdapter:
    framework = Framework.TERRAFORM

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        return parse_directory(unit, options)

    def link(self, resources: list[Resource]) -> list[Edge]:
        return []


def parse_directory(
    unit: ScanUnit, options: ParseOptions, known: Mapping[str, Any] | None = None
) -> ParseResult:
    """Parse and evaluate a root module directory with the modules it calls. `known` holds
    variable values that win over every other source (a plan's own record of them)."""
    errors: list[FileError] = []
    files: list[FileBody] = []
    for source in unit.files:
        parsed = parse_source(source, errors)
        if parsed is not None:
            files.append(parsed)
    inputs = load_inputs(unit.extra, options, _declared_types(files))
    loader = SourceLoader(unit.root, unit.directory)
    result = evaluate_module(
        files,
        {**inputs.values, **(known or {})},
        scope_id=unit.directory,
        module_path=unit.directory,
        root_path=unit.directory,
        loader=loader,
    )
    result.errors[:0] = errors + inputs.errors
    result.errors.extend(loader.errors)
    # A nested call of a module used several times is reported once, not per instance.
    result.notices[:0] = inputs.notices
    result.notices[:] = list(dict.fromkeys(result.notices))
    return result


def _declared_types(files: list[FileBody]) -> dict[str, str]:
    index = ModuleIndex.build(files)
    types: dict[str, str] = {}
    for name, declared in index.variables.items():
        attribute = declared.block.body.attribute("type")
        types[name] = type_text(attribute.expr) if attribute is not None else ""
    return types
