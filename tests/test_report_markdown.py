"""`-o markdown`: the job summary (golden file), escaping, truncation, suppressed and baseline."""

from __future__ import annotations

import dataclasses
from datetime import date

from iacscan.check import Severity
from iacscan.findings import BaselineComparison, DiffScope, Finding, RecordedFinding
from iacscan.report import ReportOptions, render_report
from iacscan.suppress.model import Directive
from tests.report_support import (
    LOGS,
    S3_PUBLIC,
    assert_golden,
    empty_result,
    findings,
    replace_findings,
    sample_result,
)

OPTIONS = ReportOptions(tool_version="1.2.3")


def _full_result():  # type: ignore[no-untyped-def]
    result = sample_result()
    reason = Directive("main.tf", 2, "iacscan", ("IAC-AWS-S3-004",), "archive | <b>old</b>",
                       date(2027, 1, 31), "alice")  # fmt: skip
    bare = Directive("k8s/cart deploy.yaml", 18, "checkov", ("CKV_K8S_1",))
    result.suppressed = [
        dataclasses.replace(result.findings[1], suppression=reason),
        dataclasses.replace(result.findings[4], suppression=bare),
    ]
    result.findings = [result.findings[i] for i in (0, 2, 3)]
    result.baseline = BaselineComparison(
        ".iacscan-baseline.json",
        known=findings()[:1],
        fixed=[RecordedFinding("f" * 32, "IAC-AWS-S3-009", "aws_s3_bucket.old", "old.tf")],
    )
    result.diff = DiffScope("origin/main", 12)
    return result


def test_golden_job_summary() -> None:
    assert_golden("report.md", render_report("markdown", _full_result(), OPTIONS))


def test_clean_summary() -> None:
    text = render_report("markdown", empty_result(), OPTIONS)
    assert text.startswith("## iacscan\n\n**No findings** in 1 file · 3 resources · 6 checks")
    assert "### Findings" not in text


def test_table_cells_are_escaped_and_checks_are_linked() -> None:
    hostile = Finding(S3_PUBLIC, LOGS, "a|b.tf", 5, 5, "bucket `x|y` <script>alert(1)</script>\nz")
    text = render_report("markdown", replace_findings(sample_result(), [hostile]), OPTIONS)
    row = next(line for line in text.splitlines() if line.startswith("| High | ["))
    assert row == (
        "| High | [IAC-AWS-S3-001](https://github.com/iacscan/iacscan/blob/main/docs/checks.md"
        "#iac-aws-s3-001) S3 bucket readable by anyone | `aws_s3_bucket.logs` | `a\\|b.tf:5` "
        "| bucket `x\\|y` &lt;script&gt;alert(1)&lt;/script&gt; z |"
    )


def test_top_fifty_most_severe() -> None:
    low = dataclasses.replace(S3_PUBLIC, severity=Severity.LOW, id="IAC-AWS-S3-100")
    many = [Finding(low, LOGS, "main.tf", n, n, "m") for n in range(1, 60)]
    many.append(Finding(S3_PUBLIC, LOGS, "z.tf", 99, 99, "worst"))
    text = render_report("markdown", replace_findings(sample_result(), many), OPTIONS)
    rows = [line for line in text.splitlines() if line.startswith(("| High | [", "| Low | ["))]
    assert len(rows) == 50
    assert rows[0].startswith("| High") and "`z.tf:99`" in rows[0]
    assert "### Top 50 findings" in text
    assert "...and 10 more findings: see the JSON or SARIF report." in text
