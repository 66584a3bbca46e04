"""Drift as JSON. The `drift` list has one entry a drifted resource:

    {"kind": "changed", "resource_type": "aws_security_group", "id": "sg-0abc",
     "address": "aws_security_group.web", "region": "us-east-1", "security": true,
     "attributes": [{"path": "ingress", "planned": null, "live": {...}, "security": true}],
     "file": "terraform.tfstate", "line": 40, "live_uri": "aws://us-east-1/..."}

With `--check`, `posture` holds the live findings in the scan JSON format (docs/drift.md).
"""

from __future__ import annotations

import json
from typing import Any

from iacscan.drift.result import NOT_COMPARED_REASONS, DriftEntry, DriftResult
from iacscan.report.options import ReportOptions

SCHEMA_VERSION = "1"


def render(result: DriftResult, options: ReportOptions) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "iacscan", "version": options.tool_version},
        "planned": {"kind": result.planned_kind, "source": result.planned_source},
        "live": {
            "provider": result.provider,
            "account": result.account,
            "regions": list(result.regions),
            "taken_at": result.taken_at,
        },
        "summary": _summary(result),
        "drift": [entry_document(e) for e in result.sorted_entries()],
        "inventory_errors": [
            {
                "service": e.service,
                "region": e.region,
                "operation": e.operation,
                "code": e.code,
                "message": e.message,
                "types": list(e.types),
            }
            for e in result.inventory_errors
        ],
        "planned_errors": [
            {"file": e.file, "line": e.line, "message": e.message, "kind": e.kind}
            for e in result.planned_errors
        ],
        "posture": _posture(result, options),
    }
    return json.dumps(document, indent=2, ensure_ascii=True, default=str) + "\n"


def _summary(result: DriftResult) -> dict[str, Any]:
    return {
        **result.counts(),
        "drifted": len(result.entries),
        "security_relevant": sum(1 for e in result.entries if e.security),
        "planned": result.planned_count,
        "matched": result.matched,
        "live": result.live_count,
        "ignored": result.ignored,
        "not_compared": {
            reason: dict(sorted(result.not_compared[reason].items()))
            for reason in NOT_COMPARED_REASONS
            if result.not_compared.get(reason)
        },
        "unmanaged_not_judged": dict(sorted(result.unmanaged_not_judged.items())),
        "inventory_errors": len(result.inventory_errors),
        "seconds": round(result.seconds, 3),
    }


def entry_document(entry: DriftEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "resource_type": entry.resource_type,
        "id": entry.id,
        "address": entry.address,
        "region": entry.region,
        "security": entry.security,
        "attributes": [
            {"path": a.path, "planned": a.planned, "live": a.live, "security": a.security}
            for a in entry.attributes
        ],
        "file": entry.file,
        "line": entry.line,
        "live_uri": entry.live_uri,
    }


def _posture(result: DriftResult, options: ReportOptions) -> Any:
    if result.posture is None:
        return None
    from iacscan.report import json_report

    document = json.loads(json_report.render(result.posture, options))
    return {key: document[key] for key in ("summary", "findings", "errors")}
