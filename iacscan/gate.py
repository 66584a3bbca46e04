"""The exit code a scan ends with: what a merge gate acts on."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from iacscan.check import Severity
from iacscan.findings import ScanResult


class ExitCode(IntEnum):
    CLEAN = 0
    """No finding at or above --fail-on, and every IaC file was read."""
    FINDINGS = 1
    """At least one finding at or above --fail-on."""
    USAGE = 2
    """Bad command line, configuration or check folder."""
    UNREADABLE = 3
    """An IaC file could not be read or parsed: results are incomplete, so the gate fails
    closed (takes precedence over FINDINGS)."""


EXIT_CODE_HELP = (
    "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on; "
    "2 usage or configuration error; 3 a file that looks like IaC could not be read or parsed "
    "(the results are incomplete; takes precedence over 1)."
)


def exit_code(result: ScanResult, fail_on: Severity | Callable[[str], Severity]) -> ExitCode:
    """`fail_on` is one threshold, or one per file (per-path overrides in the config).
    Suppressed findings, findings a baseline holds and findings outside the diff are not in
    `result.findings`, so they never count."""
    if any(e.kind != "check" for e in result.errors):
        return ExitCode.UNREADABLE
    threshold = fail_on if callable(fail_on) else (lambda _file: fail_on)
    if any(f.severity.rank >= threshold(f.file).rank for f in result.findings):
        return ExitCode.FINDINGS
    return ExitCode.CLEAN
