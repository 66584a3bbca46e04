"""Splitting template text (heredoc bodies, `.tf.json` strings) into literal text and
interpolations. The grammar parses quoted HCL strings itself; heredocs and JSON strings arrive as
raw text, so their `${...}` parts are found here and parsed as expressions by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKERS = re.compile(r"\$\$\{|%%\{|\$\{|%\{")


@dataclass(frozen=True, slots=True)
class Interpolation:
    source: str  # the expression text between `${` and `}`
    line_offset: int  # lines between the template start and the expression


@dataclass(frozen=True, slots=True)
class Directive:
    """A `%{ if }` / `%{ for }` directive: not evaluated."""

    line_offset: int


TemplatePart = str | Interpolation | Directive


class TemplateError(ValueError):
    def __init__(self, message: str, line_offset: int) -> None:
        super().__init__(message)
        self.line_offset = line_offset


def split_template(text: str) -> list[TemplatePart]:
    """Literal strings (with `$${` and `%%{` unescaped) and the interpolations between them."""
    parts: list[TemplatePart] = []
    literal: list[str] = []
    position = 0
    strip_next = False
    for match in _MARKERS.finditer(text):
        start = match.start()
        if start < position:
            continue  # inside an interpolation already consumed
        chunk = text[position:start]
        literal.append(chunk.lstrip() if strip_next and not literal else chunk)
        strip_next = False
        marker = match.group()
        if marker in ("$${", "%%{"):
            literal.append(marker[1:])
            position = match.end()
            continue
        end = matching_brace(text, match.end())
        line = text.count("\n", 0, start)
        if end < 0:
            raise TemplateError(f"unclosed {marker} in template", line)
        inner = text[match.end() : end]
        if inner.startswith("~"):
            inner = inner[1:]
            if literal:
                literal[-1] = literal[-1].rstrip()
        if inner.endswith("~"):
            inner = inner[:-1]
            strip_next = True
        _flush(literal, parts)
        parts.append(Interpolation(inner, line) if marker == "${" else Directive(line))
        position = end + 1
    tail = text[position:]
    literal.append(tail.lstrip() if strip_next else tail)
    _flush(literal, parts)
    return parts


def _flush(literal: list[str], parts: list[TemplatePart]) -> None:
    text = "".join(literal)
    literal.clear()
    if text:
        parts.append(text)


def matching_brace(text: str, start: int) -> int:
    """The index of the `}` closing an interpolation whose body starts at `start`, or -1.
    Braces inside quoted strings do not count."""
    depth = 0
    index = start
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"':
            index = _string_end(text, index + 1)
            if index < 0:
                return -1
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return -1


def _string_end(text: str, index: int) -> int:
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == '"':
            return index
        if text.startswith("${", index):
            end = matching_brace(text, index + 2)
            if end < 0:
                return -1
            index = end
        index += 1
    return -1


def trim_heredoc_indent(text: str) -> str:
    """`<<-` heredocs: remove the smallest indentation of the non-blank lines."""
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    if not indents:
        return text
    cut = min(indents)
    return "\n".join(line[cut:] for line in lines)
