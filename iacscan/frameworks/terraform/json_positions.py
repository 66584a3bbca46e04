"""A JSON reader that keeps the line of every value and key.

`json.loads` forgets positions; `.tf.json` findings need the line of each attribute. Strings are
decoded with the standard library's (C) scanner, so this stays fast for the small files it reads.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
# The standard library's (C) string scanner; typeshed does not declare it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009
_WORDS = {"true": True, "false": False, "null": None}


@dataclass(frozen=True, slots=True)
class JScalar:
    value: Any  # str, int, float, bool or None
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class JMember:
    key: str
    key_line: int
    value: JValue


@dataclass(frozen=True, slots=True)
class JObject:
    members: tuple[JMember, ...]
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class JArray:
    items: tuple[JValue, ...]
    line: int
    end_line: int


JValue = JScalar | JObject | JArray


class JsonPositionError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def parse_json(text: str) -> JValue:
    """Parse JSON text into positioned nodes; raises `JsonPositionError` with a 1-based line."""
    reader = _Reader(text.lstrip("\ufeff"))
    value = reader.value(reader.skip(0))
    end = reader.skip(reader.position)
    if end != len(reader.text):
        raise reader.error("expected the end of the document", end)
    return value


def plain(node: JValue) -> Any:
    """The node as plain Python data."""
    if isinstance(node, JScalar):
        return node.value
    if isinstance(node, JArray):
        return [plain(item) for item in node.items]
    return {member.key: plain(member.value) for member in node.members}


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def error(self, message: str, offset: int) -> JsonPositionError:
        line = self.line(offset)
        start = self.newlines[line - 2] + 1 if line > 1 else 0
        return JsonPositionError(message, line, offset - start + 1)

    def skip(self, offset: int) -> int:
        match = _WHITESPACE.match(self.text, offset)
        return match.end() if match else offset

    def value(self, offset: int) -> JValue:
        text = self.text
        if offset >= len(text):
            raise self.error("expected a value, got the end of the file", offset)
        char = text[offset]
        if char == "{":
            return self.object(offset)
        if char == "[":
            return self.array(offset)
        line = self.line(offset)
        if char == '"':
            value, end = self.string(offset)
            self.position = end
            return JScalar(value, line, self.line(end - 1))
        number = _NUMBER.match(text, offset)
        if number:
            literal = number.group()
            self.position = number.end()
            is_float = number.group(1) or number.group(2)
            return JScalar(float(literal) if is_float else int(literal), line, line)
        for word, word_value in _WORDS.items():
            if text.startswith(word, offset):
                self.position = offset + len(word)
                return JScalar(word_value, line, line)
        raise self.error(f"expected a value, got {text[offset]!r}", offset)

    def string(self, offset: int) -> tuple[str, int]:
        try:
            return _scanstring(self.text, offset + 1, True)
        except json.JSONDecodeError as error:
            raise self.error(error.msg, error.pos) from None

    def object(self, start: int) -> JObject:
        members: list[JMember] = []
        offset = self.skip(start + 1)
        if self.text.startswith("}", offset):
            self.position = offset + 1
            return JObject((), self.line(start), self.line(offset))
        while True:
            if not self.text.startswith('"', offset):
                raise self.error("expected a quoted property name", offset)
            key_line = self.line(offset)
            key, offset = self.string(offset)
            offset = self.skip(offset)
            if not self.text.startswith(":", offset):
                raise self.error("expected ':' after a property name", offset)
            value = self.value(self.skip(offset + 1))
            members.append(JMember(key, key_line, value))
            offset = self.skip(self.position)
            if self.text.startswith(",", offset):
                offset = self.skip(offset + 1)
                continue
            if self.text.startswith("}", offset):
                self.position = offset + 1
                return JObject(tuple(members), self.line(start), self.line(offset))
            raise self.error("expected ',' or '}' in an object", offset)

    def array(self, start: int) -> JArray:
        items: list[JValue] = []
        offset = self.skip(start + 1)
        if self.text.startswith("]", offset):
            self.position = offset + 1
            return JArray((), self.line(start), self.line(offset))
        while True:
            items.append(self.value(offset))
            offset = self.skip(self.position)
            if self.text.startswith(",", offset):
                offset = self.skip(offset + 1)
                continue
            if self.text.startswith("]", offset):
                self.position = offset + 1
                return JArray(tuple(items), self.line(start), self.line(offset))
            raise self.error("expected ',' or ']' in an array", offset)
