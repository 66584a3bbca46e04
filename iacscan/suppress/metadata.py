"""Suppressions in resource metadata, for JSON formats that have no comments.

CloudFormation (YAML or JSON), in the resource's `Metadata`:

    Metadata:
      iacscan:
        ignore:
          - id: IAC-AWS-S3-001
            reason: public website
            until: 2027-01-31
      checkov:                       # Checkov's own form is honoured too
        skip:
          - id: CKV_AWS_20
            comment: public website

ARM, in the resource's `metadata` object (Resource Manager ignores it):
`"metadata": {"iacscan": {"ignore": [{"id": "...", "reason": "...", "until": "..."}]}}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from iacscan.graph.model import Framework, Resource
from iacscan.suppress.model import Directive, Scope


def metadata_of(resource: Resource) -> Any:
    if resource.framework is Framework.CLOUDFORMATION:
        return resource.meta.get("Metadata")
    if resource.framework is Framework.ARM:
        return resource.attributes.get("metadata")
    return None


def metadata_directives(resources: Iterable[Resource]) -> Iterator[Directive]:
    for resource in resources:
        metadata = metadata_of(resource)
        if isinstance(metadata, dict):
            yield from _from_metadata(resource, metadata)


def _from_metadata(resource: Resource, metadata: dict[str, Any]) -> Iterator[Directive]:
    line = resource.spans.get(("metadata",), resource.span).line
    ours = metadata.get("iacscan")
    entries = ours.get("ignore") if isinstance(ours, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        yield _entry(resource, line, entry, "metadata", "reason")
    checkov = metadata.get("checkov")
    skips = checkov.get("skip") if isinstance(checkov, dict) else None
    for entry in skips if isinstance(skips, list) else ():
        yield _entry(resource, line, entry, "checkov", "comment")


def _entry(resource: Resource, line: int, entry: Any, source: str, reason_key: str) -> Directive:
    if not isinstance(entry, dict):
        return Directive(
            resource.file, line, source, (), scope=Scope.RESOURCE, resource_id=resource.id,
            problem="an ignore entry must be a mapping with `id`, `reason` and `until`",
        )  # fmt: skip
    check_id = entry.get("id")
    until, problem = _date(entry.get("until"))
    if not isinstance(check_id, str) or not check_id.strip():
        problem = "an ignore entry needs an `id`"
    reason = entry.get(reason_key)
    return Directive(
        resource.file,
        line,
        source,
        (check_id.strip(),) if isinstance(check_id, str) and check_id.strip() else (),
        reason=reason.strip() if isinstance(reason, str) else "",
        until=until,
        by=entry["by"] if isinstance(entry.get("by"), str) else "",
        scope=Scope.RESOURCE,
        resource_id=resource.id,
        problem=problem,
    )


def _date(value: Any) -> tuple[date | None, str]:
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    try:
        return date.fromisoformat(str(value).strip()), ""
    except ValueError:
        return None, f"expiry {value!r} is not a date; write YYYY-MM-DD"
