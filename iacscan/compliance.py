"""Compliance reports: each control of a benchmark with pass, fail or not applicable, and the
findings behind it.

A control fails when a check mapped to it has a finding; it passes when at least one check
mapped to it judged a resource in this scan and none found anything; otherwise (no mapped
check had anything to look at) it is not applicable. A benchmark is named by a prefix of its
key: `cis-aws` selects `cis-aws-foundations-1.4.0`, `nist-800-53` selects `nist-800-53-r5`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from iacscan.check import CheckMeta
from iacscan.findings import Finding, ScanResult

PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "not-applicable"


@dataclass(frozen=True, slots=True)
class ControlResult:
    control: str
    status: str
    checks: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    benchmark: str
    controls: tuple[ControlResult, ...]

    def count(self, status: str) -> int:
        return sum(1 for c in self.controls if c.status == status)


def benchmarks(checks: Sequence[CheckMeta]) -> list[str]:
    return sorted({key for meta in checks for key in meta.compliance})


def matching_benchmarks(name: str, checks: Sequence[CheckMeta]) -> list[str]:
    wanted = name.strip().lower()
    return [b for b in benchmarks(checks) if b == wanted or b.startswith(wanted + "-")]


def _control_order(control: str) -> list[tuple[int, int | str]]:
    """Sort 2.1.10 after 2.1.9 and AC-3 before AC-21."""
    return [(0, int(part)) if part.isdigit() else (1, part)
            for part in re.split(r"[.\-()]", control) if part]  # fmt: skip


def build_report(result: ScanResult, benchmark: str) -> ComplianceReport:
    by_control: dict[str, list[CheckMeta]] = {}
    for meta in result.checks:
        for control in meta.compliance.get(benchmark, ()):
            by_control.setdefault(control, []).append(meta)
    controls = []
    for control in sorted(by_control, key=_control_order):
        metas = by_control[control]
        ids = {m.id for m in metas}
        findings = tuple(f for f in result.findings if f.check.id in ids)
        if findings:
            status = FAIL
        elif any(result.stats.resources_checked.get(i, 0) for i in ids):
            status = PASS
        else:
            status = NOT_APPLICABLE
        controls.append(ControlResult(control, status, tuple(sorted(ids)), findings))
    return ComplianceReport(benchmark, tuple(controls))


def build_reports(result: ScanResult, names: Sequence[str]) -> list[ComplianceReport]:
    """Reports for every benchmark the names select; ValueError names the ones on offer."""
    reports: list[ComplianceReport] = []
    for name in names:
        keys = matching_benchmarks(name, result.checks)
        if not keys:
            offered = ", ".join(benchmarks(result.checks)) or "none"
            raise ValueError(f"no check maps to a benchmark named {name!r}; available: {offered}")
        reports.extend(build_report(result, key) for key in keys)
    return reports
