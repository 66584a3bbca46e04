"""Helpers shared by the drift reporters (`drift_*.py`), and their format table.

Every drift reporter has `render(result: DriftResult, options: ReportOptions) -> str`. When the
live posture was checked too (`iacscan drift --check`), `result.posture` holds a scan result
that each reporter adds in its own format.
"""

from __future__ import annotations

import importlib
import json
from typing import TYPE_CHECKING, Any, Protocol

from iacscan.report.options import ReportOptions

if TYPE_CHECKING:
    from iacscan.drift.result import DriftEntry, DriftResult

DRIFT_FORMATS: dict[str, str] = {
    "text": "iacscan.report.drift_text",
    "json": "iacscan.report.drift_json",
    "sarif": "iacscan.report.drift_sarif",
    "markdown": "iacscan.report.drift_markdown",
}

KIND_TITLES = {
    "missing": "Missing (planned, not found live)",
    "unmanaged": "Unmanaged (live, not planned)",
    "changed": "Changed (live differs from planned)",
}


class _Reporter(Protocol):
    def render(self, result: DriftResult, options: ReportOptions) -> str: ...


def render_drift(fmt: str, result: DriftResult, options: ReportOptions) -> str:
    try:
        module_name = DRIFT_FORMATS[fmt]
    except KeyError:
        names = ", ".join(sorted(DRIFT_FORMATS))
        raise ValueError(f"unknown drift report format {fmt!r}: use one of {names}") from None
    reporter: _Reporter = importlib.import_module(module_name)
    return reporter.render(result, options)


def value_text(value: Any) -> str:
    """A planned or live value on one line: JSON, `-` for "not there"."""
    if value is None:
        return "-"
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=True)


def location(entry: DriftEntry) -> str:
    """`file:line` of the planned resource, or the live URI."""
    return f"{entry.file}:{entry.line}" if entry.line and entry.kind != "unmanaged" else entry.file


def describe(entry: DriftEntry) -> str:
    """One sentence on an entry, for SARIF messages and headings."""
    name = f"{entry.resource_type} {entry.id}"
    if entry.kind == "missing":
        return f"{name} ({entry.address}) is planned but does not exist" + _in(entry)
    if entry.kind == "unmanaged":
        return f"{name} exists{_in(entry)} but is in no planned source"
    paths = ", ".join(a.path for a in entry.attributes)
    return f"{name} ({entry.address}) differs from the plan: {paths}"


def _in(entry: DriftEntry) -> str:
    return f" in {entry.region}" if entry.region else ""


def not_compared_lines(result: DriftResult) -> list[str]:
    """`3 aws_instance: identity not known before apply (...)`, one line a reason."""
    from iacscan.drift.result import NOT_COMPARED_REASONS

    lines = []
    for reason, text in NOT_COMPARED_REASONS.items():
        counts = result.not_compared.get(reason)
        if counts:
            listed = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
            lines.append(f"{listed}: {text}")
    if result.unmanaged_not_judged:
        listed = ", ".join(f"{n} {t}" for t, n in sorted(result.unmanaged_not_judged.items()))
        lines.append(
            f"{listed}: live, but not judged unmanaged (a planned resource of the type has no "
            "known identity)"
        )
    return lines


def summary_text(result: DriftResult) -> str:
    counts = result.counts()
    security = sum(1 for e in result.entries if e.kind == "changed" and e.security)
    head = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    if security:
        head += f" ({security} security-relevant)"
    parts = [
        head,
        f"{result.planned_count} planned ({result.matched} matched), {result.live_count} live",
    ]
    if result.ignored:
        parts.append(f"{result.ignored} ignored")
    not_compared = sum(sum(c.values()) for c in result.not_compared.values())
    if not_compared:
        parts.append(f"{not_compared} not compared")
    if result.inventory_errors:
        parts.append(f"{len(result.inventory_errors)} inventory errors")
    return ", ".join(parts)
