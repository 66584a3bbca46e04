"""A Markdown report for a CI job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment.

Counts by severity, a table of the most severe findings with `file:line` and a link to each
check's documentation, files that could not be read, suppressed findings with their reasons, and
what the baseline or the diff left out. Text from scanned files (messages quote values) is
escaped so it cannot break the table or inject markup.
"""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.findings import Finding, ScanResult
from iacscan.report.common import frameworks_by_count, plural, sorted_errors, sorted_findings
from iacscan.report.compliance_view import markdown_sections
from iacscan.report.github import by_severity
from iacscan.report.options import ReportOptions

TOP_FINDINGS = 50
CHECK_DOCS = "blob/main/docs/checks.md"


def render(result: ScanResult, options: ReportOptions) -> str:
    sections = [_headline(result), _severity_table(result)]
    sections.append(_findings_table(result, options))
    sections.extend(_errors(result))
    sections.extend(_suppressed(result, options))
    sections.extend(_fixed(result))
    sections.extend(markdown_sections(result.compliance))
    return "\n\n".join(s for s in sections if s) + "\n"


def check_link(check_id: str, options: ReportOptions) -> str:
    return f"{options.information_uri.rstrip('/')}/{CHECK_DOCS}#{check_id.lower()}"


def _headline(result: ScanResult) -> str:
    stats = result.stats
    files = plural(sum(n for _, n in frameworks_by_count(stats.files_scanned)), "file")
    head = (
        f"**{plural(len(result.findings), 'finding')}**" if result.findings else "**No findings**"
    )
    facts = [
        f"{head} in {files}",
        plural(stats.resources, "resource"),
        plural(stats.checks_run, "check"),
        f"{stats.seconds:.2f} s",
    ]
    if result.errors:
        facts.append(f"**{plural(len(result.errors), 'error')}** (results are incomplete)")
    hidden = []
    if result.suppressed:
        hidden.append(f"{len(result.suppressed)} suppressed inline")
    if result.baseline is not None:
        known, fixed = len(result.baseline.known), len(result.baseline.fixed)
        hidden.append(
            f"{known} known from the baseline `{_code(result.baseline.file)}`, {fixed} fixed"
        )
    if result.diff is not None and result.diff.hidden_text:
        hidden.append(_cell(result.diff.hidden_text))
    text = "## iacscan\n\n" + " · ".join(facts)
    if hidden:
        text += "\n\nNot counted: " + " · ".join(hidden)
    return text


def _severity_table(result: ScanResult) -> str:
    counts = result.counts_by_severity()
    rows = ["| Severity | Findings |", "| --- | ---: |"]
    rows += [f"| {s.value.capitalize()} | {counts[s.value]} |" for s in Severity]
    return "\n".join(rows)


def _findings_table(result: ScanResult, options: ReportOptions) -> str:
    if not result.findings:
        return ""
    ordered = by_severity(result.findings)
    shown = ordered[:TOP_FINDINGS]
    title = "### Findings" if len(shown) == len(ordered) else f"### Top {len(shown)} findings"
    rows = [title, "", "| Severity | Check | Resource | Location | Message |"]
    rows.append("| --- | --- | --- | --- | --- |")
    rows += [_finding_row(f, options) for f in shown]
    if len(ordered) > len(shown):
        rest = len(ordered) - len(shown)
        rows += ["", f"...and {plural(rest, 'more finding')}: see the JSON or SARIF report."]
    return "\n".join(rows)


def _finding_row(finding: Finding, options: ReportOptions) -> str:
    check = finding.check
    link = f"[{check.id}]({check_link(check.id, options)})"
    location = f"{finding.file}:{finding.start_line}"
    return (
        f"| {finding.severity.value.capitalize()} | {link} {_cell(check.title)} "
        f"| `{_code(finding.resource.address)}` | `{_code(location)}` | {_cell(finding.message)} |"
    )


def _errors(result: ScanResult) -> list[str]:
    if not result.errors:
        return []
    rows = [f"### Files that could not be checked ({len(result.errors)})", ""]
    for error in sorted_errors(result.errors):
        where = f"{error.file}:{error.line}" if error.line > 0 else error.file
        rows.append(f"- `{_code(where)}`: {_cell(error.message)}")
    return ["\n".join(rows)]


def _suppressed(result: ScanResult, options: ReportOptions) -> list[str]:
    if not result.suppressed:
        return []
    rows = [
        f"<details><summary>{plural(len(result.suppressed), 'suppressed finding')}</summary>",
        "",
        "| Check | Location | Reason | Until | Suppressed at |",
        "| --- | --- | --- | --- | --- |",
    ]
    for finding in sorted_findings(result.suppressed):
        directive = finding.suppression
        if directive is None:
            continue
        link = f"[{finding.check.id}]({check_link(finding.check.id, options)})"
        reason = _cell(directive.reason) if directive.reason else "*no reason given*"
        until = directive.until.isoformat() if directive.until else ""
        rows.append(
            f"| {link} | `{_code(f'{finding.file}:{finding.start_line}')}` | {reason} "
            f"| {until} | `{_code(directive.where)}` ({directive.source}) |"
        )
    rows += ["", "</details>"]
    return ["\n".join(rows)]


def _fixed(result: ScanResult) -> list[str]:
    if result.baseline is None or not result.baseline.fixed:
        return []
    rows = [f"### Fixed since the baseline ({len(result.baseline.fixed)})", ""]
    for entry in sorted(result.baseline.fixed, key=lambda e: (e.file, e.check_id, e.resource)):
        rows.append(f"- {entry.check_id} on `{_code(entry.resource)}` in `{_code(entry.file)}`")
    return ["\n".join(rows)]


def _cell(text: str) -> str:
    """Text safe inside a table cell: no pipes, line breaks or HTML."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return escaped.strip()


def _code(text: str) -> str:
    """Text safe inside a backtick code span within a table cell."""
    return text.replace("`", "'").replace("|", "\\|").replace("\n", " ")
