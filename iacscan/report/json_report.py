"""Machine-readable JSON output. The schema is documented in docs/output-formats.md and pinned
by iacscan/report/json_schema.json; bump `SCHEMA_VERSION` on any incompatible change."""

from __future__ import annotations

import dataclasses
from typing import Any

from iacscan.findings import Finding, ScanResult
from iacscan.frameworks.base import FileError
from iacscan.report.common import sorted_errors, sorted_findings
from iacscan.report.compliance_view import json_documents
from iacscan.report.json_text import dumps_indented
from iacscan.report.options import ReportOptions
from iacscan.suppress.model import Directive

SCHEMA_VERSION = "1"


def render(result: ScanResult, options: ReportOptions) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "iacscan", "version": options.tool_version},
        "summary": _summary(result),
        "findings": [_finding(f) for f in sorted_findings(result.findings)],
        "suppressed": [_finding(f) for f in sorted_findings(result.suppressed)],
        "errors": [_problem(e) for e in sorted_errors(result.errors)],
        "notices": [_problem(n) for n in sorted_errors(result.notices)],
        "baseline": _baseline(result),
        "diff": {"base": result.diff.base, "hidden": result.diff.hidden} if result.diff else None,
        "compliance": json_documents(result.compliance),
    }
    # ASCII-only output survives any terminal or pipe encoding; key order is fixed by the code.
    return dumps_indented(document) + "\n"


def _summary(result: ScanResult) -> dict[str, Any]:
    stats = result.stats
    return {
        "findings": len(result.findings),
        "by_severity": result.counts_by_severity(),
        "files_scanned": sum(stats.files_scanned.values()),
        "files_by_framework": {k: v for k, v in sorted(stats.files_scanned.items()) if v > 0},
        "files_skipped": stats.files_skipped,
        "resources": stats.resources,
        "errors": len(result.errors),
        "checks_run": stats.checks_run,
        "seconds": round(stats.seconds, 3),
        "suppressed": len(result.suppressed),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    check = finding.check
    resource = finding.resource
    document: dict[str, Any] = {
        "check_id": check.id,
        "check_name": check.name,
        "title": check.title,
        "severity": finding.severity.value,
        "base_severity": finding.base_severity.value,
        "severity_context": finding.context,
        "framework": resource.framework.value,
        "resource": resource.address,
        "resource_type": resource.type,
        "file": finding.file,
        "start_line": finding.start_line,
        "end_line": finding.end_line,
        "attribute": finding.attribute,
        "message": finding.message,
        "remediation": check.remediation,
        "fingerprint": finding.fingerprint,
        "compliance": {k: list(v) for k, v in sorted(check.compliance.items())},
        "equivalents": {k: list(v) for k, v in sorted(check.equivalents.items())},
    }
    call = resource.meta.get("module_call")
    if isinstance(call, dict):
        # The module block this resource was created through: where a fix may belong.
        document["module_call"] = {k: call.get(k) for k in ("address", "file", "line")}
    if finding.suppression is not None:
        document["suppressed"] = True
        document["suppression"] = _suppression(finding.suppression)
    return document


def _suppression(directive: Directive) -> dict[str, Any]:
    return {
        "source": directive.source,
        "file": directive.file,
        "line": directive.line,
        "ids": list(directive.ids),
        "reason": directive.reason,
        "until": directive.until.isoformat() if directive.until else None,
        "by": directive.by,
    }


def _baseline(result: ScanResult) -> dict[str, Any] | None:
    if result.baseline is None:
        return None
    fixed = sorted(result.baseline.fixed, key=lambda e: (e.file, e.check_id, e.resource))
    return {
        "file": result.baseline.file,
        "known": len(result.baseline.known),
        "fixed": [dataclasses.asdict(entry) for entry in fixed],
    }


def _problem(problem: FileError) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "kind": problem.kind,
        "message": problem.message,
    }
