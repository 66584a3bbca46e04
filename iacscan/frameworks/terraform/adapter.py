"""The Terraform adapter: one directory of `.tf` / `.tf.json` files -> resources and edges.

Each file is parsed on its own: a file with a syntax error becomes a `FileError` (file, line,
"expected ... got ...") and the other files of the directory are still scanned.
"""

from __future__ import annotations

from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.terraform.hcl_syntax import parse_hcl
from iacscan.frameworks.terraform.json_syntax import parse_tf_json
from iacscan.frameworks.terraform.module import evaluate_module
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.syntax_tree import FileBody, HclSyntaxError
from iacscan.frameworks.terraform.tfvars import load_inputs
from iacscan.frameworks.terraform.unparse import type_text
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource


class TerraformAdapter:
    framework = Framework.TERRAFORM

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        errors: list[FileError] = []
        files: list[FileBody] = []
        for source in unit.files:
            parsed = parse_source(source, errors)
            if parsed is not None:
                files.append(parsed)
        inputs = load_inputs(unit.extra, options, _declared_types(files))
        result = evaluate_module(
            files,
            inputs.values,
            scope_id=unit.directory,
            module_path=unit.directory,
            root_path=unit.directory,
        )
        result.errors[:0] = errors + inputs.errors
        result.notices[:0] = inputs.notices
        return result

    def link(self, resources: list[Resource]) -> list[Edge]:
        return []


def parse_source(source: SourceFile, errors: list[FileError]) -> FileBody | None:
    """One file's syntax tree, or None (with the error recorded) when it does not parse."""
    parse = parse_tf_json if source.rel.endswith(".json") else parse_hcl
    try:
        body, problems = parse(source.text)
    except HclSyntaxError as error:
        errors.append(FileError(source.rel, error.line, error.message, error.column))
        return None
    except RecursionError:
        errors.append(FileError(source.rel, 1, "the file is nested too deeply to read"))
        return None
    errors.extend(FileError(source.rel, p.line, p.message, p.column) for p in problems)
    return FileBody(source.rel, body)


def _declared_types(files: list[FileBody]) -> dict[str, str]:
    index = ModuleIndex.build(files)
    types: dict[str, str] = {}
    for name, declared in index.variables.items():
        attribute = declared.block.body.attribute("type")
        types[name] = type_text(attribute.expr) if attribute is not None else ""
    return types
