"""A small YAML writer for the synthetic corpus, plus CloudFormation intrinsic functions that
render as short-form tags in YAML (`!Ref X`) and as long-form objects in JSON (`{"Ref": "X"}`).

Writing YAML ourselves (rather than `yaml.dump`) keeps the layout fixed and hand-written looking,
and lets a template use `!Sub` / `!GetAtt` tags the way people write them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Plain (unquoted) scalars must not read back as anything but the same string.
_PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./:-]*(?: [A-Za-z0-9_./()-]+)*")
# YAML 1.1 booleans and null (compared lower-cased): they must be quoted to stay strings.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


@dataclass(frozen=True)
class Tag:
    """A CloudFormation intrinsic: `name` is the long form (`Fn::Sub`), `value` its argument."""

    name: str
    value: Any

    @property
    def short(self) -> str:
        return "!" + self.name.removeprefix("Fn::")


def ref(name: str) -> Tag:
    return Tag("Ref", name)


def sub(text: str) -> Tag:
    return Tag("Fn::Sub", text)


def get_att(resource: str, attribute: str) -> Tag:
    return Tag("Fn::GetAtt", [resource, attribute])


def join(separator: str, parts: list[Any]) -> Tag:
    return Tag("Fn::Join", [separator, parts])


def if_(condition: str, yes: Any, no: Any) -> Tag:
    return Tag("Fn::If", [condition, yes, no])


def equals(left: Any, right: Any) -> Tag:
    return Tag("Fn::Equals", [left, right])


def long_form(value: Any) -> Any:
    """The JSON shape of a value: every `Tag` becomes `{"Fn::X": ...}`."""
    if isinstance(value, Tag):
        return {value.name: long_form(value.value)}
    if isinstance(value, Mapping):
        return {k: long_form(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [long_form(v) for v in value]
    return value


def to_json(document: Any) -> str:
    return json.dumps(long_form(document), indent=2) + "\n"


def to_yaml(document: Any) -> str:
    return "".join(_node(document, 0)) if document else "{}\n"


def to_yaml_documents(documents: Sequence[Any]) -> str:
    return "---\n".join(to_yaml(d) for d in documents)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    plain = _PLAIN.fullmatch(text) and not text.endswith(":") and ": " not in text
    if plain and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


def _inline(value: Any) -> str | None:
    """The one-line form of a value, or None when it needs a block of its own."""
    if isinstance(value, Tag):
        if value.name == "Fn::GetAtt" and len(value.value) == 2:  # as written: !GetAtt Res.Attr
            return f"{value.short} {value.value[0]}.{value.value[1]}"
        if isinstance(value.value, list) and all(_is_scalar(v) for v in value.value):
            return f"{value.short} [{', '.join(scalar(v) for v in value.value)}]"
        if _is_scalar(value.value):
            return f"{value.short} {scalar(value.value)}"
        return None
    if isinstance(value, Mapping):
        return "{}" if not value else None
    if isinstance(value, (list, tuple)):
        return "[]" if not value else None
    return scalar(value)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (Mapping, list, tuple, Tag))


def _node(value: Any, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, item in value.items():
            lines.extend(_entry(f"{pad}{scalar(key)}:", item, depth))
        return lines
    if isinstance(value, (list, tuple)):
        lines = []
        for item in value:
            lines.extend(_list_item(item, depth))
        return lines
    return [f"{pad}{_inline(value)}\n"]


def _entry(head: str, item: Any, depth: int) -> list[str]:
    one_line = _inline(item)
    if one_line is not None:
        return [f"{head} {one_line}\n"]
    if isinstance(item, Tag):  # a tag whose argument is a block
        return [f"{head} {item.short}\n", *_node(item.value, depth + 1)]
    if isinstance(item, (list, tuple)):
        return [f"{head}\n", *_node(item, depth + 1)]
    return [f"{head}\n", *_node(item, depth + 1)]


def _list_item(item: Any, depth: int) -> list[str]:
    pad = "  " * depth
    one_line = _inline(item)
    if one_line is not None:
        return [f"{pad}- {one_line}\n"]
    if isinstance(item, Mapping):
        # `- key: value` with the remaining keys under it, as people write list items.
        body = _node(item, depth + 1)
        return [f"{pad}- {body[0].lstrip()}", *body[1:]]
    if isinstance(item, Tag):
        return [f"{pad}- {item.short}\n", *_node(item.value, depth + 2)]
    return [f"{pad}-\n", *_node(item, depth + 1)]
