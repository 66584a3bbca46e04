from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.engine import run_checks
from iacscan.graph import Framework, Resource, ResourceGraph, Span


def make(
    address: str, type_: str, framework: Framework = Framework.TERRAFORM, **attributes: object
) -> Resource:
    return Resource(
        id=f"main.tf::{address}",
        address=address,
        framework=framework,
        type=type_,
        name=address,
        file="main.tf",
        span=Span(1, 9),
        attributes=dict(attributes),
        spans={("acl",): Span(4, 4)},
    )


def make_check(targets: dict[Framework, list[str]], fn: object) -> Check:
    return check(
        id="IAC-TEST-X-001",
        name="test-check",
        title="Test check",
        severity=Severity.HIGH,
        category="test",
        targets=targets,
        remediation="fix it",
    )(fn)  # type: ignore[arg-type]


def flag_acl(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    if resource.get("acl") == "public-read":
        yield Violation(at=resource.field("acl"), message="public")


def test_check_visits_only_targeted_types_and_points_at_the_attribute() -> None:
    bucket = make("aws_s3_bucket.a", "aws_s3_bucket", acl="public-read")
    queue = make("aws_sqs_queue.q", "aws_sqs_queue", acl="public-read")
    graph = ResourceGraph([bucket, queue])
    findings, errors = run_checks(
        [make_check({Framework.TERRAFORM: ["aws_s3_bucket"]}, flag_acl)], graph
    )
    assert errors == []
    assert [(f.resource.address, f.file, f.start_line, f.attribute) for f in findings] == [
        ("aws_s3_bucket.a", "main.tf", 4, "acl")
    ]


def test_wildcard_target_visits_every_resource_of_the_framework() -> None:
    graph = ResourceGraph(
        [
            make("aws_s3_bucket.a", "aws_s3_bucket", acl="public-read"),
            make("aws_sqs_queue.q", "aws_sqs_queue", acl="public-read"),
            make("Bucket", "AWS::S3::Bucket", Framework.CLOUDFORMATION, acl="public-read"),
        ]
    )
    findings, _ = run_checks([make_check({Framework.TERRAFORM: ["*"]}, flag_acl)], graph)
    assert sorted(f.resource.address for f in findings) == ["aws_s3_bucket.a", "aws_sqs_queue.q"]


def test_a_crashing_check_becomes_an_error_and_the_run_goes_on() -> None:
    def broken(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        raise KeyError("boom")

    graph = ResourceGraph([make("aws_s3_bucket.a", "aws_s3_bucket", acl="public-read")])
    findings, errors = run_checks(
        [make_check({Framework.TERRAFORM: ["aws_s3_bucket"]}, broken)], graph
    )
    assert findings == []
    assert len(errors) == 1
    assert errors[0].kind == "check"
    assert "IAC-TEST-X-001 failed on aws_s3_bucket.a" in errors[0].message


def test_violation_on_a_whole_resource_uses_its_span() -> None:
    def whole(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        yield Violation(at=resource, message="missing setting")

    graph = ResourceGraph([make("aws_s3_bucket.a", "aws_s3_bucket")])
    findings, _ = run_checks([make_check({Framework.TERRAFORM: ["aws_s3_bucket"]}, whole)], graph)
    assert [(f.start_line, f.end_line, f.path) for f in findings] == [(1, 9, ())]


def test_fingerprint_ignores_lines() -> None:
    bucket = make("aws_s3_bucket.a", "aws_s3_bucket", acl="public-read")
    moved = make("aws_s3_bucket.a", "aws_s3_bucket", acl="public-read")
    moved.spans[("acl",)] = Span(40, 40)
    the_check = make_check({Framework.TERRAFORM: ["aws_s3_bucket"]}, flag_acl)
    first, _ = run_checks([the_check], ResourceGraph([bucket]))
    second, _ = run_checks([the_check], ResourceGraph([moved]))
    assert first[0].start_line != second[0].start_line
    assert first[0].fingerprint == second[0].fingerprint
