"""Read both scanners' JSON reports into the same small summary, so finding counts can be
compared side by side."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FRAMEWORKS = ("terraform", "cloudformation", "arm", "kubernetes")


@dataclass(frozen=True)
class FindingSummary:
    """`files` counts files the tool read (iacscan) or files with at least one checked resource
    (Checkov, whose report has no per-file count); `checks` counts distinct checks that ran."""

    findings: int
    by_framework: dict[str, int] = field(default_factory=dict)
    files: int = 0
    resources: int = 0
    parse_errors: int = 0
    checks: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ReportError(ValueError):
    """A scanner's output is not the JSON report the benchmark expects."""


def _load(path: Path, skip_leading_lines: bool = False) -> Any:
    """The JSON document in `path`. With `skip_leading_lines`, lines before the first one that
    opens a document are dropped: Checkov prints some check crashes ("'NoneType' object is not
    iterable") on stdout, ahead of its report."""
    try:
        text = path.read_text(encoding="utf-8")
        if skip_leading_lines:
            start = re.search(r"^[\[{]", text, re.MULTILINE)
            text = text[start.start() :] if start else text
        return json.loads(text)
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: not a JSON report ({exc})") from exc


def iacscan_summary(path: Path) -> FindingSummary:
    report = _load(path)
    try:
        summary = report["summary"]
        by_framework = Counter(f["framework"] for f in report["findings"])
        return FindingSummary(
            findings=int(summary["findings"]),
            by_framework={k: by_framework.get(k, 0) for k in FRAMEWORKS},
            files=int(summary["files_scanned"]),
            resources=int(summary["resources"]),
            parse_errors=sum(1 for e in report["errors"] if e["kind"] != "eval"),
            checks=int(summary["checks_run"]),
        )
    except (KeyError, TypeError) as exc:
        raise ReportError(f"{path}: unexpected iacscan report layout ({exc})") from exc


def checkov_summary(path: Path) -> FindingSummary:
    """Checkov prints one report object per framework as a list, a single object when only
    one framework had results, and a bare summary when nothing was found at all."""
    report = _load(path, skip_leading_lines=True)
    reports = report if isinstance(report, list) else [report]
    by_framework: Counter[str] = Counter()
    files: set[str] = set()
    checks: set[str] = set()
    resources = parse_errors = 0
    try:
        for item in reports:
            if "check_type" not in item:  # the empty-run summary
                continue
            results = item.get("results", {})
            failed = results.get("failed_checks", [])
            by_framework[item["check_type"]] += len(failed)
            for result in failed + results.get("passed_checks", []):
                files.add(f"{item['check_type']}:{result['file_path']}")
                checks.add(result["check_id"])
            resources += int(item["summary"].get("resource_count", 0))
            parse_errors += int(item["summary"].get("parsing_errors", 0))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReportError(f"{path}: unexpected Checkov report layout ({exc})") from exc
    return FindingSummary(
        findings=sum(by_framework.values()),
        by_framework={k: by_framework.get(k, 0) for k in FRAMEWORKS},
        files=len(files),
        resources=resources,
        parse_errors=parse_errors,
        checks=len(checks),
    )
