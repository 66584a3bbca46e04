"""Read CloudFormation and ARM templates into exactly what cfn-lint's YAML decoder returns,
without importing cfn-lint.

cfn-lint takes 0.7-1.0 s to import (its decoder pulls in the whole package, sympy and networkx
included). That was most of the time a developer waited for one template at `git commit`, and a
serial second before every large scan forked its workers. Ordinary templates do not need it:
this reader walks libyaml's event stream once and builds the same values with the same marks
(`start_mark`/`end_mark` of every mapping, list and string), including the short-form intrinsic
tags (`!Ref`, `!GetAtt a.b`, `!Sub`, ...).

Whatever it is not sure to read the same way raises `OutsideSubset`, and the caller hands the
text to cfn-lint: anchors and aliases, `<<` merges, duplicate or non-string keys, explicit
`!!` tags, several documents, very large documents and every syntax error. So cfn-lint still
decides all the unusual cases and words every error; `tests/test_template_reader.py` holds the
two readers equal wherever this one answers.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from iacscan.frameworks.yaml_positions import LOADER, implicit_tag

_CONSTRUCTOR: Final = SafeConstructor()
_T: Final = "tag:yaml.org,2002:"
_STR: Final = _T + "str"
# Scalars cfn-lint builds with PyYAML's safe constructors (numbers, booleans, null, dates).
_TYPED: Final = frozenset(_T + name for name in ("int", "float", "bool", "null", "timestamp"))
# cfn-lint keeps these two tag names; every other `!Name` becomes `Fn::Name`.
_UNPREFIXED: Final = frozenset({"Ref", "Condition"})
# cfn-lint rejects a template with aliases that expands past this many nodes; without aliases
# only a huge template gets there, and it is left to cfn-lint rather than counted twice.
_MAX_NODES: Final = 250_000


class OutsideSubset(Exception):
    """The text uses something this reader leaves to cfn-lint."""


class Mark(NamedTuple):
    """A 0-based position, as PyYAML's marks (only for the empty template)."""

    line: int
    column: int


class MarkedStr(str):
    """A string with the marks of its scalar."""

    start_mark: Any
    end_mark: Any


class MarkedList(list[Any]):
    """A list with the marks of its sequence."""

    __slots__ = ("end_mark", "start_mark")

    def __init__(self, items: Any = (), start_mark: Any = None, end_mark: Any = None) -> None:
        super().__init__(items)
        self.start_mark = start_mark
        self.end_mark = end_mark


class MarkedDict(dict[Any, Any]):
    """A dict with the marks of its mapping. `get` gives a dict default the mapping's marks,
    as cfn-lint's does, so code reading either behaves the same."""

    __slots__ = ("end_mark", "start_mark")

    def __init__(self, items: Any = (), start_mark: Any = None, end_mark: Any = None) -> None:
        super().__init__(items)
        self.start_mark = start_mark
        self.end_mark = end_mark

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(default, dict):
            default = MarkedDict(default, self.start_mark, self.end_mark)
        return super().get(key, default)


class _Open:
    """A mapping or list being built. `tag` is the intrinsic function name of a short-form tag
    (`Fn::Sub` for `!Sub [...]`), whose collection is plain and wrapped when it ends."""

    __slots__ = ("is_map", "key", "start_mark", "tag", "value")

    def __init__(self, is_map: bool, start_mark: Any, tag: str | None) -> None:
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.key: Any = None
        self.start_mark = start_mark
        self.tag = tag


def read_template(text: str) -> Any:
    """The template as cfn-lint's `cfn_yaml.loads` returns it; raises `OutsideSubset`."""
    loader = LOADER(text)
    try:
        return _read(loader)
    except yaml.YAMLError as error:
        raise OutsideSubset(f"YAML error: {error}") from None
    finally:
        loader.dispose()


