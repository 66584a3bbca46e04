"""The compliance reports of a scan in each output format (text, JSON, Markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iacscan.compliance import FAIL, ComplianceReport

MARK = {"pass": "pass", "fail": "FAIL", "not-applicable": "n/a"}


def _counts(report: ComplianceReport) -> str:
    return (
        f"{report.count('pass')} pass, {report.count('fail')} fail, "
        f"{report.count('not-applicable')} not applicable"
    )


def text_lines(reports: Sequence[ComplianceReport]) -> list[str]:
    lines: list[str] = []
    for report in reports:
        lines.append(f"Compliance: {report.benchmark} ({_counts(report)})")
        width = max((len(c.control) for c in report.controls), default=0)
        for control in report.controls:
            lines.append(f"  {control.control:<{width}}  {MARK[control.status]:<4}  "
                         f"{', '.join(control.checks)}")  # fmt: skip
            for finding in control.findings if control.status == FAIL else ():
                lines.append(f"      {finding.check.id} {finding.resource.address} "
                             f"{finding.file}:{finding.start_line}")  # fmt: skip
        lines.append("")
    return lines


def json_documents(reports: Sequence[ComplianceReport]) -> list[dict[str, Any]]:
    return [
        {
            "benchmark": report.benchmark,
            "summary": {s: report.count(s) for s in ("pass", "fail", "not-applicable")},
            "controls": [
                {
                    "control": c.control,
                    "status": c.status,
                    "checks": list(c.checks),
                    "findings": [
                        {
                            "check_id": f.check.id,
                            "resource": f.resource.address,
                            "file": f.file,
                            "start_line": f.start_line,
                        }
                        for f in c.findings
                    ],
                }
                for c in report.controls
            ],
        }
        for report in reports
    ]


def markdown_sections(reports: Sequence[ComplianceReport]) -> list[str]:
    sections = []
    for report in reports:
        rows = ["| control | status | checks | findings |", "| --- | --- | --- | --- |"]
        for c in report.controls:
            where = "<br>".join(f"`{f.file}:{f.start_line}` {f.resource.address}"
                                for f in c.findings)  # fmt: skip
            status = "**fail**" if c.status == FAIL else c.status
            rows.append(f"| {c.control} | {status} | {', '.join(c.checks)} | {where} |")
        sections.append(f"### Compliance: {report.benchmark}\n\n{_counts(report)}\n\n"
                        + "\n".join(rows))  # fmt: skip
    return sections
