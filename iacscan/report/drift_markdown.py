"""Drift as Markdown, for a CI job summary or a pull-request comment: counts, then a table a
drift kind. Values read from the cloud are escaped so they cannot break the tables."""

from __future__ import annotations

from iacscan.drift.result import KINDS, DriftResult
from iacscan.report.common import sorted_findings
from iacscan.report.drift_common import KIND_TITLES, not_compared_lines, summary_text, value_text
from iacscan.report.options import ReportOptions

MAX_ROWS = 100


def render(result: DriftResult, options: ReportOptions) -> str:
    sections = [_headline(result)]
    entries = result.sorted_entries()
    for kind in KINDS:
        group = [e for e in entries if e.kind == kind]
        if not group:
            continue
        rows = ["| Type | Id | Planned address | Region | Differences |", "|---|---|---|---|---|"]
        for entry in group[:MAX_ROWS]:
            changes = "<br>".join(
                ("**!** " if a.security else "")
                + f"`{_code(a.path)}`: {_cell(value_text(a.planned))} → {_cell(value_text(a.live))}"
                for a in entry.attributes
            )
            rows.append(
                f"| `{_code(entry.resource_type)}` | `{_code(entry.id)}` | "
                f"{_code_or_dash(entry.address)} | {_cell(entry.region) or '-'} | "
                f"{changes or '-'} |"
            )
        if len(group) > MAX_ROWS:
            rows.append(f"\n… and {len(group) - MAX_ROWS} more (see the JSON report)")
        sections.append(f"### {KIND_TITLES[kind]}: {len(group)}\n\n" + "\n".join(rows))
    notes = not_compared_lines(result)
    if notes:
        sections.append("### Not compared\n\n" + "\n".join(f"- {_cell(n)}" for n in notes))
    if result.inventory_errors:
        lines = [
            f"- `{e.service}` {e.region} `{e.operation}`: {_cell(e.code)}: {_cell(e.message)}"
            for e in result.inventory_errors
        ]
        sections.append("### Inventory errors\n\n" + "\n".join(lines))
    if result.posture is not None:
        sections.append(_posture(result))
    return "\n\n".join(sections) + "\n"


def _headline(result: DriftResult) -> str:
    drifted = len(result.entries)
    head = f"**{drifted} drifted resource(s)**" if drifted else "**No drift**"
    where = f"`{_code(result.planned_source)}` ({result.planned_kind}) against {result.provider}"
    if result.account:
        where += f" account `{_code(result.account)}`"
    return f"## iacscan drift\n\n{head}: {where}, {', '.join(result.regions)}\n\n" + _cell(
        summary_text(result)
    )


def _posture(result: DriftResult) -> str:
    assert result.posture is not None
    findings = sorted_findings(result.posture.findings)
    if not findings:
        return "### Live posture\n\nNo findings from the built-in checks."
    rows = ["| Severity | Check | Resource | Message |", "|---|---|---|---|"]
    for finding in findings[:MAX_ROWS]:
        rows.append(
            f"| {finding.severity.value} | {finding.check.id} | "
            f"`{_code(finding.file)}` | {_cell(finding.message)} |"
        )
    return f"### Live posture: {len(findings)} finding(s)\n\n" + "\n".join(rows)


def _cell(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for char in "<>*_[]`":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _code(text: str) -> str:
    return text.replace("`", "'").replace("|", "\\|").replace("\n", " ")


def _code_or_dash(text: str) -> str:
    return f"`{_code(text)}`" if text else "-"
