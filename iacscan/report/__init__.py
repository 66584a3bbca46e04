"""Reporters: pure functions from a scan result to text.

`FORMATS` maps each output format to the module that renders it. Modules are imported only
when their format is asked for, so the SARIF reporter (and sarif-om) costs nothing otherwise.
Every module has `render(result: ScanResult, options: ReportOptions) -> str`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from iacscan.report.options import ReportOptions

if TYPE_CHECKING:
    from iacscan.findings import ScanResult

__all__ = ["FORMATS", "ReportOptions", "render_report"]

FORMATS: dict[str, str] = {
    "text": "iacscan.report.text",
    "json": "iacscan.report.json_report",
    "sarif": "iacscan.report.sarif",
    "github": "iacscan.report.github",
    "markdown": "iacscan.report.markdown",
    "junit": "iacscan.report.junit",
}


class _Reporter(Protocol):
    def render(self, result: ScanResult, options: ReportOptions) -> str: ...


def render_report(fmt: str, result: ScanResult, options: ReportOptions) -> str:
    """Render `result` in format `fmt` (a key of `FORMATS`)."""
    try:
        module_name = FORMATS[fmt]
    except KeyError:
        names = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown report format {fmt!r}: use one of {names}") from None
    reporter: _Reporter = importlib.import_module(module_name)
    return reporter.render(result, options)
