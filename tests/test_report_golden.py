"""Every reporter against reviewed golden files (IACSCAN_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import json

import pytest

from iacscan.report import ReportOptions, render_report
from tests.report_support import (
    assert_golden,
    empty_result,
    sample_result,
    sarif_schema,
    schema_errors,
)

OPTIONS = ReportOptions(tool_version="1.2.3")


@pytest.mark.parametrize(
    ("golden", "fmt", "options", "clean"),
    [
        ("report.txt", "text", OPTIONS, False),
        ("report_color.txt", "text", ReportOptions(color=True, tool_version="1.2.3"), False),
        ("report_quiet.txt", "text", ReportOptions(quiet=True, tool_version="1.2.3"), False),
        ("report_clean.txt", "text", OPTIONS, True),
        ("report.json", "json", OPTIONS, False),
        ("report_clean.json", "json", OPTIONS, True),
        ("report.sarif", "sarif", OPTIONS, False),
        ("report_clean.sarif", "sarif", OPTIONS, True),
    ],
)
def test_output_matches_golden(golden: str, fmt: str, options: ReportOptions, clean: bool) -> None:
    result = empty_result() if clean else sample_result()
    assert_golden(golden, render_report(fmt, result, options))


@pytest.mark.parametrize("golden", ["report.sarif", "report_clean.sarif"])
def test_sarif_golden_files_are_valid_sarif(golden: str) -> None:
    from tests.report_support import GOLDEN

    document = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    assert schema_errors(sarif_schema(), document) == []


def test_rendering_is_deterministic() -> None:
    for fmt in ("text", "json", "sarif"):
        assert render_report(fmt, sample_result(), OPTIONS) == render_report(
            fmt, sample_result(), OPTIONS
        )
