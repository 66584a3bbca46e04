"""The check catalogue as users read it: `iacscan checks list` and `iacscan checks show`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from iacscan.check import CheckMeta


def meta_as_dict(meta: CheckMeta) -> dict[str, Any]:
    return {
        "id": meta.id,
        "name": meta.name,
        "title": meta.title,
        "severity": meta.severity.value,
        "category": meta.category,
        "frameworks": [f.value for f in meta.frameworks],
        "resource_types": {f.value: list(types) for f, types in meta.targets.items()},
        "compliance": {k: list(v) for k, v in meta.compliance.items()},
        "equivalents": {k: list(v) for k, v in meta.equivalents.items()},
        "aliases": list(meta.aliases),
        "references": list(meta.references),
    }


def catalog_json(metas: Sequence[CheckMeta]) -> str:
    return json.dumps([meta_as_dict(m) for m in metas], indent=2) + "\n"


def catalog_text(metas: Sequence[CheckMeta]) -> str:
    if not metas:
        return "No checks match.\n"
    width = max(len(m.id) for m in metas)
    lines = [
        f"{m.id:<{width}}  {m.severity.value:<8}  {','.join(f.value for f in m.frameworks):<28}"
        f"  {m.title}"
        for m in metas
    ]
    lines.append(f"\n{len(metas)} checks. `iacscan checks show ID` explains one.")
    return "\n".join(lines) + "\n"


def describe(meta: CheckMeta) -> str:
    targets = "; ".join(f"{f.value}: {', '.join(t)}" for f, t in meta.targets.items())
    parts = [
        f"{meta.id}  {meta.name}",
        f"{meta.title}",
        f"Severity: {meta.severity.value}    Category: {meta.category}",
        f"Applies to: {targets}",
    ]
    if meta.compliance:
        parts.append(
            "Compliance: " + "; ".join(f"{k} {', '.join(v)}" for k, v in meta.compliance.items())
        )
    if meta.equivalents:
        parts.append(
            "Equivalent ids: "
            + "; ".join(f"{k} {', '.join(v)}" for k, v in meta.equivalents.items())
        )
    parts.extend(["", meta.description, "", "## How to fix", meta.remediation])
    if meta.references:
        parts.extend(["", "## References", *(f"- {r}" for r in meta.references)])
    return "\n".join(parts).rstrip() + "\n"
