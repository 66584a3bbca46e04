"""Small helpers shared by the reporters: stable ordering, wording and remediation hints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from iacscan.findings import Finding
from iacscan.frameworks.base import FileError

_FENCES = ("```", "~~~")


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by file, line and check id; the remaining keys only make the order total."""
    return sorted(
        findings,
        key=lambda f: (
            f.file,
            f.start_line,
            f.check.id,
            f.resource.address,
            f.end_line,
            f.attribute,
            f.message,
        ),
    )


def sorted_errors(errors: Iterable[FileError]) -> list[FileError]:
    return sorted(errors, key=lambda e: (e.file, e.line, e.column, e.kind, e.message))


def frameworks_by_count(files_scanned: Mapping[str, int]) -> list[tuple[str, int]]:
    """Frameworks with at least one file, the most files first, then by name."""
    items = [(name, count) for name, count in files_scanned.items() if count > 0]
    return sorted(items, key=lambda item: (-item[1], item[0]))


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`, `0 errors`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def first_paragraph(text: str) -> str:
    """The first prose paragraph of markdown text, joined into one line. Headings, code (fenced
    or indented) and blank lines are skipped, so a remediation's corrected snippet never becomes
    the one-line fix and a sentence wrapped over two lines is not cut in half."""
    in_fence = False
    words: list[str] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith(_FENCES):
            in_fence = not in_fence
        prose = not (
            in_fence or stripped.startswith((*_FENCES, "#")) or raw.startswith(("    ", "\t"))
        )
        if stripped and prose:
            words.append(stripped)
        elif words:
            break
    return " ".join(words)
