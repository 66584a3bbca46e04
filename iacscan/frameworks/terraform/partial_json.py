"""JSON written as text with interpolations that are not known (a heredoc policy whose Resource
is `${aws_s3_bucket.b.arn}/*`): the known parts, kept as a `PartlyKnown` value.

Each unknown interpolation is replaced by a marker (quoted when it stands outside a JSON
string), the text is decoded, and every string holding a marker becomes `Unknown` again. Keys
that hold a marker, or text that is not JSON, leave the whole value unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from iacscan.graph.model import PartlyKnown, Unknown

_MARKER = "__iacscan_unknown_{}__"
_MARKERS = re.compile(r"__iacscan_unknown_(\d+)__")
_STANDALONE = re.compile(r"__iacscan_unknown_(\d+)__\Z")


def looks_like_json(first: object) -> bool:
    """Whether a template starting with `first` may be a JSON document."""
    return isinstance(first, str) and first.lstrip()[:1] in ("{", "[")


def fill_markers(pieces: Sequence[str | None]) -> str:
    """The text with a marker for each `None` piece (numbered in order), quoted when the piece
    stands outside a JSON string so that the text stays JSON."""
    out: list[str] = []
    in_string = False
    escaped = False
    number = 0
    for piece in pieces:
        if piece is None:
            marker = _MARKER.format(number)
            out.append(marker if in_string else f'"{marker}"')
            number += 1
            continue
        for char in piece:
            if escaped:
                escaped = False
            elif char == "\\" and in_string:
                escaped = True
            elif char == '"':
                in_string = not in_string
        out.append(piece)
    return "".join(out)


def partly_known_text(pieces: Sequence[str | Unknown]) -> Unknown:
    """A template's value from its pieces (text, or the unknown value of an interpolation):
    `PartlyKnown` with the decoded document when the text is JSON, else the first unknown."""
    unknowns = [p for p in pieces if isinstance(p, Unknown)]
    first = unknowns[0]
    text = fill_markers([None if isinstance(p, Unknown) else p for p in pieces])
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return first
    if not isinstance(document, (dict, list)):
        return first
    try:
        partial = _restore(document, unknowns)
    except _MarkedKey:
        return first
    return PartlyKnown(partial, f"a JSON document with parts that are not known ({first.reason})")


class _MarkedKey(Exception):
    """An object key holds an unknown part: the document's shape is not known."""


def _restore(value: Any, unknowns: list[Unknown]) -> Any:
    if isinstance(value, dict):
        if any(_MARKERS.search(key) for key in value):
            raise _MarkedKey
        return {key: _restore(item, unknowns) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, unknowns) for item in value]
    if isinstance(value, str):
        found = _MARKERS.search(value)
        if found is None:
            return value
        whole = _STANDALONE.match(value)
        if whole is not None:
            return unknowns[int(whole.group(1))]
        reason = unknowns[int(found.group(1))].reason
        return Unknown(f"text with a part that is not known ({reason})")
    return value
