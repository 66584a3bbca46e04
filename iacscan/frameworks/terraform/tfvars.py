"""Variable values set from outside a root module, in Terraform's order (later wins):
`terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` alphabetically, the
`--var-file`s in the order given, then `--var NAME=VALUE`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from iacscan.frameworks.base import FileError, ParseOptions, SourceFile
from iacscan.frameworks.terraform.evaluate import EmptyScope, Evaluator
from iacscan.frameworks.terraform.hcl_syntax import parse_expression, parse_hcl
from iacscan.frameworks.terraform.syntax_tree import HclSyntaxError
from iacscan.graph.model import is_unknown

_COMPLEX_TYPES = ("list", "map", "set", "object", "tuple")
_LITERALS = frozenset({"number", "bool", "any"})


@dataclass(slots=True)
class VariableInputs:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    notices: list[FileError] = field(default_factory=list)


def load_inputs(
    extra: Sequence[SourceFile], options: ParseOptions, declared_types: Mapping[str, str]
) -> VariableInputs:
    """`declared_types` maps each declared variable to its type constraint text ("" if none)."""
    inputs = VariableInputs()
    automatic, manual = _automatic_files(extra)
    for source in automatic:
        _load_text(inputs, source.rel, source.text)
    given = {_resolved(path) for path in options.tf_var_files}
    for source in manual:
        if _resolved(source.path) in given:
            continue
        inputs.notices.append(
            FileError(
                source.rel,
                0,
                "not loaded automatically by Terraform; pass it with --var-file to use its values",
                kind="read",
            )
        )
    for path in options.tf_var_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            inputs.errors.append(
                FileError(str(path), 0, f"cannot read var file: {error}", kind="read")
            )
            continue
        _load_text(inputs, str(path), text)
    for name, raw in options.tf_vars.items():
        inputs.values[name] = cli_value(raw, declared_types.get(name, ""))
    return inputs


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path)


def _automatic_files(extra: Sequence[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
    first: list[SourceFile] = []
    auto: list[SourceFile] = []
    manual: list[SourceFile] = []
    for source in extra:
        name = PurePosixPath(source.rel).name
        if name in ("terraform.tfvars", "terraform.tfvars.json"):
            first.append(source)
        elif name.endswith((".auto.tfvars", ".auto.tfvars.json")):
            auto.append(source)
        elif name.endswith((".tfvars", ".tfvars.json")):
            manual.append(source)
    first.sort(key=lambda s: s.rel.endswith(".json"))
    auto.sort(key=lambda s: PurePosixPath(s.rel).name)
    return first + auto, manual


def _load_text(inputs: VariableInputs, file: str, text: str) -> None:
    if file.endswith(".json"):
        _load_json(inputs, file, text)
        return
    try:
        body, problems = parse_hcl(text)
    except HclSyntaxError as error:
        inputs.errors.append(FileError(file, error.line, error.message, error.column))
        return
    inputs.errors.extend(FileError(file, p.line, p.message, p.column) for p in problems)
    constant = Evaluator(EmptyScope())
    for attribute in body.attributes:
        inputs.values[attribute.name] = constant.value(attribute.expr)
    for block in body.blocks:
        message = f"a .tfvars file holds only NAME = VALUE lines, not a {block.type} block"
        inputs.errors.append(FileError(file, block.span.line, message))


def _load_json(inputs: VariableInputs, file: str, text: str) -> None:
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        inputs.errors.append(FileError(file, error.lineno, error.msg, error.colno))
        return
    if not isinstance(document, dict):
        inputs.errors.append(FileError(file, 1, "a .tfvars.json file must hold a JSON object"))
        return
    inputs.values.update(document)


def cli_value(raw: str, type_name: str) -> Any:
    """A `--var` value: a plain string for string variables, else an HCL literal when it is one
    (`3`, `true`, `["a", "b"]`, `{ env = "prod" }`), else the string as given."""
    if type_name == "string":
        return raw
    if (
        type_name
        and not type_name.startswith(_COMPLEX_TYPES)
        and type_name not in ("number", "bool", "any")
    ):
        return raw
    try:
        expr = parse_expression(raw)
    except HclSyntaxError:
        return raw
    value = Evaluator(EmptyScope()).value(expr)
    return raw if is_unknown(value) else value
