"""The format registry and the promise that SARIF support costs nothing unless asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iacscan.report import FORMATS, ReportOptions, render_report
from iacscan.report.text import render as render_text
from tests.report_support import sample_result

REPO = Path(__file__).parents[1]


def test_formats_map_to_importable_modules() -> None:
    assert FORMATS == {
        "text": "iacscan.report.text",
        "json": "iacscan.report.json_report",
        "sarif": "iacscan.report.sarif",
        "github": "iacscan.report.github",
        "markdown": "iacscan.report.markdown",
        "junit": "iacscan.report.junit",
    }


def test_render_report_dispatches_to_the_module() -> None:
    options = ReportOptions()
    assert render_report("text", sample_result(), options) == render_text(sample_result(), options)
    assert json.loads(render_report("sarif", sample_result(), options))["version"] == "2.1.0"


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(
        ValueError,
        match=r"unknown report format 'xml': use one of github, json, junit, markdown, sarif, text",
    ):
        render_report("xml", sample_result(), ReportOptions())


_PROBE = """
import sys
from tests.report_support import sample_result
from iacscan.report import ReportOptions, render_report
result = sample_result()
loaded = []
for fmt in ("text", "json", "github", "markdown", "junit", "sarif"):
    render_report(fmt, result, ReportOptions())
    loaded.append("sarif_om" in sys.modules)
print(loaded)
"""


def test_sarif_om_is_imported_only_for_sarif() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[False, False, False, False, False, True]"
