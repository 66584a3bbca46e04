"""The check API: metadata, the `@check` decorator and what a check yields.

A check is one decorated function in a module under `checks/`. The decorator does not register
anything: it returns a `Check` value, and the registry collects module-level `Check`s when it
loads a folder. The function receives one resource of a targeted type and a `CheckContext`, and
yields `Violation`s that point at a `Field` (or a whole resource); the engine adds file, line
and metadata. A check must stay silent when the value it needs is unknown.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r}: use one of {names}") from None


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}

# Built-in ids are IAC-<PROVIDER>-<SERVICE>-NNN; a team's own checks and policies use their own
# prefix (ACME-S3-001) so they can never collide with ours.
CHECK_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3,}$")
BUILTIN_CHECK_ID = re.compile(r"^IAC-[A-Z0-9]+(-[A-Z0-9]+)*-\d{3}$")
CHECK_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ANY_TYPE = "*"


@dataclass(frozen=True, slots=True)
class CheckMeta:
    """Everything about a check except its logic. `targets` maps each framework to the
    resource type keys the check reads (`*` for every type). `compliance` is keyed by benchmark
    and version (`cis-aws-foundations-1.4.0`), `equivalents` by scanner (`checkov`, `tfsec`)."""

    id: str
    name: str
    title: str
    severity: Severity
    category: str
    targets: Mapping[Framework, tuple[str, ...]]
    description: str
    remediation: str
    compliance: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    equivalents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""

    @property
    def frameworks(self) -> tuple[Framework, ...]:
        return tuple(self.targets)

    def matches_id(self, text: str) -> bool:
        """True for the check's id, name, an alias or an equivalent id of another scanner."""
        wanted = text.strip().lower()
        names = [self.id, self.name, *self.aliases]
        names.extend(i for ids in self.equivalents.values() for i in ids)
        return any(wanted == n.lower() for n in names)


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may read besides its resource: the whole graph and the scan's settings."""

    graph: ResourceGraph
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Violation:
    """A misconfiguration: `at` is the offending field (or a whole resource when nothing is
    written, e.g. a missing setting), `message` says what is wrong in this instance."""

    at: Field | Resource
    message: str


CheckFunction = Callable[[Resource, CheckContext], Iterable[Violation]]


@dataclass(frozen=True, slots=True)
class Check:
    meta: CheckMeta
    function: CheckFunction

    def run(self, resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return self.function(resource, context)


def check(
    *,
    id: str,
    name: str,
    title: str,
    severity: Severity,
    category: str,
    targets: Mapping[Framework, Iterable[str]],
    remediation: str,
    compliance: Mapping[str, Iterable[str]] | None = None,
    equivalents: Mapping[str, Iterable[str]] | None = None,
    references: Iterable[str] = (),
    aliases: Iterable[str] = (),
) -> Callable[[CheckFunction], Check]:
    """Turn a function into a `Check`; its docstring is the check's documentation."""

    def decorate(function: CheckFunction) -> Check:
        meta = CheckMeta(
            id=id,
            name=name,
            title=title,
            severity=severity,
            category=category,
            targets={fw: tuple(types) for fw, types in targets.items()},
            description=inspect.cleandoc(function.__doc__ or ""),
            remediation=inspect.cleandoc(remediation),
            compliance={k: tuple(v) for k, v in (compliance or {}).items()},
            equivalents={k: tuple(v) for k, v in (equivalents or {}).items()},
            references=tuple(references),
            aliases=tuple(aliases),
            source=function.__module__,
        )
        return Check(meta=meta, function=function)

    return decorate
