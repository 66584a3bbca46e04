"""Plain-text tables of the benchmark figures (pure functions of the results dictionary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.outputs import FRAMEWORKS


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [title]
    for n, row in enumerate([header, *rows]):
        cells = [
            str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i])
            for i, c in enumerate(row)
        ]
        lines.append("  " + "   ".join(cells).rstrip())
        if n == 0:
            lines.append("  " + "   ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _ratio(ours: float, theirs: float | None) -> str:
    if theirs is None or ours <= 0:
        return "-"
    return f"{theirs / ours:.1f}x"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def timing_table(title: str, iacscan: dict[str, float], checkov: dict[str, float] | None) -> str:
    rows = []
    for key, label, digits in (
        ("wall_s", "wall time (s)", 2),
        ("cpu_s", "CPU time, user+sys (s)", 2),
        ("peak_rss_mib", "peak RSS (MiB)", 0),
    ):
        theirs = checkov[key] if checkov else None
        rows.append(
            [label, _num(iacscan[key], digits), _num(theirs, digits), _ratio(iacscan[key], theirs)]
        )
    return _table(title, ["", "iacscan", "Checkov", "Checkov / iacscan"], rows)


def findings_table(iacscan: dict[str, Any], checkov: dict[str, Any] | None) -> str:
    def row(label: str, get: Any) -> list[str]:
        return [label, f"{get(iacscan):,}", f"{get(checkov):,}" if checkov else "-"]

    rows = [row("findings, total", lambda s: s["findings"])]
    rows += [row(f"  {fw}", lambda s, fw=fw: s["by_framework"].get(fw, 0)) for fw in FRAMEWORKS]
    rows += [
        row("files read / with results (1)", lambda s: s["files"]),
        row("resources", lambda s: s["resources"]),
        row("parse errors", lambda s: s["parse_errors"]),
        row("checks (2)", lambda s: s["checks"]),
    ]
    note = (
        "  (1) iacscan: files scanned; Checkov: files with at least one checked resource\n"
        "  (2) iacscan: checks run; Checkov: distinct check ids that passed or failed\n"
    )
    return (
        _table("Findings (from each tool's JSON report)", ["", "iacscan", "Checkov"], rows) + note
    )


def scales_table(scales: Sequence[dict[str, Any]]) -> str:
    rows = [
        [
            f"{s['files']:,}",
            _num(s["median"]["wall_s"]),
            _num(s["seconds_per_1000_files"], 3),
            _num(s["median"]["cpu_s"]),
            _num(s["cpu_seconds_per_1000_files"], 3),
            _num(s["median"]["peak_rss_mib"], 0),
        ]
        for s in scales
    ]
    header = [
        "files",
        "wall (s)",
        "s per 1,000 files",
        "CPU (s)",
        "CPU s per 1,000",
        "peak RSS (MiB)",
    ]
    return _table("iacscan alone at each scale (median of runs)", header, rows)


def startup_table(startup: dict[str, Any]) -> str:
    rows = [
        [name, _num(figures["wall_s"], 3), _num(figures["peak_rss_mib"], 0)]
        for name, figures in startup.items()
    ]
    return _table("Start-up (`--version`, median)", ["", "wall (s)", "peak RSS (MiB)"], rows)


def corpus_line(corpus: dict[str, Any]) -> str:
    files = corpus.get("files") or {}
    parts = ", ".join(f"{k} {v}" for k, v in files.items())
    total = sum(files.values()) if files else corpus.get("total_files", "?")
    seed = f", seed {corpus['seed']}" if corpus.get("seed") is not None else ""
    detail = f" ({parts})" if parts else ""
    units = corpus.get("units") or {}
    insecure = sum((corpus.get("insecure_units") or {}).values())
    mix = f"; {insecure} of {sum(units.values())} units misconfigured" if units else ""
    return f"Corpus: {corpus['root']}: {total} files{detail}{seed}{mix}\n"
