"""What an inline suppression is: a directive found in a file, and how it fared in a scan.

A leaf module (standard library only) so findings can point at the directive that silenced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class Scope(str, Enum):
    """Where a directive applies. `LINE`: the finding on its line or on the code line just
    below its comment lines, or the whole resource when it sits at the resource header.
    `BLOCK`: anywhere inside a resource (Checkov's rule). `RESOURCE`: a resource's metadata."""

    LINE = "line"
    BLOCK = "block"
    RESOURCE = "resource"


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression as written. `source` is the syntax: `iacscan`, `checkov`, `tfsec`,
    `trivy` (comments) or `metadata` (CloudFormation/ARM resource metadata). `ids` are as written.
    `problem` is set when the directive cannot be honoured as written (bad date, no id)."""

    file: str
    line: int
    source: str
    ids: tuple[str, ...]
    reason: str = ""
    until: date | None = None
    by: str = ""
    scope: Scope = Scope.LINE
    resource_id: str = ""
    problem: str = ""

    def expired(self, today: date) -> bool:
        return self.until is not None and self.until < today

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class Status(str, Enum):
    """An audit verdict, most serious first."""

    INVALID = "invalid"
    REJECTED = "rejected"
    EXPIRED = "expired"
    UNUSED = "unused"
    NO_REASON = "no-reason"
    IN_USE = "in-use"


@dataclass(frozen=True, slots=True)
class DirectiveUse:
    """A directive with the findings it matched (`matched`: check id and resource address of
    each), every status that applies to it (an unused directive may also lack a reason), and
    the notices it earned (why it was refused, or that it has no reason)."""

    directive: Directive
    matched: tuple[tuple[str, str], ...]
    statuses: tuple[Status, ...]
    notes: tuple[str, ...] = ()
