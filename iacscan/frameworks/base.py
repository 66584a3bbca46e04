"""What every format adapter receives and returns.

The scanner reads each file once (`SourceFile`), classifies it, groups files into units (a
Terraform directory is one unit, every other format one file a unit) and hands each unit to the
adapter of its framework. An adapter never raises for bad input: it returns `FileError`s with the
file and line, and whatever resources it could still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource, pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file as read from disk: `rel` is its POSIX path relative to the scan root."""

    path: Path
    rel: str
    text: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FileError:
    """Something in a file could not be read. `kind` is `parse`, `read`, `limit` or `eval`."""

    file: str
    line: int
    message: str
    column: int = 0
    kind: str = "parse"


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """Values supplied from outside the files: Terraform variables and var-files, CloudFormation
    and ARM parameters. Paths in `var_files` and `parameter_files` are as the user gave them."""

    tf_vars: Mapping[str, str] = field(default_factory=dict)
    tf_var_files: tuple[Path, ...] = ()
    cfn_parameters: Mapping[str, str] = field(default_factory=dict)
    parameter_files: tuple[Path, ...] = ()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ScanUnit:
    """What one adapter call parses: a Terraform directory's files, or a single file.

    `directory` is the unit's folder relative to the scan root in POSIX form ("." for the root).
    `extra` carries files the unit reads but does not scan by itself (e.g. `*.tfvars`).
    """

    framework: Framework
    directory: str
    files: tuple[SourceFile, ...]
    root: Path
    extra: tuple[SourceFile, ...] = ()


@pickled_by_fields
@dataclass(slots=True)
class ParseResult:
    resources: list[Resource] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    # Notes that are not errors, e.g. a remote module that was not evaluated.
    notices: list[FileError] = field(default_factory=list)


class Adapter(Protocol):
    """A format adapter. `link` adds edges that cross units (e.g. a Kubernetes Service in one
    file selecting a Deployment in another); most adapters return none."""

    framework: Framework

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult: ...

    def link(self, resources: list[Resource]) -> list[Edge]: ...


def resource_id(scope: str, address: str) -> str:
    """A scan-wide unique id: the scope (file or Terraform directory) and the address."""
    return f"{scope}::{address}"


def plain(value: Any) -> Any:
    """Strip decoder node classes (cfn-lint's str_node, dict_node, ...) down to builtins."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
