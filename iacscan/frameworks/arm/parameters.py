"""Values from ARM parameter files (`{"parameters": {"name": {"value": ...}}}`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iacscan.frameworks.base import FileError
from iacscan.frameworks.json_marks import read_json_file
from iacscan.graph.model import Unknown


def file_parameters(paths: Iterable[Path]) -> tuple[dict[str, Any], list[FileError]]:
    """Parameter values from the ARM parameter files among `paths`, later files winning.

    Files of another shape (CloudFormation parameter files) are skipped: they belong to the
    CloudFormation adapter. Key Vault references are secrets fetched at deploy time: unknown."""
    values: dict[str, Any] = {}
    errors: list[FileError] = []
    for path in paths:
        data, error = read_json_file(str(path))
        if error is not None:
            errors.append(FileError(str(path), error.line, error.message, error.column, "read"))
            continue
        parameters = data.get("parameters") if isinstance(data, dict) else None
        if not isinstance(parameters, dict):
            continue
        for name, entry in parameters.items():
            if isinstance(entry, dict) and "value" in entry:
                values[str(name)] = entry["value"]
            elif isinstance(entry, dict) and "reference" in entry:
                values[str(name)] = Unknown(f"parameter {name} is read from Key Vault")
    return values, errors
