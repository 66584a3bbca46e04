"""Suppression comments in source text: ours and those of Checkov, tfsec and Trivy.

    # iacscan:ignore IAC-AWS-S3-001[,ID...] reason="public website" until=2027-01-31 by=alice
    #checkov:skip=CKV_AWS_20:public website
    #tfsec:ignore:aws-s3-no-public-access-with-acl:exp:2027-01-31
    #trivy:ignore:AVD-AWS-0086

HCL comments start with `#` or `//`, YAML ones with `#`. The text is searched line by line for
the markers only; a file without any marker costs one substring test per marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from iacscan.suppress.model import Directive, Scope

_MARKERS = ("iacscan:ignore", "checkov:skip", "tfsec:ignore", "trivy:ignore")
_COMMENT_START = r"(?:#|//)\s*"
_OURS = re.compile(_COMMENT_START + r"iacscan:ignore(?![\w-])(?P<rest>.*)$")
_CHECKOV = re.compile(_COMMENT_START + r"checkov:skip=\s*(?P<id>[\w-]+)(?::(?P<reason>[^\n]*))?")
_FOREIGN = re.compile(
    r"(?:^|[#/\s])(?P<tool>tfsec|trivy):ignore:(?P<id>[\w.-]+?)(?::exp:(?P<until>[\w-]+))?"
    r"(?=$|[\s\[])"
)
_PAIR = re.compile(r"""(?P<key>[A-Za-z_]+)=(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|\S+)""")
_KEYS = ("reason", "until", "by")


def has_markers(text: str) -> bool:
    return any(marker in text for marker in _MARKERS)


def comment_only(line: str) -> bool:
    """A line holding nothing but a comment."""
    stripped = line.lstrip()
    return stripped.startswith(("#", "//"))


def directives_in(file: str, text: str) -> list[Directive]:
    """Every suppression comment in one file's text, in line order."""
    if not has_markers(text):
        return []
    found: list[Directive] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ":" in line and any(marker in line for marker in _MARKERS):
            found.extend(_directives_on_line(file, number, line))
    return found


def _directives_on_line(file: str, number: int, line: str) -> Iterator[Directive]:
    ours = _OURS.search(line)
    if ours:
        yield _ours(file, number, ours.group("rest"))
    checkov = _CHECKOV.search(line)
    if checkov:
        reason = (checkov.group("reason") or "").strip()
        yield Directive(file, number, "checkov", (checkov["id"],), reason, scope=Scope.BLOCK)
    if "tfsec:" in line or "trivy:" in line:
        for match in _FOREIGN.finditer(line):
            until, problem = _date(match.group("until"))
            yield Directive(
                file, number, match["tool"], (match["id"],), until=until, problem=problem
            )


def _ours(file: str, number: int, rest: str) -> Directive:
    first_pair = _PAIR.search(rest)
    head = rest[: first_pair.start()] if first_pair else rest
    ids = tuple(part for part in re.split(r"[\s,]+", head) if part)
    values: dict[str, str] = {}
    problems: list[str] = []
    for pair in _PAIR.finditer(rest):
        key, value = pair["key"].lower(), pair["value"]
        if key not in _KEYS:
            problems.append(f"unknown key {key!r} (use {', '.join(_KEYS)})")
            continue
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1].replace('\\"', '"')
        values[key] = value.strip()
    if not ids:
        problems.append('names no check: write `iacscan:ignore CHECK_ID reason="..."`')
    until, problem = _date(values.get("until"))
    if problem:
        problems.append(problem)
    return Directive(
        file,
        number,
        "iacscan",
        ids,
        reason=values.get("reason", ""),
        until=until,
        by=values.get("by", ""),
        problem="; ".join(problems),
    )


def _date(text: str | None) -> tuple[date | None, str]:
    if not text:
        return None, ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"expiry {text!r} is not a date; write YYYY-MM-DD"
