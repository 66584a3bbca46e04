"""`iacscan suppressions`: every suppression in a tree and how it fares.

A security team reads this to see what is silenced, why, by whom and until when: suppressions in
use, unused ones (they match no finding: stale or mistyped), expired ones, ones without a reason,
ones the gate rejects, and malformed ones.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from iacscan.suppress.model import DirectiveUse, Status

PROBLEMS = frozenset(Status) - {Status.IN_USE}


def sorted_uses(uses: Sequence[DirectiveUse]) -> list[DirectiveUse]:
    return sorted(uses, key=lambda u: (u.directive.file, u.directive.line, u.directive.ids))


def has_problems(uses: Sequence[DirectiveUse]) -> bool:
    return any(PROBLEMS.intersection(use.statuses) for use in uses)


def render_text(uses: Sequence[DirectiveUse]) -> str:
    lines = []
    for use in sorted_uses(uses):
        d = use.directive
        ids = ",".join(d.ids) or "(no check)"
        status = ", ".join(s.value for s in use.statuses)
        details = [f'reason="{d.reason}"' if d.reason else "no reason"]
        if d.until:
            details.append(f"until {d.until}")
        if d.by:
            details.append(f"by {d.by}")
        lines.append(f"{d.where}: {status}: {d.source} {ids} ({'; '.join(details)})")
        for check_id, resource in use.matched:
            lines.append(f"    matches {check_id} on {resource}")
        lines.extend(f"    {note}" for note in use.notes)
    counts = Counter(s.value for use in uses for s in use.statuses)
    summary = ", ".join(f"{counts[s.value]} {s.value}" for s in Status if counts[s.value])
    total = len(uses)
    noun = "suppression" if total == 1 else "suppressions"
    lines.append(f"{total} {noun}" + (f": {summary}" if summary else ""))
    return "".join(f"{line}\n" for line in lines)


def render_json(uses: Sequence[DirectiveUse]) -> str:
    counts = Counter(s.value for use in uses for s in use.statuses)
    document = {
        "summary": {"suppressions": len(uses), **{s.value: counts[s.value] for s in Status}},
        "suppressions": [_use(use) for use in sorted_uses(uses)],
    }
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _use(use: DirectiveUse) -> dict[str, Any]:
    d = use.directive
    return {
        "file": d.file,
        "line": d.line,
        "source": d.source,
        "ids": list(d.ids),
        "reason": d.reason,
        "until": d.until.isoformat() if d.until else None,
        "by": d.by,
        "statuses": [s.value for s in use.statuses],
        "matches": [{"check_id": c, "resource": r} for c, r in use.matched],
        "notes": list(use.notes),
    }
