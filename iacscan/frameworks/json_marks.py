"""Decode YAML/JSON templates with positions, shared by the CloudFormation and ARM adapters.

cfn-lint's decoder returns dict/list/str subclasses carrying 0-based `start_mark`/`end_mark`;
booleans, numbers and null carry none, so their place is taken from the mapping key. The YAML
loader also reads JSON (and marks JSON string values, which cfn-lint's JSON decoder does not),
so it goes first; the JSON decoder is the fallback for text YAML rejects (rare: a key over
1,024 characters) and gives JSON-worded errors. Its marks are coarser: objects inside arrays
start on the line after their `{` and arrays may end a line early.

cfn-lint costs ~0.7 s to import, and every submodule (even `cfnlint.decode.cfn_yaml`) pulls in
the whole package through `cfnlint/__init__`, so no import path is cheaper. Ordinary templates are
therefore read by `template_reader`, which returns what cfn-lint's YAML decoder would, without
it; cfn-lint is imported only for the rest (anchors, merges, duplicate keys, syntax errors).

libyaml's C composer (which cfn-lint uses) recurses once per nesting level on the C stack and
crashes the whole process (a segmentation fault, not an exception) somewhere past 10,000 levels
of `[[[...`. So nesting is measured first from the parser's event stream, which libyaml produces
without recursion, and a template nested deeper than `MAX_DEPTH` is refused before composing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from iacscan.graph.model import Span

# The line breaks PyYAML counts (the JSON decoder counts only "\n", a subset in practice).
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


# Templates are shallow (a deep IAM policy is ~15 levels); the Kubernetes reader uses the same.
MAX_DEPTH = 200


@dataclass(frozen=True, slots=True)
class DecodeError:
    """A syntax error at a 1-based line and column (column 0: not known). `kind` is `parse`,
    or `limit` for a template over `MAX_DEPTH`."""

    line: int
    column: int
    message: str
    kind: str = "parse"


@dataclass(frozen=True, slots=True)
class Decoded:
    """The decoded document (None when it could not be read) and its errors."""

    data: Any
    errors: tuple[DecodeError, ...]
    # Columns of YAML marks are 0-based, those of cfn-lint's JSON decoder 1-based.
    column_base: int = 0


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith(("{", "["))


def decode(text: str) -> Decoded:
    """Decode a YAML or JSON document with marks; never raises."""
    # A BOM is not content; YAML would reject it.
    text = text.removeprefix("\ufeff")
    too_deep = nesting_error(text)
    if too_deep is not None:
        return Decoded(None, (too_deep,))
    from iacscan.frameworks.template_reader import OutsideSubset, read_template

    try:
        return Decoded(read_template(text), ())
    except OutsideSubset:
        pass  # cfn-lint reads it (and words any error)
    try:
        from cfnlint.decode import cfn_yaml
    except Exception as exc:  # a broken install must not abort the scan
        return Decoded(None, (DecodeError(1, 0, f"cannot load the template decoder: {exc}"),))
    try:
        return Decoded(cfn_yaml.loads(text), ())
    except Exception as exc:
        yaml_errors = _yaml_errors(exc)
        # Duplicate keys and the like come with cfn-lint matches and right lines: keep them.
        # A JSON syntax error is better worded (sometimes only accepted) by the JSON decoder.
        semantic = bool(getattr(exc, "matches", None)) and exc.__cause__ is None
    if semantic or not looks_like_json(text):
        return Decoded(None, yaml_errors)
    return _decode_json(text, yaml_errors)


def nesting_error(text: str, limit: int = MAX_DEPTH) -> DecodeError | None:
    """An error when the document nests collections deeper than `limit`, else None.

    Counting is cheap when a bound proves the text shallow: every nested collection opens with
    its own `[` or `{`, or (block style) sits further right than its parent at least every other
    level, after a prefix of spaces and `- `, `? `, `: ` indicators; an alias adds no collection
    of its own. Otherwise the depth is measured from the event stream, aliases counting the
    height of their anchor; a syntax error ends the count (the decoder reports it and composes
    nothing past it)."""
    flow = text.count("[") + text.count("{")
    if flow + 2 * (_longest_prefix(text) + 1) + 1 <= limit:
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = _Depth(limit)
    try:
        for event in yaml.parse(text, Loader=loader):
            line = depth.step(event)
            if line:
                message = f"nesting deeper than {limit} levels; the template is not read"
                return DecodeError(line, 0, message, kind="limit")
    except yaml.YAMLError:
        return None
    return None


class _Depth:
    """Nesting depth along an event stream; a collection's height is remembered by anchor."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: list[tuple[str | None, int]] = []  # (anchor, height of children so far)
        self.heights: dict[str, int] = {}

    def step(self, event: Any) -> int:
        """The 1-based line where `event` goes past the limit, else 0."""
        import yaml

        height = 0
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.open.append((event.anchor, 0))
            height = len(self.open)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and self.open:
            anchor, children = self.open.pop()
            if anchor is not None:
                self.heights[anchor] = children + 1
            self._child(children + 1)
        elif isinstance(event, yaml.AliasEvent):
            anchored = self.heights.get(event.anchor or "", 0)
            height = len(self.open) + anchored
            self._child(anchored)
        if height <= self.limit:
            return 0
        return event.start_mark.line + 1 if event.start_mark else 1

    def _child(self, height: int) -> None:
        if self.open:
            anchor, children = self.open[-1]
            self.open[-1] = (anchor, max(children, height))


