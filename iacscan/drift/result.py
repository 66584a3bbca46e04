"""What a drift comparison produces. Drift reporters read only these."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacscan.drift.inventory import InventoryError
from iacscan.frameworks.base import FileError

if TYPE_CHECKING:
    from iacscan.findings import ScanResult

KINDS = ("missing", "unmanaged", "changed")
"""Drift kinds in report order."""


@dataclass(frozen=True, slots=True)
class AttributeDiff:
    """One difference: `path` in dotted form (`versioning_configuration[0].status`); `None`
    on one side means "not there" (a rule only live has, a setting only planned sets)."""

    path: str
    planned: Any
    live: Any
    security: bool = False


@dataclass(frozen=True, slots=True)
class DriftEntry:
    """One drifted resource. `id` is its cloud identity (bucket name, group id, role name);
    `address` the planned address ("" for unmanaged resources). `file`/`line` locate the
    planned resource (the IaC block, or the resource in the state or plan file); for
    unmanaged resources, the live URI (`aws://us-east-1/aws_iam_role/ops`) and line 1."""

    kind: str
    resource_type: str
    id: str
    address: str
    region: str
    attributes: tuple[AttributeDiff, ...] = ()
    file: str = ""
    line: int = 0
    live_uri: str = ""

    @property
    def security(self) -> bool:
        """A change that touches a security-relevant attribute."""
        return any(a.security for a in self.attributes)

    @property
    def sort_key(self) -> tuple[int, int, str, str, str]:
        return (
            KINDS.index(self.kind),
            0 if self.security else 1,
            self.resource_type,
            self.id,
            self.address,
        )


NOT_COMPARED_REASONS = {
    "unidentified": "identity not known before apply (e.g. an instance id in IaC)",
    "unsupported": "type not read from the cloud",
    "unreadable": "the cloud inventory of this type is incomplete (a call failed)",
    "out_of_scope": "in a region the inventory did not read",
}


@dataclass(slots=True)
class DriftResult:
    planned_kind: str
    planned_source: str
    provider: str
    regions: tuple[str, ...]
    taken_at: str = ""
    account: str = ""
    entries: list[DriftEntry] = field(default_factory=list)
    matched: int = 0
    planned_count: int = 0
    live_count: int = 0
    ignored: int = 0
    not_compared: dict[str, Counter[str]] = field(default_factory=dict)
    """Planned resources not compared, by reason (`NOT_COMPARED_REASONS`) and type."""
    unmanaged_not_judged: Counter[str] = field(default_factory=Counter)
    """Live resources of types where some planned resource could not be identified: whether
    they are unmanaged cannot be told, so they are not reported."""
    inventory_errors: list[InventoryError] = field(default_factory=list)
    planned_errors: list[FileError] = field(default_factory=list)
    seconds: float = 0.0
    root: Path | None = None
    """The folder planned file paths are relative to (SARIF's `%SRCROOT%`)."""
    posture: ScanResult | None = None
    """Findings of the built-in checks on live resources (`--check`)."""

    def not_compared_count(self, reason: str) -> int:
        return sum(self.not_compared.get(reason, Counter()).values())

    def counts(self) -> dict[str, int]:
        counts = Counter(entry.kind for entry in self.entries)
        return {kind: counts.get(kind, 0) for kind in KINDS}

    def sorted_entries(self) -> list[DriftEntry]:
        return sorted(self.entries, key=lambda e: e.sort_key)
