"""YAML with positions: plain data plus the 1-based line range of every key and list item.

Built on PyYAML's event stream (the libyaml C parser when available) instead of its
constructor, so one pass yields both the data and the spans, and so the surprising parts of
YAML are under our control:
- mapping keys are always strings as written (`on:` stays "on", `80:` becomes "80"); duplicate
  keys and non-scalar keys (unrendered Helm `{{ }}` makes those) are errors naming the line;
- timestamps stay strings (IaC values are strings); other scalars follow PyYAML (YAML 1.1), so
  `yes` is True while the quoted "true" stays a string;
- an alias shares the anchored object; the nodes aliases expand to are counted and bounded, as is
  nesting depth, so a "billion laughs" file fails at once instead of exhausting memory later;
- a value reached through an alias or a `<<` merge is located at the alias or merge that uses it.

Spans: a mapping entry runs from its key's line to the last line of its value; a list item over
its own lines. `end_line` is the last line holding content: libyaml ends block nodes at the next
token, often lines further down, so block collections end where their last child ends.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Final

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
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from iacscan.graph.model import AttrPath, Span

LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVERS: Final[dict[str, list[tuple[str, re.Pattern[str]]]]] = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR: Final = SafeConstructor()

_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = _T + "str", _T + "null", _T + "bool", _T + "int", _T + "float"
_MERGE = _T + "merge"
# Kept as the text written: dates and binary blobs are strings to an IaC scanner.
_AS_TEXT: Final = frozenset({_STR, _T + "timestamp", _T + "binary", _T + "value", _MERGE})
_COLLECTION_TAGS: Final = frozenset(
    {None, "!", _T + "map", _T + "seq", _T + "set", _T + "omap", _T + "pairs"}
)
_DOCUMENT_MARKER: Final = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class YamlLimits:
    """Bounds that keep hostile input cheap: nodes produced through aliases (per stream) and
    nesting depth of mappings and lists."""

    max_alias_nodes: int = 10_000
    max_depth: int = 200


DEFAULT_LIMITS: Final = YamlLimits()


class YamlError(Exception):
    """A document that cannot be read. `line` and `column` are 1-based (column 0: not known);
    `kind` is `parse` for invalid YAML and `limit` for input over `YamlLimits`."""

    def __init__(self, message: str, line: int, column: int = 0, kind: str = "parse") -> None:
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """One document: its data, where each path is written, its line range and its position
    (0-based) in the stream. An empty document has `data` None."""

    data: Any
    spans: dict[AttrPath, Span]
    start_line: int
    end_line: int
    index: int = 0


@dataclass(frozen=True, slots=True)
class YamlStream:
    """What `load_stream` could read: the documents that parsed and one error per document that
    did not."""

    documents: list[YamlDocument]
    errors: list[YamlError]


def load_documents(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> list[YamlDocument]:
    """Every document of a stream; raises `YamlError` at the first problem."""
    return _parse(text, 0, 0, limits, _Budget())


def load_document(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> YamlDocument:
    """The single document of a file (an empty one for an empty file); more is an error."""
    documents = load_documents(text, limits)
    if len(documents) > 1:
        raise YamlError("expected a single YAML document, found several", documents[1].start_line)
    return documents[0] if documents else YamlDocument(None, {}, 1, 1)


def load_stream(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> YamlStream:
    """Every document that can be read. When one is broken the stream is split at its `---`
    markers (which end any scalar, per the YAML spec) and each part is read by itself, so one
    bad document costs only itself; without markers the whole text is one error."""
    try:
        return YamlStream(_parse(text, 0, 0, limits, _Budget()), [])
    except YamlError as error:
        first_error = error
    parts = _split_documents(text)
    if len(parts) < 2:
        return YamlStream([], [first_error])
    budget = _Budget()
    documents: list[YamlDocument] = []
    errors: list[YamlError] = []
    for line_offset, part in parts:
        index = len(documents) + len(errors)
        try:
            documents.extend(_parse(part, line_offset, index, limits, budget))
        except YamlError as error:
            errors.append(error)
    return YamlStream(documents, errors)


def _split_documents(text: str) -> list[tuple[int, str]]:
    """(line offset, text) of each part that starts at a `---` line (plus any text before)."""
    starts = [m.start() for m in _DOCUMENT_MARKER.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    parts, line_offset = [], 0
    for begin, end in itertools.pairwise([*starts, len(text)]):
        parts.append((line_offset, text[begin:end]))
        line_offset += text.count("\n", begin, end)
    return parts


class _Budget:
    """Alias-expanded nodes seen so far in one stream."""

    __slots__ = ("alias_nodes",)

    def __init__(self) -> None:
        self.alias_nodes = 0


def _parse(
    text: str, line_offset: int, first_index: int, limits: YamlLimits, budget: _Budget
) -> list[YamlDocument]:
    if text.startswith("\ufeff"):
        text = text[1:]  # the parser skips a byte-order mark but would count it in its indexes
    loader = LOADER(text)
    builder = _Builder(text, line_offset, limits, budget)
    documents: list[YamlDocument] = []
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                builder.scalar(event)
            elif kind is MappingStartEvent:
                builder.start(event, is_map=True)
            elif kind is SequenceStartEvent:
                builder.start(event, is_map=False)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                builder.end(event)
            elif kind is AliasEvent:
                builder.alias(event)
            elif kind is DocumentStartEvent:
                builder.begin(event)
            elif kind is DocumentEndEvent:
                documents.append(builder.finish(first_index + len(documents)))
            elif kind is StreamEndEvent:
                return documents
    except yaml.YAMLError as error:
        raise _error_from_yaml(error, text, line_offset) from None
    finally:
        loader.dispose()


def _error_from_yaml(error: yaml.YAMLError, text: str, line_offset: int) -> YamlError:
    if not isinstance(error, yaml.MarkedYAMLError):
        position = getattr(error, "position", 0)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
        return YamlError(str(error).splitlines()[0], line + line_offset)
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 0
    message = error.problem or error.context or "invalid YAML"
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message = "found a tab character: YAML indents with spaces only"
    elif error.context and error.problem and error.context_mark:
        context_line = error.context_mark.line + 1 + line_offset
        message += f" ({error.context} that starts at line {context_line})"
    return YamlError(message, line + line_offset, column)


class _Frame:
    """An open mapping or list. `path` None: inside a `<<` merge value, whose keys are located
    at the merge itself rather than recorded under a path that does not exist."""

    __slots__ = (
        "anchor",
        "column",
        "end",
        "flow",
        "is_map",
        "key",
        "key_column",
        "key_line",
        "merge",
        "merges",
        "path",
        "size",
        "start",
        "value",
    )

    def __init__(
        self, value: Any, path: AttrPath | None, start: int, column: int, flow: bool, anchor: Any
    ) -> None:
        self.value = value
        self.is_map = isinstance(value, dict)
        self.path = path
        self.start = start
        self.end = start
        self.column = column
        self.flow = flow
        self.anchor: str | None = anchor
        self.size = 1
        self.key: str | None = None
        self.key_line = 0
        self.key_column = 0
        self.merge = False
        self.merges: list[tuple[Any, int, int, int]] = []


class _Builder:
    """Turns the events of one stream into documents. Events are typed `Any`: the stubs mark
    their positions optional, but the parser always sets them."""

    def __init__(self, text: str, line_offset: int, limits: YamlLimits, budget: _Budget) -> None:
        self.text = text
        self.offset = line_offset + 1  # 0-based marks -> 1-based lines of the whole file
        self.limits = limits
        self.budget = budget
        self.begin(None)

    def begin(self, event: Any) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, str | None]] = {}
        self.open_anchors: set[str] = set()
        self.spans: dict[AttrPath, Span] = {}
        line = event.start_mark.line + self.offset if event is not None else self.offset
        self.root: Any = None
        self.root_lines = (line, line)

    def finish(self, index: int) -> YamlDocument:
        start, end = self.root_lines
        return YamlDocument(self.root, self.spans, start, end, index)

    def scalar(self, event: Any) -> None:
        mark = event.start_mark
        line = mark.line + self.offset
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.key is None:
            merge = event.value == "<<" and event.tag is None and event.implicit[0]
            self._set_key(frame, event.value, line, mark.column + 1, merge)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1, event.value)
            return
        value = _construct_scalar(event, line, mark.column + 1)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, event.value)
        self._complete(value, line, self._scalar_end(event), mark.column + 1, 1)

    def start(self, event: Any, is_map: bool) -> None:
        mark = event.start_mark
        line = mark.line + self.offset
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.is_map and parent.key is None:
            what = "a mapping" if is_map else "a list"
            raise YamlError(
                f"{what} cannot be a mapping key (unhashable key)", line, mark.column + 1
            )
        if len(self.stack) >= self.limits.max_depth:
            raise YamlError(
                f"nesting deeper than {self.limits.max_depth} levels",
                line,
                mark.column + 1,
                "limit",
            )
        if event.tag not in _COLLECTION_TAGS:
            raise YamlError(f"unsupported YAML tag {event.tag!r}", line, mark.column + 1)
        path: AttrPath | None = None
        if parent is None:
            path = ()
        elif parent.path is not None and not parent.merge:
            key = parent.key if parent.is_map else len(parent.value)
            path = (*parent.path, key)  # type: ignore[arg-type]
        value: dict[str, Any] | list[Any] = {} if is_map else []
        frame = _Frame(value, path, line, mark.column + 1, bool(event.flow_style), event.anchor)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(frame)

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        end = frame.end
        if frame.flow:
            end = max(end, event.end_mark.line + self.offset)
        value = self._merged(frame) if frame.merges else frame.value
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (value, frame.size, None)
        self._complete(value, frame.start, end, frame.column, frame.size)

    def alias(self, event: Any) -> None:
        mark = event.start_mark
        line, column = mark.line + self.offset, mark.column + 1
        name = event.anchor
        if name in self.open_anchors:
            raise YamlError(
                f"recursive alias *{name} refers to a node that contains it", line, column
            )
        if name not in self.anchors:
            raise YamlError(f"alias *{name} refers to an undefined anchor", line, column)
        value, size, key = self.anchors[name]
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.is_map and frame.key is None:
            if key is None:
                raise YamlError(
                    f"alias *{name} to a collection cannot be a mapping key", line, column
                )
            self._set_key(frame, key, line, column, False)
            return
        self.budget.alias_nodes += size
        if self.budget.alias_nodes > self.limits.max_alias_nodes:
            limit = self.limits.max_alias_nodes
            message = f"aliases expand to more than {limit} nodes (a 'billion laughs' document?)"
            raise YamlError(message, line, column, "limit")
        self._complete(value, line, line, column, size)

    def _set_key(self, frame: _Frame, key: str, line: int, column: int, merge: bool) -> None:
        if not merge and key in frame.value and frame.path is not None:
            entry: AttrPath = (*frame.path, key)
            first = self.spans[entry].line
            raise YamlError(f"duplicate key {key!r} (first defined at line {first})", line, column)
        if not merge and key in frame.value:
            raise YamlError(f"duplicate key {key!r}", line, column)
        frame.key, frame.key_line, frame.key_column, frame.merge = key, line, column, merge

    def _complete(self, value: Any, start: int, end: int, column: int, size: int) -> None:
        """Attach a finished value to the open collection (or make it the document root)."""
        if not self.stack:
            self.root, self.root_lines = value, (start, end)
            return
        frame = self.stack[-1]
        frame.size += size
        if frame.is_map:
            end = max(end, frame.key_line)
            if frame.merge:
                self._check_merge(value, frame.key_line, frame.key_column)
                frame.merges.append((value, frame.key_line, end, frame.key_column))
            else:
                key = frame.key
                assert key is not None  # a value always follows its key
                frame.value[key] = value
                if frame.path is not None:
                    entry: AttrPath = (*frame.path, key)
                    self.spans[entry] = Span(frame.key_line, end, frame.key_column)
            frame.key = None
        else:
            if frame.path is not None:
                item: AttrPath = (*frame.path, len(frame.value))
                self.spans[item] = Span(start, end, column)
            frame.value.append(value)
        if end > frame.end:
            frame.end = end

    @staticmethod
    def _check_merge(value: Any, line: int, column: int) -> None:
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, dict) for v in values):
            raise YamlError("a '<<' merge needs a mapping or a list of mappings", line, column)

    def _merged(self, frame: _Frame) -> dict[str, Any]:
        """The mapping with its `<<` merges applied: written keys win, then earlier merges."""
        merged: dict[str, Any] = {}
        for value, line, end, column in frame.merges:
            for source in value if isinstance(value, list) else [value]:
                for key, item in source.items():
                    if key in frame.value or key in merged:
                        continue
                    merged[key] = item
                    if frame.path is not None:
                        entry: AttrPath = (*frame.path, key)
                        self.spans[entry] = Span(line, end, column)
        merged.update(frame.value)
        return merged

    def _scalar_end(self, event: Any) -> int:
        """The last line holding the scalar: block scalars (`|`, `>`) end after their trailing
        line breaks, so step back over trailing whitespace."""
        end = event.end_mark
        if event.style not in ("|", ">"):
            return int(end.line) + self.offset
        text, stop = self.text, end.index
        first = event.start_mark.index
        index = stop
        while index > first and text[index - 1] in " \t\r\n":
            index -= 1
        skipped = text[index:stop]
        return int(end.line) - (skipped.count("\n") or skipped.count("\r")) + self.offset


def implicit_tag(event: Any) -> str:
    """The tag PyYAML's resolver gives a scalar event written without one: `str` for quoted
    and block scalars, else the first implicit resolver (null, bool, int, ...) that matches."""
    if not event.implicit[0]:
        return _STR
    value: str = event.value
    for candidate, pattern in _RESOLVERS.get(value[:1], ()):
        if pattern.match(value):
            return candidate
    return _STR


def _construct_scalar(event: Any, line: int, column: int) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None or tag == "!":
        tag = implicit_tag(event)
    if tag in _AS_TEXT:
        return value
    try:
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _CONSTRUCTOR.bool_values[value.lower()]
        if tag == _INT:
            return _CONSTRUCTOR.construct_yaml_int(ScalarNode(tag, value))
        if tag == _FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(ScalarNode(tag, value))
    except (KeyError, ValueError):
        raise YamlError(f"{value!r} is not a valid {tag[len(_T) :]}", line, column) from None
    raise YamlError(f"unsupported YAML tag {tag!r}", line, column)