def _read(loader: Any) -> Any:
    stack: list[_Open] = []
    root: Any = None
    documents = 0
    nodes = 0
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            nodes += 1
            frame = stack[-1] if stack else None
            if frame is not None and frame.is_map and frame.key is None:
                frame.key = _key(event, frame)
                continue
            value = _scalar(event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            nodes += 1
            parent = stack[-1] if stack else None
            if parent is not None and parent.is_map and parent.key is None:
                raise OutsideSubset("a collection as a mapping key")
            if event.anchor is not None:
                raise OutsideSubset("an anchor")
            stack.append(_Open(kind is MappingStartEvent, event.start_mark, _tag(event)))
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = _close(stack.pop(), event.end_mark)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise OutsideSubset("several documents")
            continue
        elif kind is StreamEndEvent:
            if nodes > _MAX_NODES:
                raise OutsideSubset("a very large document")
            if root is None:  # cfn-lint reads an empty document as an empty template
                return MarkedDict({}, Mark(0, 0), Mark(0, 0))
            return root
        elif kind is AliasEvent:
            raise OutsideSubset("an alias")
        elif kind is DocumentEndEvent or kind is StreamStartEvent:
            continue
        else:
            raise OutsideSubset(f"an unexpected event {kind.__name__}")
        if not stack:
            root = value
            continue
        frame = stack[-1]
        if frame.is_map:
            frame.value[frame.key] = value
            frame.key = None
        else:
            frame.value.append(value)


def _key(event: Any, frame: _Open) -> MarkedStr:
    """A mapping key: a string, written once in its mapping."""
    if event.anchor is not None:
        raise OutsideSubset("an anchor")
    if event.tag is not None or implicit_tag(event) != _STR:
        raise OutsideSubset("a key that is not a plain string")
    if event.value in frame.value:
        raise OutsideSubset("a duplicate key")
    return _marked(event)


def _scalar(event: Any) -> Any:
    if event.anchor is not None:
        raise OutsideSubset("an anchor")
    tag = event.tag
    if tag is not None and tag != "!":
        name = _function(tag)
        if name == "Fn::GetAtt":
            parts = event.value.split(".", 1)
            return MarkedDict(
                {name: MarkedList(parts, event.start_mark, event.end_mark)},
                event.start_mark,
                event.end_mark,
            )
        return MarkedDict({name: event.value}, event.start_mark, event.end_mark)
    resolved = implicit_tag(event) if tag is None else _STR
    if resolved == _STR:
        return _marked(event)
    if resolved not in _TYPED:
        raise OutsideSubset(f"a scalar of type {resolved}")
    constructor = SafeConstructor.yaml_constructors[resolved]
    return constructor(_CONSTRUCTOR, ScalarNode(resolved, event.value))


def _tag(event: Any) -> str | None:
    """The intrinsic function a collection's short-form tag names, or None for no tag."""
    tag = event.tag
    if tag is None:
        return None
    name = _function(tag)
    if name == "Fn::GetAtt" and type(event) is MappingStartEvent:
        raise OutsideSubset("!GetAtt with a mapping")
    return name


def _function(tag: str) -> str:
    """`!Sub` -> `Fn::Sub`, `!Ref` -> `Ref`; other tags are left to cfn-lint."""
    if not tag.startswith("!") or len(tag) < 2 or tag.startswith("!!"):
        raise OutsideSubset(f"the tag {tag}")
    name = tag[1:]
    return name if name in _UNPREFIXED else f"Fn::{name}"


def _close(frame: _Open, end_mark: Any) -> Any:
    if frame.tag is None:
        kind = MarkedDict if frame.is_map else MarkedList
        return kind(frame.value, frame.start_mark, end_mark)
    inner = frame.value
    if frame.tag == "Fn::GetAtt":
        inner = MarkedList(inner, frame.start_mark, end_mark)
    return MarkedDict({frame.tag: inner}, frame.start_mark, end_mark)


def _marked(event: Any) -> MarkedStr:
    text = MarkedStr(event.value)
    text.start_mark = event.start_mark
    text.end_mark = event.end_mark
    return text
