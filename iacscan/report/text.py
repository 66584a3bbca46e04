"""Human-readable output: findings grouped by file, then errors, then a one-line summary."""

from __future__ import annotations

from itertools import groupby

import click

from iacscan.check import Severity
from iacscan.findings import Finding, ScanResult
from iacscan.frameworks.base import FileError
from iacscan.report.common import (
    first_paragraph,
    frameworks_by_count,
    plural,
    sorted_errors,
    sorted_findings,
)
from iacscan.report.compliance_view import text_lines as compliance_text_lines
from iacscan.report.options import ReportOptions

# Foreground colour, bold and dim for each severity label (None leaves the attribute alone).
_SEVERITY_STYLE: dict[Severity, tuple[str | None, bool | None, bool | None]] = {
    Severity.CRITICAL: ("red", True, None),
    Severity.HIGH: ("red", None, None),
    Severity.MEDIUM: ("yellow", None, None),
    Severity.LOW: ("cyan", None, None),
    Severity.INFO: (None, None, True),
}
_SEVERITY_WIDTH = max(len(s.value) for s in Severity)
_DETAIL_INDENT = "    "


def render(result: ScanResult, options: ReportOptions) -> str:
    findings = sorted_findings(result.findings)
    errors = [_problem_line(e, "error", options.color) for e in sorted_errors(result.errors)]
    if options.quiet:
        lines = [*_finding_block(findings, options.color, indent=""), *errors]
        return "".join(f"{line}\n" for line in lines)

    lines = []
    for file, group in groupby(findings, key=lambda f: f.file):
        lines.append(click.style(file, bold=True) if options.color else file)
        lines.extend(_finding_block(list(group), options.color, indent="  "))
        lines.append("")
    notices = [_problem_line(n, "notice", options.color) for n in sorted_errors(result.notices)]
    if errors or notices:
        lines.extend([*errors, *notices, ""])
    lines.extend(_fixed_block(result))
    lines.extend(compliance_text_lines(result.compliance))
    lines.append(summary_line(result))
    return "".join(f"{line}\n" for line in lines)


def _finding_block(findings: list[Finding], color: bool, indent: str) -> list[str]:
    """Each finding as a head line (severity, check id, resource, file:line) in aligned
    columns, then its message and the one-line fix."""
    if not findings:
        return []
    id_width = max(len(f.check.id) for f in findings)
    address_width = max(len(f.resource.address) for f in findings)
    detail = indent + _DETAIL_INDENT
    lines: list[str] = []
    for finding in findings:
        head = (
            f"{_severity_label(finding.severity, color)}  {finding.check.id:<{id_width}}"
            f"  {finding.resource.address:<{address_width}}  {finding.file}:{finding.start_line}"
        )
        lines.append(indent + head)
        lines.append(detail + finding.message.replace("\n", "\n" + detail))
        if finding.context:
            lines.append(f"{detail}raised from {finding.base_severity.value}: {finding.context}")
        fix = first_paragraph(finding.check.remediation)
        if fix:
            lines.append(f"{detail}fix: {fix}")
    return lines


def _fixed_block(result: ScanResult) -> list[str]:
    """Findings the baseline recorded that are gone: worth a thank-you and a new baseline."""
    if result.baseline is None or not result.baseline.fixed:
        return []
    lines = [f"Fixed since the baseline {result.baseline.file}:"]
    for entry in sorted(result.baseline.fixed, key=lambda e: (e.file, e.check_id, e.resource)):
        lines.append(f"  {entry.check_id}  {entry.resource}  {entry.file}")
    return [*lines, ""]


def _severity_label(severity: Severity, color: bool) -> str:
    """The upper-case severity padded to one width; the padding stays outside the colour codes
    so columns line up whether or not colour is on."""
    label = severity.value.upper()
    padding = " " * (_SEVERITY_WIDTH - len(label))
    if color:
        fg, bold, dim = _SEVERITY_STYLE[severity]
        label = click.style(label, fg=fg, bold=bold, dim=dim)
    return label + padding


def _problem_line(problem: FileError, label: str, color: bool) -> str:
    where = problem.file
    if problem.line > 0:
        where += f":{problem.line}"
        if problem.column > 0:
            where += f":{problem.column}"
    if color:
        label = click.style(label, fg="red" if label == "error" else "blue", bold=True)
    return f"{where}: {label}: {problem.message}"


def _hidden_counts(result: ScanResult) -> list[str]:
    """Findings not shown, and why: suppressed inline, known to the baseline, outside the diff."""
    parts = []
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed")
    if result.baseline is not None:
        parts.append(
            f"{len(result.baseline.known)} in baseline, {len(result.baseline.fixed)} fixed"
        )
    if result.diff is not None:
        parts.append(result.diff.hidden_text)
    return [part for part in parts if part]


def summary_line(result: ScanResult) -> str:
    """`5 findings (1 critical, 2 high, 2 medium) in 12 files (terraform 8, kubernetes 4), ...`"""
    counts = result.counts_by_severity()
    if result.findings:
        by_severity = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        head = f"{plural(len(result.findings), 'finding')} ({by_severity})"
    else:
        head = "No findings"
    stats = result.stats
    frameworks = frameworks_by_count(stats.files_scanned)
    files = plural(sum(n for _, n in frameworks), "file")
    if frameworks:
        files += " (" + ", ".join(f"{name} {n}" for name, n in frameworks) + ")"
    parts = [
        f"{head} in {files}",
        plural(stats.resources, "resource"),
        plural(stats.checks_run, "check"),
    ]
    if result.errors:
        error_files = len({e.file for e in result.errors})
        parts.append(f"{plural(len(result.errors), 'error')} in {plural(error_files, 'file')}")
    if result.notices:
        parts.append(plural(len(result.notices), "notice"))
    parts.extend(_hidden_counts(result))
    if stats.files_skipped:
        parts.append(f"{plural(stats.files_skipped, 'file')} skipped")
    parts.append(f"{stats.seconds:.2f} s")
    return ", ".join(parts)
