"""Drift as text: what was compared with what, then the drift grouped by kind (security-relevant
changes first, marked `!`), what could not be compared and why, and a summary line."""

from __future__ import annotations

import click

from iacscan.drift.result import KINDS, DriftEntry, DriftResult
from iacscan.findings import Finding
from iacscan.report.common import first_paragraph, sorted_findings
from iacscan.report.drift_common import (
    KIND_TITLES,
    location,
    not_compared_lines,
    summary_text,
    value_text,
)
from iacscan.report.options import ReportOptions

_KIND_COLOURS = {"missing": "red", "unmanaged": "yellow", "changed": "magenta"}


def render(result: DriftResult, options: ReportOptions) -> str:
    lines: list[str] = []
    if not options.quiet:
        lines.extend([_headline(result), ""])
    entries = result.sorted_entries()
    for kind in KINDS:
        group = [e for e in entries if e.kind == kind]
        if not group:
            continue
        title = f"{KIND_TITLES[kind]}: {len(group)}"
        lines.append(
            click.style(title, fg=_KIND_COLOURS[kind], bold=True) if options.color else title
        )
        for entry in group:
            lines.extend(_entry(entry))
        lines.append("")
    for error in result.inventory_errors:
        lines.append(
            f"inventory error: {error.service} {error.region} {error.operation}: "
            f"{error.code}: {error.message}"
        )
    for problem in result.planned_errors:
        lines.append(f"{problem.file}:{problem.line}: error: {problem.message}")
    if not options.quiet:
        not_compared = not_compared_lines(result)
        if not_compared:
            lines.append("Not compared:")
            lines.extend(f"  {line}" for line in not_compared)
        if result.posture is not None:
            lines.extend(["", *_posture(result.posture.findings)])
        if lines and lines[-1] != "":
            lines.append("")
        lines.append(_summary(result))
    return "".join(f"{line}\n" for line in lines)


def _headline(result: DriftResult) -> str:
    live = f"{result.provider} account {result.account or '?'}, " + ", ".join(result.regions)
    taken = f" (inventory taken {result.taken_at})" if result.taken_at else ""
    return f"Drift: {result.planned_source} ({result.planned_kind}) against {live}{taken}"


def _entry(entry: DriftEntry) -> list[str]:
    parts = [entry.resource_type, entry.id]
    if entry.address:
        parts.append(entry.address)
    if entry.region:
        parts.append(entry.region)
    parts.append(location(entry))
    lines = ["  " + "  ".join(parts)]
    for change in entry.attributes:
        mark = "!" if change.security else " "
        lines.append(
            f"    {mark} {change.path}: planned {value_text(change.planned)}, "
            f"live {value_text(change.live)}"
        )
    return lines


def _posture(findings: list[Finding]) -> list[str]:
    lines = [f"Live posture: {len(findings)} finding(s) from the built-in checks"]
    for finding in sorted_findings(findings):
        lines.append(
            f"  {finding.severity.value.upper():8} {finding.check.id}  "
            f"{finding.resource.address}  {finding.file}"
        )
        lines.append(f"      {finding.message}")
        fix = first_paragraph(finding.check.remediation)
        if fix:
            lines.append(f"      fix: {fix}")
    return lines


def _summary(result: DriftResult) -> str:
    text = summary_text(result)
    if result.posture is not None:
        text += f", {len(result.posture.findings)} live posture finding(s)"
    return f"{text}, {result.seconds:.2f} s"
