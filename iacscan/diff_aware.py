"""Diff-aware mode: keep only findings on lines changed since a git ref, or in changed resources.

`git diff --unified=0` against the merge base of REF and HEAD (what a pull request changes; REF
itself when there is no common history, e.g. in a shallow clone) gives the changed lines of every
file; untracked files count as changed throughout. A finding is kept when its own lines overlap a
change, or when its resource's span does (editing any line of a resource re-judges all of it);
a deletion counts as a change at the line it happened after. git runs as a subprocess with a
fixed argument list, never through a shell.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from iacscan.findings import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
_GIT_TIMEOUT = 120


class DiffError(Exception):
    """git is missing, the folder is not a repository, or the ref is unknown."""


@dataclass(frozen=True, slots=True)
class Changes:
    """Changed lines per file (paths relative to the scan root). `deleted_after` holds the
    lines after which lines were removed; `whole` files are changed on every line."""

    lines: Mapping[str, frozenset[int]] = field(default_factory=dict)
    deleted_after: Mapping[str, frozenset[int]] = field(default_factory=dict)
    whole: frozenset[str] = frozenset()

    def overlaps(self, file: str, start: int, end: int, *, deletions: bool = False) -> bool:
        if file in self.whole:
            return True
        changed = self.lines.get(file, frozenset())
        if deletions:
            changed = changed | self.deleted_after.get(file, frozenset())
        return any(start <= line <= end for line in changed)

    def keeps(self, finding: Finding) -> bool:
        resource = finding.resource
        return self.overlaps(finding.file, finding.start_line, finding.end_line) or self.overlaps(
            resource.file, resource.span.line, resource.span.end_line, deletions=True
        )

    def touches(self, file: str) -> bool:
        return file in self.whole or file in self.lines or file in self.deleted_after


def focus(findings: Iterable[Finding], changes: Changes) -> tuple[list[Finding], int]:
    """The findings diff-aware mode keeps, and how many it hid."""
    kept, hidden = [], 0
    for finding in findings:
        if changes.keeps(finding):
            kept.append(finding)
        else:
            hidden += 1
    return kept, hidden


def parse_diff(text: str) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """Added or modified lines, and deletion points, per file of a `--unified=0` diff."""
    lines: dict[str, set[int]] = defaultdict(set)
    deleted: dict[str, set[int]] = defaultdict(set)
    current: str | None = None
    for raw in text.splitlines():
        if raw.startswith("+++ "):
            current = _diff_path(raw[4:])
        elif raw.startswith("@@") and current is not None:
            match = _HUNK.match(raw)
            if not match:
                continue
            start = int(match["start"])
            count = int(match["count"]) if match["count"] is not None else 1
            if count == 0:
                deleted[current].add(start)
            else:
                lines[current].update(range(start, start + count))
    return (
        {k: frozenset(v) for k, v in lines.items()},
        {k: frozenset(v) for k, v in deleted.items()},
    )


def _diff_path(text: str) -> str | None:
    text = text.rstrip("\t")
    if text == "/dev/null":
        return None
    if text.startswith('"') and text.endswith('"'):
        # git quotes unusual names C-style (octal escapes for bytes).
        raw = text[1:-1].encode("latin-1").decode("unicode_escape").encode("latin-1")
        text = raw.decode("utf-8", errors="replace")
    return text[2:] if text.startswith("b/") else text


def git_changes(root: Path, base: str) -> Changes:
    """What changed under `root` since `base`, with paths relative to `root`."""
    if base.startswith("-"):
        raise DiffError(f"--diff-base {base!r}: a git ref cannot start with '-'")
    _git(root, "rev-parse", "--show-toplevel")
    resolved = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", what=base)
    target = resolved.strip()
    # Without common history (shallow clone, unrelated refs) the diff is against REF itself.
    with contextlib.suppress(DiffError):
        target = _git(root, "merge-base", target, "HEAD").strip() or target
    diff = _git(
        root, "diff", "--unified=0", "--no-color", "--no-ext-diff",
        "--no-renames", "--relative", target, "--",
    )  # fmt: skip
    lines, deleted = parse_diff(diff)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    whole = frozenset(name for name in untracked.split("\0") if name)
    return Changes(lines, deleted, whole)


def _git(root: Path, *args: str, what: str = "") -> str:
    try:
        completed = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise DiffError("--diff-base needs git, which is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} took longer than {_GIT_TIMEOUT} s") from None
    if completed.returncode != 0:
        if what:
            raise DiffError(
                f"--diff-base: {what!r} is not a commit in {root} (fetch it first, e.g. "
                f"`git fetch origin {what}`, or check out with full history)"
            )
        detail = completed.stderr.strip().splitlines()
        raise DiffError(f"git {args[0]} failed in {root}: {detail[-1] if detail else 'error'}")
    return completed.stdout
