"""Drift as SARIF 2.1.0: one rule a drift kind, one result a drifted resource.

A missing or changed resource points at where it is planned: its block in the IaC, or the
resource in the state or plan file (relative to `%SRCROOT%`). An unmanaged resource has no
planned place: it points at its live URI (`aws://us-east-1/aws_iam_role/ops`, line 1). With
`--check`, the live posture findings share the run (rendered by the scan SARIF reporter, their
live URIs made absolute again).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote, unquote

from iacscan.drift.result import DriftEntry, DriftResult
from iacscan.report.drift_common import describe, value_text
from iacscan.report.options import ReportOptions

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "iacscan-drift/v1"

# Drift kind -> (rule id, rule name, title, explanation).
RULES = {
    "missing": (
        "IAC-DRIFT-001",
        "resource-missing",
        "Planned resource does not exist",
        "A resource the plan or state describes was not found in the cloud: it was "
        "deleted out of band, or never created.",
    ),
    "unmanaged": (
        "IAC-DRIFT-002",
        "resource-unmanaged",
        "Live resource is not in any planned source",
        "A resource exists in the cloud that no state, plan or "
        "IaC describes: created by hand, or by a tool nobody reviews.",
    ),
    "changed": (
        "IAC-DRIFT-003",
        "resource-changed",
        "Live resource differs from the plan",
        "Attributes of a resource were changed out of band (e.g. an ingress rule "
        "added in the console, encryption or versioning turned off).",
    ),
}


def render(result: DriftResult, options: ReportOptions) -> str:
    document = _base(result, options)
    run = document["runs"][0]
    rules = run["tool"]["driver"].setdefault("rules", [])
    offset = len(rules)
    rules.extend(_rule(kind) for kind in RULES)
    indexes = {kind: offset + i for i, kind in enumerate(RULES)}
    results = [_result(e, indexes[e.kind]) for e in result.sorted_entries()]
    run["results"] = results + run.get("results", [])
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def _base(result: DriftResult, options: ReportOptions) -> dict[str, Any]:
    """The posture findings' SARIF when there are some, else an empty run."""
    if result.posture is not None:
        from iacscan.report import sarif

        document: dict[str, Any] = json.loads(sarif.render(result.posture, options))
        for item in document["runs"][0].get("results", []):
            for where in item.get("locations", []):
                _absolute_live_uri(where.get("physicalLocation", {}))
        return document
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "iacscan",
                "version": options.tool_version,
                "informationUri": options.information_uri,
            }
        },
        "invocations": [
            {"executionSuccessful": not result.inventory_errors and not result.planned_errors}
        ],
        "columnKind": "unicodeCodePoints",
    }
    if result.root is not None and result.root.is_absolute():
        run["originalUriBaseIds"] = {SRCROOT: {"uri": result.root.as_uri().rstrip("/") + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _absolute_live_uri(physical: dict[str, Any]) -> None:
    """The scan reporter writes every file relative to %SRCROOT%; a live URI is absolute."""
    artifact = physical.get("artifactLocation", {})
    uri = unquote(str(artifact.get("uri", "")))
    if "://" in uri:
        artifact["uri"] = uri
        artifact.pop("uriBaseId", None)


def _rule(kind: str) -> dict[str, Any]:
    rule_id, name, title, text = RULES[kind]
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": text},
        "help": {"text": f"{text} Compare with `iacscan drift`; see docs/drift.md."},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["security", "drift"], "precision": "high"},
    }


def _result(entry: DriftEntry, rule_index: int) -> dict[str, Any]:
    rule_id = RULES[entry.kind][0]
    message = describe(entry)
    details = [
        f"{a.path}: planned {value_text(a.planned)}, live {value_text(a.live)}"
        for a in entry.attributes
    ]
    if details:
        message += ". " + "; ".join(details)
    key = "\x1f".join((entry.kind, entry.resource_type, entry.id, entry.address))
    return {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": "error" if entry.security else "warning",
        "message": {"text": message},
        "locations": [_location(entry)],
        "partialFingerprints": {FINGERPRINT_KEY: hashlib.sha256(key.encode()).hexdigest()[:32]},
        "properties": {
            "drift": entry.kind,
            "resourceType": entry.resource_type,
            "id": entry.id,
            "region": entry.region,
            "attributes": [
                {"path": a.path, "planned": a.planned, "live": a.live, "security": a.security}
                for a in entry.attributes
            ],
        },
    }


def _location(entry: DriftEntry) -> dict[str, Any]:
    if entry.kind == "unmanaged":
        artifact: dict[str, Any] = {"uri": entry.live_uri or entry.file}
    else:
        artifact = {"uri": quote(entry.file, safe="/"), "uriBaseId": SRCROOT}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if entry.line > 0:
        physical["region"] = {"startLine": entry.line}
    logical = {
        "fullyQualifiedName": entry.address or f"{entry.resource_type}.{entry.id}",
        "kind": "resource",
    }
    return {"physicalLocation": physical, "logicalLocations": [logical]}
