"""A small HCL writer for the synthetic corpus: blocks, attributes and expressions, laid out the
way `terraform fmt` would (two-space indent, `=` aligned across consecutive one-line attributes)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias, Union

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Raw:
    """An expression written as is: `var.name`, `aws_s3_bucket.logs.id`, `local.tags`."""

    text: str


@dataclass(frozen=True)
class Call:
    """A function call such as `jsonencode({...})` or `merge(local.tags, {...})`."""

    name: str
    args: tuple[Value, ...]


@dataclass(frozen=True)
class Block:
    """`type "label" ... { body }`; a nested block has no labels."""

    type: str
    labels: tuple[str, ...] = ()
    body: tuple[Item, ...] = ()


# Union[...] rather than `|`: these aliases are evaluated at run time and contain strings.
Value: TypeAlias = Union[  # noqa: UP007
    str, int, float, bool, Raw, Call, Sequence["Value"], dict[str, "Value"], None
]
Item: TypeAlias = Union[tuple[str, Value], Block]  # noqa: UP007


def block(kind: str, *labels: str, body: Sequence[Item] = ()) -> Block:
    return Block(kind, tuple(labels), tuple(body))


def render_file(blocks: Sequence[Block]) -> str:
    return "\n".join(_block(b, 0) for b in blocks)


def _block(item: Block, depth: int) -> str:
    pad = "  " * depth
    head = " ".join([item.type, *(f'"{label}"' for label in item.labels)])
    if not item.body:
        return f"{pad}{head} {{}}\n"
    return f"{pad}{head} {{\n{_body(item.body, depth + 1)}{pad}}}\n"


def _body(items: Sequence[Item], depth: int) -> str:
    pad = "  " * depth
    out: list[str] = []
    run: list[tuple[str, str]] = []  # consecutive one-line attributes, aligned together

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        out.extend(f"{pad}{name.ljust(width)} = {text}\n" for name, text in run)
        run.clear()

    previous_was_block = False
    for item in items:
        if isinstance(item, Block):
            flush()
            if out:
                out.append("\n")
            out.append(_block(item, depth))
            previous_was_block = True
            continue
        name, value = item
        if previous_was_block:
            out.append("\n")
            previous_was_block = False
        text = expression(value, depth)
        if "\n" in text:
            flush()
            out.append(f"{pad}{name} = {text}\n")
        else:
            run.append((name, text))
    flush()
    return "".join(out)


def expression(value: Value, depth: int = 0) -> str:
    """One HCL expression; lists of objects and objects span several lines."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Call):
        return f"{value.name}({', '.join(expression(a, depth) for a in value.args)})"
    if isinstance(value, dict):
        return _object(value, depth)
    return _list(list(value), depth)


def quote(text: str) -> str:
    # `${...}` stays: interpolation is what the corpus wants to exercise.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _object(value: dict[str, Value], depth: int) -> str:
    if not value:
        return "{}"
    pad = "  " * (depth + 1)
    keys = [k if _IDENTIFIER.fullmatch(k) else quote(k) for k in value]
    width = max(len(k) for k in keys)
    lines = [
        f"{pad}{key.ljust(width)} = {expression(v, depth + 1)}"
        for key, v in zip(keys, value.values(), strict=True)
    ]
    return "{\n" + "\n".join(lines) + "\n" + "  " * depth + "}"


def _list(items: list[Value], depth: int) -> str:
    if not items:
        return "[]"
    if all(not isinstance(i, (dict, list, tuple)) for i in items):
        return "[" + ", ".join(expression(i, depth) for i in items) + "]"
    pad = "  " * (depth + 1)
    inner = ",\n".join(pad + expression(i, depth + 1) for i in items)
    return "[\n" + inner + ",\n" + "  " * depth + "]"
