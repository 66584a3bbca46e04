"""What a scan produces: findings, errors and counts. Reporters read only these."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iacscan.check import CheckMeta, Severity
from iacscan.frameworks.base import FileError
from iacscan.graph.model import AttrPath, Resource
from iacscan.suppress.model import Directive, DirectiveUse

if TYPE_CHECKING:
    from iacscan.compliance import ComplianceReport


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation of one check, located at the offending line.

    `resource` is the resource the check judged; `file`/`start_line`/`end_line` are where the
    offending value is written (which may be another resource, e.g. an `aws_s3_bucket_acl`).
    """

    check: CheckMeta
    resource: Resource
    file: str
    start_line: int
    end_line: int
    message: str
    path: AttrPath = ()
    suppression: Directive | None = None
    """The inline suppression that silenced this finding, if any."""
    raised_to: Severity | None = None
    """The effective severity when the resource's context raised it (see iacscan.risk)."""
    context: str = ""
    """Why the severity was raised ("reachable from the internet via aws_security_group.web")."""

    @property
    def severity(self) -> Severity:
        """The effective severity: what reports show and the gate acts on."""
        return self.raised_to or self.check.severity

    @property
    def base_severity(self) -> Severity:
        return self.check.severity

    @property
    def attribute(self) -> str:
        """The offending attribute path in dotted form (`versioning[0].enabled`)."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    @property
    def fingerprint(self) -> str:
        """Stable across moved lines and reformatting: check, resource and attribute path."""
        key = "\x1f".join((self.check.id, self.resource.address, self.file, self.attribute))
        return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class RecordedFinding:
    """A finding as a baseline file records it: no lines, so it survives moved code."""

    fingerprint: str
    check_id: str
    resource: str
    file: str
    attribute: str = ""
    severity: str = ""
    message: str = ""


@dataclass(slots=True)
class BaselineComparison:
    """`known`: findings the baseline already holds (not reported, never gating); `fixed`: what
    the baseline holds that is gone."""

    file: str
    known: list[Finding] = field(default_factory=list)
    fixed: list[RecordedFinding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DiffScope:
    """Diff-aware mode: only findings on lines (or resources) changed since `base` are kept;
    `hidden` counts the others. `base` is empty when the changed files were named instead (the
    pre-commit hook)."""

    @property
    def hidden_text(self) -> str:
        """How reports say what was left out ("" when there is nothing worth saying)."""
        if self.base:
            return f"{self.hidden} outside the diff from {self.base}"
        return f"{self.hidden} in unchanged files" if self.hidden else ""

    base: str
    hidden: int = 0


@dataclass(slots=True)
class ScanStats:
    files_scanned: Counter[str] = field(default_factory=Counter)
    files_skipped: int = 0
    resources: int = 0
    checks_run: int = 0
    seconds: float = 0.0
    # How many resources each check judged (by check id): a check that judged none did not
    # apply to this scan, which the compliance report calls not applicable.
    resources_checked: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class ScanResult:
    """Everything reporters need. `root` is the scan root all `file` fields are relative to."""

    root: Path
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    notices: list[FileError] = field(default_factory=list)
    checks: list[CheckMeta] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    # Findings an inline suppression silenced: shown in reports, never counted by the gate.
    suppressed: list[Finding] = field(default_factory=list)
    # Every suppression directive seen and how it fared (for `iacscan suppressions`).
    suppressions: list[DirectiveUse] = field(default_factory=list)
    baseline: BaselineComparison | None = None
    diff: DiffScope | None = None
    # Compliance reports asked for with --compliance.
    compliance: list[ComplianceReport] = field(default_factory=list)

    def counts_by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity.value for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in Severity}
