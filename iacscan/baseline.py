"""Baselines: accept today's findings, fail only on new ones.

`iacscan baseline create` records the current findings by fingerprint (check id, resource
address, file and attribute path: no line numbers, so moved or reformatted code keeps matching).
A scan with `--baseline FILE` reports only findings the baseline does not hold, and lists the
recorded ones that are gone. Fingerprints are counted, not just collected, so a second identical
finding next to a recorded one is still new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacscan.atomic import write_text_atomic
from iacscan.findings import BaselineComparison, Finding, RecordedFinding

BASELINE_VERSION = "1"
DEFAULT_BASELINE = ".iacscan-baseline.json"


@dataclass(frozen=True, slots=True)
class Baseline:
    """A loaded baseline: the file as the user named it and its recorded findings."""

    file: str
    entries: tuple[RecordedFinding, ...]


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names the file and what to do."""


def record(finding: Finding) -> RecordedFinding:
    return RecordedFinding(
        fingerprint=finding.fingerprint,
        check_id=finding.check.id,
        resource=finding.resource.address,
        file=finding.file,
        attribute=finding.attribute,
        severity=finding.severity.value,
        message=finding.message,
    )


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline document: entries sorted so a re-created baseline diffs cleanly."""
    entries = sorted(
        (record(f) for f in findings),
        key=lambda e: (e.file, e.resource, e.check_id, e.attribute, e.fingerprint),
    )
    document = {
        "version": BASELINE_VERSION,
        "tool": "iacscan",
        "findings": [
            {
                "fingerprint": e.fingerprint,
                "check_id": e.check_id,
                "resource": e.resource,
                "file": e.file,
                "attribute": e.attribute,
                "severity": e.severity,
                "message": e.message,
            }
            for e in entries
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    write_text_atomic(path, render_baseline(findings))


def load_baseline(path: Path) -> Baseline:
    hint = "create one with `iacscan baseline create -o FILE`"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found; {hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}; {hint}") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(
            f"{path}: not an iacscan baseline of version {BASELINE_VERSION}; {hint}"
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: `findings` must be a list; {hint}")
    return Baseline(
        str(path), tuple(_entry(path, index, item) for index, item in enumerate(entries))
    )


def _entry(path: Path, index: int, item: Any) -> RecordedFinding:
    if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
        raise BaselineError(f"{path}: findings[{index}] has no fingerprint")
    text = {key: str(item.get(key, "")) for key in ("check_id", "resource", "file", "attribute")}
    return RecordedFinding(
        fingerprint=item["fingerprint"],
        severity=str(item.get("severity", "")),
        message=str(item.get("message", "")),
        **text,
    )


def compare(
    findings: list[Finding], baseline: Baseline, still_present: Iterable[Finding] = ()
) -> tuple[list[Finding], BaselineComparison]:
    """Split findings into new ones and ones the baseline knows; `fixed` holds recorded entries
    matched by neither `findings` nor `still_present` (e.g. findings now suppressed inline)."""
    available = Counter(entry.fingerprint for entry in baseline.entries)
    new: list[Finding] = []
    comparison = BaselineComparison(file=baseline.file)
    for finding in findings:
        if available[finding.fingerprint] > 0:
            available[finding.fingerprint] -= 1
            comparison.known.append(finding)
        else:
            new.append(finding)
    for finding in still_present:
        if available[finding.fingerprint] > 0:
            available[finding.fingerprint] -= 1
    for entry in baseline.entries:
        if available[entry.fingerprint] > 0:
            available[entry.fingerprint] -= 1
            comparison.fixed.append(entry)
    return new, comparison