_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _longest_prefix(text: str) -> int:
    return max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)


def _decode_json(text: str, yaml_errors: tuple[DecodeError, ...]) -> Decoded:
    from cfnlint.decode import cfn_json

    try:
        return Decoded(cfn_json.loads(text), (), column_base=1)
    except cfn_json.JSONDecodeError as exc:
        errors = tuple(
            DecodeError(m.linenumber, m.columnnumber, f"invalid JSON: {m.message}")
            for m in exc.matches
        )
        return Decoded(None, errors or yaml_errors)
    except ValueError as exc:  # the standard library's JSONDecodeError
        line, column = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
        if line:
            message = f"invalid JSON: {getattr(exc, 'msg', exc)}"
            return Decoded(None, (DecodeError(line, column, message),))
        return Decoded(None, yaml_errors)
    except Exception:
        return Decoded(None, yaml_errors)


def _yaml_errors(exc: Exception) -> tuple[DecodeError, ...]:
    """The errors in whatever the YAML loader raised, with the best positions on offer."""
    import yaml

    for marked in (exc.__cause__, exc):
        if isinstance(marked, yaml.MarkedYAMLError) and marked.problem_mark is not None:
            mark = marked.problem_mark
            problem = marked.problem or "syntax error"
            if marked.context and problem.startswith("but "):
                problem = f"{marked.context}, {problem}"
            elif marked.context:
                problem = f"{problem} ({marked.context})"
            return (DecodeError(mark.line + 1, mark.column + 1, f"invalid YAML: {problem}"),)
    matches = getattr(exc, "matches", None) or ()
    found = tuple(DecodeError(m.linenumber, m.columnnumber, m.message) for m in matches)
    return found or (DecodeError(1, 0, f"invalid YAML: {exc}"),)


class Marks:
    """Turns decoder marks into 1-based spans for one text."""

    def __init__(self, text: str, column_base: int = 0) -> None:
        self._lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
        self._column_base = column_base

    def start(self, node: Any) -> tuple[int, int] | None:
        """The 1-based line and column where a marked node starts."""
        mark = getattr(node, "start_mark", None)
        if mark is None:
            return None
        return mark.line + 1, mark.column + 1 - self._column_base

    def end_line(self, node: Any, floor: int) -> int:
        """The last 1-based line holding `node`'s text, at least `floor`.

        A YAML block ends where the next token starts, often on the next key's line or after
        blank and comment lines; step back to the last line with content."""
        mark = getattr(node, "end_mark", None)
        if mark is None:
            return floor
        line: int = mark.line  # 0-based
        column: int | None = mark.column
        while line >= floor:  # a 0-based line >= floor is a 1-based line > floor
            text = self._lines[line] if line < len(self._lines) else ""
            content = (text[:column] if column is not None else text).strip()
            if content and not content.startswith("#"):
                return line + 1
            line, column = line - 1, None
        return floor

    def span(self, node: Any) -> Span | None:
        """The span of a marked node by itself (a list element, a resource object)."""
        start = self.start(node)
        if start is None:
            return None
        return Span(start[0], self.end_line(node, start[0]), start[1])

    def entry_span(self, key: Any, value: Any) -> Span | None:
        """The span of a mapping entry: the key's line through the end of its value."""
        start = self.start(key)
        if start is None:
            return self.span(value)
        return Span(start[0], self.end_line(value, start[0]), start[1])


def mapping_key(node: dict[Any, Any], name: str) -> Any:
    """The key object (with its mark) under which `name` is stored, or None."""
    for key in node:
        if key == name:
            return key
    return None


def strip_json_comments(text: str) -> str:
    """Blank out `//` and `/* */` comments outside strings (ARM templates and parameter files
    allow them), keeping every line break so positions do not move."""
    if "//" not in text and "/*" not in text:
        return text
    return _JSON_TOKEN.sub(_blank_comment, text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\r\n]*|/\*.*?(?:\*/|\Z)', re.S)


def _blank_comment(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.startswith('"'):
        return token
    return re.sub(r"[^\r\n]", " ", token)


def read_json_file(path: str) -> tuple[Any, DecodeError | None]:
    """A small JSON side file (a parameters file): its data, or an error naming the line."""
    import json

    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        return None, DecodeError(0, 0, f"cannot read the parameters file: {exc}")
    try:
        return json.loads(strip_json_comments(text)), None
    except json.JSONDecodeError as exc:
        return None, DecodeError(exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
