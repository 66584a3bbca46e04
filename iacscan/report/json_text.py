"""`json.dumps(value, indent=2, ensure_ascii=True)`, the same text, about 1.6x faster.

With `indent`, the json module leaves its C encoder for a pure-Python one that yields every
bracket and separator as a separate piece: 0.4 s for the report of a 2,000-file scan. This
writer makes one string per line, and lets the C string escaper do the escaping. Values it does
not know (mappings with keys that are not strings, other types) are handed to `json.dumps`.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any


def dumps_indented(value: Any) -> str:
    """The text `json.dumps(value, indent=2, ensure_ascii=True)` returns."""
    pieces: list[str] = []
    _write(value, "\n", pieces)
    return "".join(pieces)


def _write(value: Any, newline: str, pieces: list[str]) -> None:
    if isinstance(value, str):
        pieces.append(encode_basestring_ascii(value))
    elif value is None or isinstance(value, (bool, int, float)):
        pieces.append(json.dumps(value) if isinstance(value, float) else _scalar(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            pieces.append("[]")
            return
        inner = newline + "  "
        opening = "[" + inner
        for item in value:
            if type(item) is str:
                pieces.append(opening + encode_basestring_ascii(item))
            else:
                pieces.append(opening)
                _write(item, inner, pieces)
            opening = "," + inner
        pieces.append(newline + "]")
    elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if not value:
            pieces.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key, item in value.items():
            entry = opening + encode_basestring_ascii(key) + ": "
            opening = "," + inner
            if type(item) is str:  # most values: written without a call
                pieces.append(entry + encode_basestring_ascii(item))
            else:
                pieces.append(entry)
                _write(item, inner, pieces)
        pieces.append(newline + "}")
    else:
        text = json.dumps(value, indent=2, ensure_ascii=True)
        pieces.append(text.replace("\n", newline))


def _scalar(value: bool | int | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return int.__repr__(value)
