"""Parse one unit in this process; whatever goes wrong becomes errors on the unit's files."""

from __future__ import annotations

from iacscan.execution.deadline import ParseTimeout, time_limit
from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit
from iacscan.frameworks.registry import adapter_for


def parse_unit(unit: ScanUnit, options: ParseOptions) -> ParseResult:
    """Parse one unit; an adapter bug becomes an error on the unit's files, not a crash."""
    adapter = adapter_for(unit.framework)
    try:
        return adapter.parse(unit, options)
    except RecursionError:
        message = "the file is nested too deeply to read; it is skipped"
        return ParseResult(errors=failure_errors(unit, message, kind="limit"))
    except Exception as exc:
        return ParseResult(errors=internal_errors(unit, f"{type(exc).__name__}: {exc}"))


def parse_unit_within(unit: ScanUnit, options: ParseOptions, seconds: float) -> ParseResult:
    """`parse_unit` under a SIGALRM time limit (see `deadline`): the caller checked
    `alarm_usable()`. The adapter is imported before the clock starts."""
    adapter_for(unit.framework)
    try:
        with time_limit(budget(unit, seconds)):
            return parse_unit(unit, options)
    except ParseTimeout:
        return ParseResult(errors=timeout_errors(unit, seconds))


def parse_in_process(unit: ScanUnit, options: ParseOptions, seconds: float | None) -> ParseResult:
    """`parse_unit_within` when there is a limit (the caller checked `alarm_usable()`), else
    `parse_unit`."""
    if seconds is None:
        return parse_unit(unit, options)
    return parse_unit_within(unit, options, seconds)


def budget(unit: ScanUnit, seconds: float) -> float:
    """The time a unit may take: `seconds` for each of its files."""
    return seconds * max(1, len(unit.files))


def timeout_errors(unit: ScanUnit, seconds: float) -> list[FileError]:
    if len(unit.files) > 1:
        took = (
            f"the Terraform module in {unit.directory} took longer than "
            f"{budget(unit, seconds):g} s to parse ({seconds:g} s a file)"
        )
    else:
        took = f"parsing took longer than {seconds:g} s"
    message = f"{took}; the file is skipped (raise the limit with --parse-timeout)"
    return failure_errors(unit, message, kind="limit")


def internal_errors(unit: ScanUnit, detail: str) -> list[FileError]:
    message = (
        f"internal error while parsing ({detail}); the file is skipped: please report it to "
        "the iacscan maintainers"
    )
    return failure_errors(unit, message, kind="internal")


def failure_errors(unit: ScanUnit, message: str, kind: str) -> list[FileError]:
    """The same error on every file of the unit: none of them was scanned."""
    files = [source.rel for source in unit.files] or [unit.directory]
    return [FileError(rel, 0, message, kind=kind) for rel in files]
