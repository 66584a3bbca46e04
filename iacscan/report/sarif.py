"""SARIF 2.1.0 output for code-scanning services, built with sarif-om.

sarif-om is imported inside `render` only: the CLI must not pay for it unless SARIF is asked.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from iacscan.check import CheckMeta, Severity
from iacscan.findings import Finding, ScanResult
from iacscan.frameworks.base import FileError
from iacscan.report.common import first_paragraph, sorted_errors, sorted_findings
from iacscan.report.json_text import dumps_indented
from iacscan.report.options import ReportOptions
from iacscan.report.sarif_json import to_json
from iacscan.suppress.model import Directive

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "iacscan/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning buckets these: >= 9.0 critical, >= 7.0 high, >= 4.0 medium, > 0 low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def render(result: ScanResult, options: ReportOptions) -> str:
    import sarif_om as om

    checks = _rule_checks(result)
    rule_index = {check.id: i for i, check in enumerate(checks)}
    driver = om.ToolComponent(
        name="iacscan",
        version=options.tool_version,
        information_uri=options.information_uri,
        rules=[_rule(check) for check in checks],
    )
    notifications = [_notification(e, "error") for e in sorted_errors(result.errors)]
    notifications += [_notification(n, "note") for n in sorted_errors(result.notices)]
    run = om.Run(
        tool=om.Tool(driver=driver),
        results=[_result(f, rule_index[f.check.id]) for f in sorted_findings(result.findings)]
        + [_result(f, rule_index[f.check.id]) for f in sorted_findings(result.suppressed)],
        invocations=[
            om.Invocation(
                execution_successful=not result.errors,
                tool_execution_notifications=notifications or None,
            )
        ],
        original_uri_base_ids={SRCROOT: _root_location(result)},
        column_kind="unicodeCodePoints",
    )
    log = om.SarifLog(runs=[run], version=SARIF_VERSION)
    serialised = to_json(log)
    # `$schema` and `version` first, as readers of the raw file expect.
    document = {"$schema": SARIF_SCHEMA, "version": serialised.pop("version"), **serialised}
    return dumps_indented(document) + "\n"


def _rule_checks(result: ScanResult) -> list[CheckMeta]:
    """Every check that ran, plus any check a finding names, once each, ordered by id."""
    by_id = {check.id: check for check in result.checks}
    for finding in [*result.findings, *result.suppressed]:
        by_id.setdefault(finding.check.id, finding.check)
    return [by_id[key] for key in sorted(by_id)]


def _rule(check: CheckMeta) -> Any:
    import sarif_om as om

    description = check.description or check.title
    tags = list(dict.fromkeys(["security", check.category, *(f.value for f in check.frameworks)]))
    return om.ReportingDescriptor(
        id=check.id,
        name=check.name,
        deprecated_ids=list(check.aliases) or None,
        short_description=om.MultiformatMessageString(text=check.title),
        full_description=om.MultiformatMessageString(
            text=first_paragraph(description) or check.title
        ),
        help=om.MultiformatMessageString(
            text=_help_text(description, check), markdown=_help_markdown(description, check)
        ),
        help_uri=check.references[0] if check.references else None,
        default_configuration=om.ReportingConfiguration(level=LEVELS[check.severity]),
        properties={
            "security-severity": SECURITY_SEVERITY[check.severity],
            "tags": [tag for tag in tags if tag],
            "precision": "high",
        },
    )


def _help_text(description: str, check: CheckMeta) -> str:
    parts = [description, f"Remediation:\n{check.remediation}"]
    if check.references:
        parts.append("References:\n" + "\n".join(check.references))
    return "\n\n".join(parts)


def _help_markdown(description: str, check: CheckMeta) -> str:
    parts = [description, f"## Remediation\n\n{check.remediation}"]
    if check.references:
        parts.append("## References\n\n" + "\n".join(f"- <{ref}>" for ref in check.references))
    return "\n\n".join(parts)


def _result(finding: Finding, rule_index: int) -> Any:
    import sarif_om as om

    resource = finding.resource
    logical = [
        om.LogicalLocation(
            name=resource.name or None,
            fully_qualified_name=resource.address,
            kind="resource",
        )
    ]
    if resource.module:
        # The Terraform module call the resource was created through (module.logs[0]).
        logical.append(om.LogicalLocation(fully_qualified_name=resource.module, kind="module"))
    location = om.Location(
        physical_location=_physical_location(finding.file, finding.start_line, finding.end_line),
        logical_locations=logical,
    )
    return om.Result(
        rule_id=finding.check.id,
        rule_index=rule_index,
        level=LEVELS[finding.severity],
        message=om.Message(text=finding.message),
        locations=[location],
        partial_fingerprints={FINGERPRINT_KEY: finding.fingerprint},
        suppressions=[_suppression(finding.suppression)] if finding.suppression else None,
    )


def _suppression(directive: Directive) -> Any:
    """An accepted in-source suppression; code-scanning services show the result as dismissed."""
    import sarif_om as om

    justification = directive.reason or "no reason given"
    if directive.until:
        justification += f" (until {directive.until.isoformat()})"
    properties: dict[str, Any] = {"source": directive.source}
    if directive.by:
        properties["by"] = directive.by
    location = _physical_location(directive.file, directive.line, directive.line)
    return om.Suppression(
        kind="inSource",
        justification=justification,
        location=om.Location(physical_location=location),
        properties=properties,
    )


def _notification(problem: FileError, level: str) -> Any:
    import sarif_om as om

    location = _physical_location(problem.file, problem.line, problem.line, problem.column)
    return om.Notification(
        message=om.Message(text=problem.message),
        level=level,
        locations=[om.Location(physical_location=location)],
        properties={"kind": problem.kind},
    )


# `display_path` writes each byte of a file name that is not UTF-8 (always >= 0x80) as `\xNN`.
_ESCAPED_BYTE = re.compile(rb"\\x([89a-f][0-9a-f])")


def file_uri(file: str) -> str:
    """A relative URI for a reported path; a name that is not UTF-8 gets its own bytes back,
    percent-encoded, so the URI still names the file on disk (`caf\\xe9` -> `caf%E9`)."""
    raw = _ESCAPED_BYTE.sub(lambda m: bytes([int(m.group(1), 16)]), file.encode("utf-8"))
    return quote(raw, safe="/")


def _physical_location(file: str, start_line: int, end_line: int, column: int = 0) -> Any:
    """A file relative to %SRCROOT%; the region only when the line is known (SARIF lines are
    1-based, so 0 means "somewhere in the file")."""
    import sarif_om as om

    region = None
    if start_line > 0:
        region = om.Region(
            start_line=start_line,
            end_line=max(end_line, start_line),
            start_column=column if column > 0 else None,
        )
    artifact = om.ArtifactLocation(uri=file_uri(file), uri_base_id=SRCROOT)
    return om.PhysicalLocation(artifact_location=artifact, region=region)


def _root_location(result: ScanResult) -> Any:
    """The scan root as a file URI ending in `/`, as SARIF requires for a base id. A relative
    root has no absolute URI without asking the file system, so it is only described."""
    import sarif_om as om

    if result.root.is_absolute():
        return om.ArtifactLocation(uri=result.root.as_uri().rstrip("/") + "/")
    return om.ArtifactLocation(description=om.Message(text="The folder iacscan scanned."))
