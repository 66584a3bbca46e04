"""The exit code a scan ends with: what a merge gate acts on."""

from __future__ import annotations

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


def exit_code(result: ScanResult, fail_on: Severity) -> ExitCode:
    if any(e.kind != "check" for e in result.errors):
        return ExitCode.UNREADABLE
    if any(f.severity.rank >= fail_on.rank for f in result.findings):
        return ExitCode.FINDINGS
    return ExitCode.CLEAN
