"""The blocks of one module directory, indexed by address, with duplicate declarations reported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from iacscan.frameworks.base import FileError
from iacscan.frameworks.terraform.syntax_tree import Attribute, Block, FileBody, Literal

# Block type -> number of labels it must have. Other top-level blocks (terraform, moved,
# import, check, removed) configure Terraform itself and produce no resources.
LABEL_COUNTS = {
    "resource": 2,
    "data": 2,
    "module": 1,
    "variable": 1,
    "output": 1,
    "provider": 1,
    "locals": 0,
}


@dataclass(frozen=True, slots=True)
class Declared:
    """A top-level block, where it is written and the address it declares (without the
    module prefix): `aws_s3_bucket.b`, `data.x.y`, `module.m`, `var.v`, `output.o`,
    `provider.aws.west`."""

    kind: str
    address: str
    file: str
    block: Block


@dataclass(frozen=True, slots=True)
class DeclaredLocal:
    name: str
    file: str
    attribute: Attribute


@dataclass(slots=True)
class ModuleIndex:
    declared: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, DeclaredLocal] = field(default_factory=dict)
    variables: dict[str, Declared] = field(default_factory=dict)
    resource_types: set[str] = field(default_factory=set)
    errors: list[FileError] = field(default_factory=list)
    # Declarations in source order (locals as their own entries) for building resources.
    ordered: list[Declared | DeclaredLocal] = field(default_factory=list)

    @classmethod
    def build(cls, files: Sequence[FileBody]) -> ModuleIndex:
        index = cls()
        for file_body in files:
            for block in file_body.body.blocks:
                index._add(file_body.file, block)
        return index

    def _add(self, file: str, block: Block) -> None:
        expected = LABEL_COUNTS.get(block.type)
        if expected is None:
            return
        if len(block.labels) != expected:
            self._error(
                file,
                block.span.line,
                f"a {block.type} block needs {expected} label(s), found {len(block.labels)}",
            )
            return
        if block.type == "locals":
            for attribute in block.body.attributes:
                self._add_local(file, attribute)
            return
        address = _address(block)
        first = self.declared.get(address)
        if first is not None:
            self._error(
                file,
                block.span.line,
                f"{address} is already declared in {first.file} on line "
                f"{first.block.span.line}; this declaration is ignored",
            )
            return
        declared = Declared(block.type, address, file, block)
        self.declared[address] = declared
        self.ordered.append(declared)
        if block.type == "resource":
            self.resource_types.add(block.labels[0])
        elif block.type == "variable":
            self.variables[block.labels[0]] = declared

    def _add_local(self, file: str, attribute: Attribute) -> None:
        first = self.locals.get(attribute.name)
        if first is not None:
            self._error(
                file,
                attribute.span.line,
                f"local.{attribute.name} is already defined in {first.file} on line "
                f"{first.attribute.span.line}; this definition is ignored",
            )
            return
        declared = DeclaredLocal(attribute.name, file, attribute)
        self.locals[attribute.name] = declared
        self.ordered.append(declared)

    def _error(self, file: str, line: int, message: str) -> None:
        self.errors.append(FileError(file, line, message, kind="eval"))


def _address(block: Block) -> str:
    labels = block.labels
    if block.type == "resource":
        return f"{labels[0]}.{labels[1]}"
    if block.type == "data":
        return f"data.{labels[0]}.{labels[1]}"
    if block.type == "module":
        return f"module.{labels[0]}"
    if block.type == "variable":
        return f"var.{labels[0]}"
    if block.type == "output":
        return f"output.{labels[0]}"
    alias = block.body.attribute("alias")
    if alias is not None and isinstance(alias.expr, Literal) and isinstance(alias.expr.value, str):
        return f"provider.{labels[0]}.{alias.expr.value}"
    return f"provider.{labels[0]}"
