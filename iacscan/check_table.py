"""Checks as rows of a table: "this setting must be on / off / one of / at least".

Most of a real check library is look-alike checks (versioning on, deletion protection on,
public access off, TLS at least 1.2) that differ only in where the setting is written in each
framework and what value is safe. One row states that; `setting_check` turns the row into an
ordinary `Check` with full metadata, so rows and hand-written checks look the same to the
engine, the docs and the reports.

A path may contain `EACH` to visit every element of a list (e.g. every `ingress` block); when
the list is absent the setting is judged as unwritten at the list's path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Protocol

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.graph import type_index_key
from iacscan.graph.model import MISSING, Field, Framework, PathPart, Resource
from iacscan.graph.values import as_str
from iacscan.model.settings import forbid_enabled, require_enabled

EACH: Final = "*"
"""A path step meaning every element of the list at that point."""


class Expectation(Protocol):
    """What a safe value looks like; yields violations for the unsafe ones."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]: ...


@dataclass(frozen=True, slots=True)
class Enabled:
    """The protection must be on; `default` is the platform's value when unwritten."""

    default: bool = False

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        return require_enabled(field, what, default=self.default)


@dataclass(frozen=True, slots=True)
class Disabled:
    """The exposure must be off; `default` is the platform's value when unwritten."""

    default: bool = False

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        return forbid_enabled(field, what, default=self.default)


@dataclass(frozen=True, slots=True)
class OneOf:
    """The value must be one of `allowed` (compared case-insensitively as text).
    `missing_ok`: whether the platform default for an unwritten setting is safe."""

    allowed: frozenset[str]
    missing_ok: bool = False

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        allowed = {a.lower() for a in self.allowed}
        if not field.present:
            if not self.missing_ok:
                yield Violation(at=field, message=f"{what} is not set")
            return
        text = as_str(field.value)
        if text is not None and text.lower() not in allowed:
            yield Violation(at=field, message=f"{what} is {text!r}")


@dataclass(frozen=True, slots=True)
class NoneOf:
    """The value must not be one of `forbidden` (case-insensitive text); unwritten is safe
    unless `missing_bad`."""

    forbidden: frozenset[str]
    missing_bad: bool = False

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            if self.missing_bad:
                yield Violation(at=field, message=f"{what} is not set")
            return
        text = as_str(field.value)
        if text is not None and text.lower() in {f.lower() for f in self.forbidden}:
            yield Violation(at=field, message=f"{what} is {text!r}")


@dataclass(frozen=True, slots=True)
class AtLeast:
    """A number that must be at least `minimum`; `missing_ok` as for `OneOf`."""

    minimum: float
    missing_ok: bool = False

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            if not self.missing_ok:
                yield Violation(at=field, message=f"{what} is not set")
            return
        number = _as_number(field.value)
        if number is not None and number < self.minimum:
            yield Violation(at=field, message=f"{what} is {field.value}, below {self.minimum:g}")


@dataclass(frozen=True, slots=True)
class Present:
    """A block or setting must be written at all (e.g. a logging configuration)."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            yield Violation(at=field, message=f"{what} is not configured")


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Doc:
    """The four documentation sections every check has."""

    what_it_does: str
    why_is_this_bad: str
    example: str
    use_instead: str

    def render(self) -> str:
        return (
            f"## What it does\n{self.what_it_does.strip()}\n\n"
            f"## Why is this bad?\n{self.why_is_this_bad.strip()}\n\n"
            f"## Example\n{self.example.strip()}\n\n"
            f"## Use instead\n{self.use_instead.strip()}\n"
        )


SettingPath = tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class SettingRule:
    """One row: where the setting lives per framework and type key, and what is safe.

    `where` maps a framework to `{type_key: path}`; `what` names the setting in messages
    ("versioning", "deletion protection"). `applies` optionally limits the rule to resources
    for which it returns True (e.g. only symmetric KMS keys)."""

    id: str
    name: str
    title: str
    severity: Severity
    category: str
    what: str
    where: Mapping[Framework, Mapping[str, SettingPath]]
    expect: Expectation
    doc: Doc
    remediation: str
    compliance: Mapping[str, Iterable[str]] = field(default_factory=dict)
    equivalents: Mapping[str, Iterable[str]] = field(default_factory=dict)
    references: Iterable[str] = ()
    aliases: Iterable[str] = ()
    applies: Callable[[Resource], bool] | None = None


def fields_at(resource: Resource, path: SettingPath) -> Iterator[Field]:
    """The fields a path names, expanding `EACH` steps over list elements."""
    if EACH not in path:
        yield resource.field(*path)
        return
    cut = path.index(EACH)
    head, tail = path[:cut], path[cut + 1 :]
    container = resource.field(*head)
    if isinstance(container.value, list) and container.value:
        for index in range(len(container.value)):
            yield from fields_at(resource, (*head, index, *tail))
    elif container.value is MISSING or container.value is None:
        yield container


def setting_check(rule: SettingRule) -> Check:
    """Turn a row into a `Check` whose documentation is the row's `doc`."""
    paths = {
        type_index_key(fw, key): path
        for fw, by_type in rule.where.items()
        for key, path in by_type.items()
    }

    def judge(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        if rule.applies is not None and not rule.applies(resource):
            return
        path = paths.get(type_index_key(resource.framework, resource.type_key))
        if path is None:
            return
        for found in fields_at(resource, path):
            yield from rule.expect.judge(found, rule.what)

    judge.__doc__ = rule.doc.render()
    # Name the table module that holds the row, so load errors point at the right file.
    judge.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)
    return check(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        severity=rule.severity,
        category=rule.category,
        targets={fw: list(by_type) for fw, by_type in rule.where.items()},
        remediation=rule.remediation,
        compliance=rule.compliance,
        equivalents=rule.equivalents,
        references=rule.references,
        aliases=rule.aliases,
    )(judge)
