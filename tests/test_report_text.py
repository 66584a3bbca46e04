"""The text reporter: layout, colour, quiet mode and the summary line."""

from __future__ import annotations

import re
from collections import Counter

from iacscan.findings import ScanResult, ScanStats
from iacscan.frameworks.base import FileError
from iacscan.report.options import ReportOptions
from iacscan.report.text import render, summary_line
from tests.report_support import ROOT, empty_result, findings, sample_result

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_no_ansi_codes_without_colour() -> None:
    assert "\x1b" not in render(sample_result(), ReportOptions(color=False))
    assert "\x1b" not in render(sample_result(), ReportOptions(color=False, quiet=True))


def test_colour_marks_each_severity_and_only_adds_codes() -> None:
    coloured = render(sample_result(), ReportOptions(color=True))
    assert "\x1b[31m\x1b[1mCRITICAL\x1b[0m" in coloured
    assert "\x1b[31mHIGH\x1b[0m" in coloured
    assert "\x1b[33mMEDIUM\x1b[0m" in coloured
    assert "\x1b[36mLOW\x1b[0m" in coloured
    assert "\x1b[2mINFO\x1b[0m" in coloured
    # Stripping the codes gives back the plain output: colour never moves a column.
    assert ANSI.sub("", coloured) == render(sample_result(), ReportOptions(color=False))


def test_findings_grouped_by_sorted_file_then_line() -> None:
    lines = render(sample_result(), ReportOptions()).splitlines()
    heads = [line.split() for line in lines if re.match(r"  [A-Z]+ ", line)]
    assert [(h[1], h[-1]) for h in heads] == [
        ("IAC-K8S-IMG-005", "deploy.yaml:19"),
        ("IAC-K8S-POD-003", "deploy.yaml:21"),
        ("IAC-AWS-S3-004", "main.tf:3"),
        ("IAC-AWS-S3-001", "main.tf:5"),
        ("IAC-AWS-EC2-002", "main.tf:17"),
    ]
    assert lines[0] == "k8s/cart deploy.yaml"
    assert lines.index("main.tf") == 8


def test_finding_block_has_message_and_prose_fix() -> None:
    lines = render(sample_result(), ReportOptions()).splitlines()
    start = lines.index("  HIGH      IAC-AWS-S3-001   aws_s3_bucket.logs          main.tf:5")
    assert lines[start + 1] == '      canned ACL "public-read" grants public read'
    # The remediation starts with a code fence and wraps its first sentence over two lines.
    assert lines[start + 2] == (
        '      fix: Set `acl` to "private" and grant access through a bucket policy.'
    )


def test_errors_and_notices_name_file_line_and_column() -> None:
    lines = render(sample_result(), ReportOptions()).splitlines()
    assert "k8s/broken.yaml:4:7: error: mapping values are not allowed here" in lines
    assert 'modules.tf:2: notice: remote module "vpc" was not evaluated' in lines


def test_error_without_line_names_only_the_file() -> None:
    result = empty_result()
    result.errors.append(FileError("big.json", 0, "file is larger than 5 MB", kind="limit"))
    assert "big.json: error: file is larger than 5 MB" in render(result, ReportOptions())


def test_summary_line_counts_everything() -> None:
    assert summary_line(sample_result()) == (
        "5 findings (1 critical, 1 high, 1 medium, 1 low, 1 info) in 4 files "
        "(kubernetes 2, terraform 2), 14 resources, 6 checks, 1 error in 1 file, 1 notice, "
        "1 file skipped, 0.21 s"
    )


def test_summary_line_singular_and_frameworks_by_count() -> None:
    result = ScanResult(
        root=ROOT,
        findings=findings()[2:3],
        stats=ScanStats(
            files_scanned=Counter({"kubernetes": 4, "terraform": 8}),
            resources=1,
            checks_run=1,
            seconds=1.0,
        ),
    )
    assert summary_line(result) == (
        "1 finding (1 high) in 12 files (terraform 8, kubernetes 4), 1 resource, 1 check, 1.00 s"
    )


def test_no_findings_is_said_plainly() -> None:
    output = render(empty_result(), ReportOptions())
    assert output == "No findings in 1 file (cloudformation 1), 3 resources, 6 checks, 0.05 s\n"


def test_quiet_keeps_findings_and_errors_only() -> None:
    output = render(sample_result(), ReportOptions(quiet=True))
    assert "findings (" not in output  # no summary
    assert "notice" not in output
    assert "\n\n" not in output  # no group headers or spacing
    assert output.splitlines()[0].startswith("INFO      IAC-K8S-IMG-005")
    assert output.endswith("k8s/broken.yaml:4:7: error: mapping values are not allowed here\n")


def test_quiet_clean_scan_prints_nothing() -> None:
    assert render(empty_result(), ReportOptions(quiet=True)) == ""
