"""Parameter values of a CloudFormation template: given on the command line, in parameter
files, or the template's `Default`; `Unknown` otherwise."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from iacscan.frameworks.base import FileError, plain
from iacscan.frameworks.json_marks import read_json_file
from iacscan.graph.model import Unknown


def file_parameters(paths: Iterable[Path]) -> tuple[dict[str, str], list[FileError]]:
    """Values from CloudFormation parameter files, later files winning.

    Two shapes are read: the AWS CLI's `[{"ParameterKey": k, "ParameterValue": v}]` and the
    CodePipeline template configuration `{"Parameters": {k: v}}`. Other JSON files (ARM
    parameter files) are skipped: they belong to the ARM adapter."""
    values: dict[str, str] = {}
    errors: list[FileError] = []
    for path in paths:
        data, error = read_json_file(str(path))
        if error is not None:
            errors.append(FileError(str(path), error.line, error.message, error.column, "read"))
            continue
        values.update(_pairs(data))
    return values, errors


def _pairs(data: Any) -> dict[str, str]:
    if isinstance(data, list):
        return {
            str(item["ParameterKey"]): _text(item["ParameterValue"])
            for item in data
            if isinstance(item, dict) and "ParameterKey" in item and "ParameterValue" in item
        }
    if isinstance(data, dict) and isinstance(data.get("Parameters"), dict):
        return {str(key): _text(value) for key, value in data["Parameters"].items()}
    return {}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    return str(value)


def parameter_values(declared: Any, given: Mapping[str, str]) -> dict[str, Any]:
    """What `Ref` gives for each declared parameter.

    `Ref` to a parameter yields a string (numbers included) or, for list types, a list of
    strings; SSM-backed parameters are looked up at deploy time, so they are unknown."""
    values: dict[str, Any] = {}
    if not isinstance(declared, dict):
        return values
    for name, declaration in declared.items():
        spec = declaration if isinstance(declaration, dict) else {}
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value<"):
            values[str(name)] = Unknown(f"parameter {name} is read from SSM at deploy time")
        elif str(name) in given:
            values[str(name)] = _typed(kind, given[str(name)])
        elif "Default" in spec:
            values[str(name)] = _typed(kind, plain(spec["Default"]))
        else:
            values[str(name)] = Unknown(f"parameter {name} has no value and no Default")
    return values


def _typed(kind: str, value: Any) -> Any:
    if kind == "CommaDelimitedList" or kind.startswith("List<"):
        if isinstance(value, list):
            return [_text(item) for item in value]
        # CloudFormation trims the spaces around each member.
        return [item.strip() for item in _text(value).split(",")]
    if isinstance(value, (dict, list)):
        return Unknown("a parameter value that is not a string")
    return _text(value)
