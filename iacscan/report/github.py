"""GitHub Actions workflow commands: annotations on the offending lines of a pull request.

    ::error file=main.tf,line=5,endLine=5,title=IAC-AWS-S3-001 S3 bucket ...::canned ACL ...

GitHub shows at most 10 annotations of each level per step and 50 per job, and drops the rest
without a word. So files that could not be read come first (the results are incomplete), then
findings from the most severe down, at most 10 errors, 10 warnings and 9 notices; a last notice
gives the totals and points to the job summary (`-o markdown`), which lists everything.
Severities map critical/high -> error, medium -> warning, low/info -> notice.
"""

from __future__ import annotations

from collections import Counter

from iacscan.check import Severity
from iacscan.findings import Finding, ScanResult
from iacscan.frameworks.base import FileError
from iacscan.report.common import first_paragraph, plural, sorted_errors, sorted_findings
from iacscan.report.options import ReportOptions

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}
PER_LEVEL = 10
PER_JOB = 50


def render(result: ScanResult, options: ReportOptions) -> str:
    # One notice of the per-level and per-job allowance is kept for the closing total.
    room = {"error": PER_LEVEL, "warning": PER_LEVEL, "notice": PER_LEVEL - 1}
    total_room = PER_JOB - 1
    lines: list[str] = []
    candidates = [(_error_command(e), "error") for e in sorted_errors(result.errors)]
    candidates += [(_finding_command(f), LEVELS[f.severity]) for f in by_severity(result.findings)]
    for command, level in candidates:
        if room[level] > 0 and total_room > 0:
            lines.append(command)
            room[level] -= 1
            total_room -= 1
    lines.append(_closing_notice(result, shown=len(lines)))
    return "".join(f"{line}\n" for line in lines)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then in the usual file/line order."""
    return sorted(sorted_findings(findings), key=lambda f: -f.severity.rank)


def _finding_command(finding: Finding) -> str:
    check = finding.check
    message = f"{finding.message} ({finding.resource.address})"
    fix = first_paragraph(check.remediation)
    if fix:
        message += f"\nfix: {fix}"
    return command(
        LEVELS[finding.severity],
        message,
        file=finding.file,
        line=str(finding.start_line),
        endLine=str(max(finding.end_line, finding.start_line)),
        title=f"{check.id} {check.title} [{finding.severity.value}]",
    )


def _error_command(problem: FileError) -> str:
    properties = {"file": problem.file}
    if problem.line > 0:
        properties["line"] = str(problem.line)
        if problem.column > 0:
            properties["col"] = str(problem.column)
    title = (
        "iacscan could not check this file" if problem.kind != "check" else "iacscan check error"
    )
    return command("error", problem.message, **properties, title=title)


def _closing_notice(result: ScanResult, shown: int) -> str:
    counts = Counter(f.severity.value for f in result.findings)
    if result.findings:
        detail = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts[s.value])
        head = f"{plural(len(result.findings), 'finding')} ({detail})"
    else:
        head = "no findings"
    parts = [f"iacscan: {head}"]
    if result.errors:
        parts.append(f"{plural(len(result.errors), 'error')}")
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed")
    if result.baseline is not None:
        parts.append(f"{len(result.baseline.known)} known from the baseline")
    if result.diff is not None and result.diff.hidden_text:
        parts.append(result.diff.hidden_text)
    text = ", ".join(parts) + f"; {plural(shown, 'annotation')} shown here."
    text += " The job summary lists every finding."
    return command("notice", text, title="iacscan summary")


def command(level: str, message: str, **properties: str) -> str:
    """One workflow command, escaped as GitHub's runner unescapes it."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
