"""Runs checks over the graph and turns their violations into findings.

Each check visits only the resources of the types it targets (the graph indexes them once). A
check that raises becomes a reported error naming the check and the resource; the run goes on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from iacscan.check import ANY_TYPE, Check, CheckContext, Violation
from iacscan.findings import Finding
from iacscan.frameworks.base import FileError
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Resource


def resources_for(check: Check, graph: ResourceGraph) -> Iterator[Resource]:
    """The resources a check targets, each once: `*` stands for every resource (kind
    `resource`) of a framework, beside named type keys such as `variable` or `provider.aws`."""
    seen: set[str] = set()
    for framework, type_keys in check.meta.targets.items():
        for type_key in type_keys:
            if type_key == ANY_TYPE:
                candidates: Iterable[Resource] = (
                    r for r in graph if r.framework == framework and r.kind == "resource"
                )
            else:
                candidates = graph.of_type(framework, type_key)
            for resource in candidates:
                if resource.id not in seen:
                    seen.add(resource.id)
                    yield resource


def to_finding(check: Check, resource: Resource, violation: Violation) -> Finding:
    at = violation.at
    if isinstance(at, Field):
        span, where, path = at.span, at.resource, at.path
    else:
        span, where, path = at.span, at, ()
    return Finding(
        check=check.meta,
        resource=resource,
        file=where.file,
        start_line=span.line,
        end_line=span.end_line,
        message=violation.message,
        path=path,
    )


def run_checks(
    checks: Sequence[Check],
    graph: ResourceGraph,
    settings: Mapping[str, Any] | None = None,
    visited: Counter[str] | None = None,
) -> tuple[list[Finding], list[FileError]]:
    """Findings and check errors; `visited`, when given, counts the resources each check
    judged."""
    findings, errors = judge(checks, graph, settings, visited)
    return deduplicate(findings), errors


def judge(
    checks: Sequence[Check],
    graph: ResourceGraph,
    settings: Mapping[str, Any] | None = None,
    visited: Counter[str] | None = None,
) -> tuple[list[Finding], list[FileError]]:
    """Every check on every resource it targets: findings in check order, not deduplicated."""
    context = CheckContext(graph=graph, settings=settings or {})
    findings: list[Finding] = []
    errors: list[FileError] = []
    for check in checks:
        for resource in resources_for(check, graph):
            if visited is not None:
                visited[check.meta.id] += 1
            try:
                violations: Iterable[Violation] = list(check.run(resource, context))
            except Exception as exc:  # a broken check must not abort the scan
                errors.append(
                    FileError(
                        resource.file,
                        resource.span.line,
                        f"check {check.meta.id} failed on {resource.address}: "
                        f"{type(exc).__name__}: {exc}",
                        kind="check",
                    )
                )
                continue
            findings.extend(to_finding(check, resource, v) for v in violations)
    return findings, errors


def deduplicate(findings: list[Finding]) -> list[Finding]:
    """Each finding once, in report order (file, line, check, resource)."""
    seen: set[tuple[str, str, str, int, str]] = set()
    unique = []
    for f in findings:
        key = (f.check.id, f.resource.id, f.file, f.start_line, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return sorted(unique, key=lambda f: (f.file, f.start_line, f.check.id, f.resource.address))
