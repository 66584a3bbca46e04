"""Checks judged in forked processes give the report one process gives, and a child that
crashes or dies loses nothing."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.engine import run_checks
from iacscan.execution import ExecutionOptions, check_shards
from iacscan.findings import Finding
from iacscan.graph import Framework, Resource, ResourceGraph, Span
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PARENT = os.getpid()


def _rows(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [
        (f.check.id, f.resource.id, f.file, f.start_line, f.end_line, f.message, f.path)
        for f in findings
    ]


def test_a_scan_on_two_processes_reports_what_one_process_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checks = load_checks()
    one = scan(
        [FIXTURES], ScanConfig(root=FIXTURES, checks=checks, execution=ExecutionOptions(jobs=1))
    )
    monkeypatch.setattr(check_shards, "MIN_RESOURCES", 1)
    spread = scan(
        [FIXTURES], ScanConfig(root=FIXTURES, checks=checks, execution=ExecutionOptions(jobs=2))
    )
    assert len(one.findings) > 500
    assert _rows(spread.findings) == _rows(one.findings)
    assert spread.stats.resources_checked == one.stats.resources_checked
    assert [e.message for e in spread.errors] == [e.message for e in one.errors]


def test_shards_share_the_work_and_keep_every_check() -> None:
    checks = load_checks()
    graph = ResourceGraph(_buckets(40) + _queues(10))
    shards = check_shards.split_by_work(checks, graph, 3)
    assert sorted(c.meta.id for shard in shards for c in shard) == sorted(c.meta.id for c in checks)
    assert all(shards)


def _buckets(count: int) -> list[Resource]:
    return [
        _resource(f"aws_s3_bucket.b{i}", "aws_s3_bucket", acl="public-read") for i in range(count)
    ]


def _queues(count: int) -> list[Resource]:
    return [
        _resource(f"aws_sqs_queue.q{i}", "aws_sqs_queue", acl="public-read") for i in range(count)
    ]


def _resource(address: str, type_: str, **attributes: object) -> Resource:
    return Resource(
        id=f"main.tf::{address}",
        address=address,
        framework=Framework.TERRAFORM,
        type=type_,
        name=address,
        file="main.tf",
        span=Span(1, 9),
        attributes=dict(attributes),
        spans={("acl",): Span(4, 4)},
    )


def _check(check_id: str, type_: str, fn: object) -> Check:
    return check(
        id=check_id,
        name=check_id.lower(),
        title=check_id,
        severity=Severity.HIGH,
        category="test",
        targets={Framework.TERRAFORM: [type_]},
        remediation="fix it",
    )(fn)  # type: ignore[arg-type]


def flag_acl(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    if resource.get("acl") == "public-read":
        yield Violation(at=resource.field("acl"), message="public")


def die_in_a_child(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    if os.getpid() != PARENT:
        os._exit(7)  # as a segmentation fault or the out-of-memory killer would
    yield Violation(at=resource.field("acl"), message="judged by the parent")


def raise_in_a_child(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    raise KeyError(f"boom in {'the parent' if os.getpid() == PARENT else 'a child'}")


def _spread(
    checks: list[Check], graph: ResourceGraph, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Finding], list[str], Counter[str]]:
    monkeypatch.setattr(check_shards, "MIN_RESOURCES", 1)
    visited: Counter[str] = Counter()
    findings, errors = check_shards.run_checks_on_cpus(checks, graph, 2, visited=visited)
    return findings, [e.message for e in errors], visited


def test_a_child_that_dies_costs_no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Work decides the shards: the bucket check (40 visits) stays in the parent, the queue
    # check (10 visits) goes to the child, which dies.
    graph = ResourceGraph(_buckets(40) + _queues(10))
    checks = [
        _check("IAC-TEST-A-001", "aws_s3_bucket", flag_acl),
        _check("IAC-TEST-B-001", "aws_sqs_queue", die_in_a_child),
    ]
    findings, errors, visited = _spread(checks, graph, monkeypatch)
    assert errors == []
    assert Counter(f.check.id for f in findings) == {"IAC-TEST-A-001": 40, "IAC-TEST-B-001": 10}
    assert {f.message for f in findings if f.check.id == "IAC-TEST-B-001"} == {
        "judged by the parent"
    }
    assert visited == {"IAC-TEST-A-001": 40, "IAC-TEST-B-001": 10}


def test_a_check_that_raises_in_a_child_is_reported_as_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = ResourceGraph(_buckets(40) + _queues(2))
    checks = [
        _check("IAC-TEST-A-001", "aws_s3_bucket", flag_acl),
        _check("IAC-TEST-B-001", "aws_sqs_queue", raise_in_a_child),
    ]
    findings, errors, _ = _spread(checks, graph, monkeypatch)
    single, single_errors = run_checks(checks, graph)
    assert _rows(findings) == _rows(single)
    assert len(errors) == 2
    assert all("check IAC-TEST-B-001 failed on aws_sqs_queue.q" in m for m in errors)
    assert all("boom in a child" in m for m in errors)
    assert all("boom in the parent" in e.message for e in single_errors)
