"""Inline suppressions: parsing every syntax, placement rules, the gate's policy, metadata."""

from __future__ import annotations

from datetime import date

import pytest

from iacscan.check import CheckMeta, Severity
from iacscan.findings import Finding
from iacscan.graph.model import Framework, Resource, Span
from iacscan.suppress.apply import (
    Outcome,
    SuppressionPolicy,
    apply_suppressions,
    collect_directives,
    names_check,
)
from iacscan.suppress.comments import directives_in
from iacscan.suppress.model import Directive, Scope, Status

TODAY = date(2026, 6, 1)
S3 = CheckMeta(
    id="IAC-AWS-S3-001",
    name="s3-bucket-public-read",
    title="public bucket",
    severity=Severity.HIGH,
    category="storage",
    targets={Framework.TERRAFORM: ("aws_s3_bucket",)},
    description="",
    remediation="",
    equivalents={
        "checkov": ("CKV_AWS_20",),
        "tfsec": ("aws-s3-no-public-access-with-acl",),
        "trivy": ("AVD-AWS-0092",),
    },
)
VERSIONING = CheckMeta(
    id="IAC-AWS-S3-004",
    name="s3-bucket-versioning-disabled",
    title="no versioning",
    severity=Severity.LOW,
    category="storage",
    targets={Framework.TERRAFORM: ("aws_s3_bucket",)},
    description="",
    remediation="",
    equivalents={"checkov": ("CKV_AWS_21",)},
)

MAIN_TF = """\
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = "public-read"
  versioning {
    enabled = false
  }
}
"""


DEFAULT_SPAN = Span(1, 7)


def _bucket(file: str = "main.tf", span: Span = DEFAULT_SPAN, **kw: object) -> Resource:
    return Resource(
        id=f"{file}::aws_s3_bucket.logs", address="aws_s3_bucket.logs",
        framework=Framework.TERRAFORM, type="aws_s3_bucket", name="logs", file=file,
        span=span, attributes={}, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def _findings(resource: Resource | None = None, acl_line: int = 3) -> list[Finding]:
    bucket = resource or _bucket()
    return [
        Finding(S3, bucket, bucket.file, acl_line, acl_line, "public ACL", ("acl",)),
        Finding(VERSIONING, bucket, bucket.file, acl_line + 2, acl_line + 2, "off", ("v",)),
    ]


def _run(
    text: str,
    policy: SuppressionPolicy | None = None,
    resource: Resource | None = None,
    acl_line: int = 3,
) -> Outcome:
    sources = {"main.tf": text}
    directives = collect_directives(sources, [resource] if resource else [])
    policy = policy or SuppressionPolicy(today=TODAY)
    return apply_suppressions(_findings(resource, acl_line), directives, sources, policy)


def _insert(after: int, line: str, text: str = MAIN_TF) -> str:
    lines = text.splitlines(keepends=True)
    lines.insert(after, line + "\n")
    return "".join(lines)


# --- parsing -------------------------------------------------------------------------------


def test_our_syntax_with_reason_expiry_and_author() -> None:
    text = '  acl = "x" # iacscan:ignore IAC-AWS-S3-001, IAC-AWS-S3-004 reason="static site, ok" until=2027-01-31 by=alice\n'  # noqa: E501
    assert directives_in("m.tf", text) == [
        Directive("m.tf", 1, "iacscan", ("IAC-AWS-S3-001", "IAC-AWS-S3-004"),
                  reason="static site, ok", until=date(2027, 1, 31), by="alice"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("// iacscan:ignore s3-bucket-public-read reason='single quotes'",
         Directive("f", 1, "iacscan", ("s3-bucket-public-read",), reason="single quotes")),
        ("#checkov:skip=CKV_AWS_20:The bucket hosts a public website",
         Directive("f", 1, "checkov", ("CKV_AWS_20",), reason="The bucket hosts a public website",
                   scope=Scope.BLOCK)),
        ("  # checkov:skip=CKV_AWS_20", Directive("f", 1, "checkov", ("CKV_AWS_20",),
                                                 scope=Scope.BLOCK)),
        ("#tfsec:ignore:aws-s3-no-public-access-with-acl:exp:2025-01-01",
         Directive("f", 1, "tfsec", ("aws-s3-no-public-access-with-acl",),
                   until=date(2025, 1, 1))),
        ("#trivy:ignore:AVD-AWS-0092", Directive("f", 1, "trivy", ("AVD-AWS-0092",))),
        ("# iacscan:ignore", Directive("f", 1, "iacscan", (), problem=(
            'names no check: write `iacscan:ignore CHECK_ID reason="..."`'))),
        ("# iacscan:ignore X until=soon colour=red", Directive("f", 1, "iacscan", ("X",), problem=(
            "unknown key 'colour' (use reason, until, by); "
            "expiry 'soon' is not a date; write YYYY-MM-DD"))),
    ],
)  # fmt: skip
def test_each_syntax(line: str, expected: Directive) -> None:
    assert directives_in("f", line + "\n") == [expected]


def test_several_foreign_ignores_on_one_line_and_lookalikes() -> None:
    text = "#tfsec:ignore:aws-a tfsec:ignore:aws-b:exp:2030-02-03\n# iacscan:ignored X\n"
    assert [(d.ids, d.until) for d in directives_in("f", text)] == [
        (("aws-a",), None),
        (("aws-b",), date(2030, 2, 3)),
    ]


def test_names_check_uses_each_scanners_vocabulary() -> None:
    def d(source: str, check_id: str) -> Directive:
        return Directive("f", 1, source, (check_id,))

    assert names_check(d("iacscan", "iac-aws-s3-001"), S3)
    assert names_check(d("iacscan", "CKV_AWS_20"), S3)  # ours accept equivalents too
    assert names_check(d("checkov", "CKV_AWS_20"), S3)
    assert not names_check(d("checkov", "IAC-AWS-S3-001"), S3)
    assert not names_check(d("checkov", "aws-s3-no-public-access-with-acl"), S3)
    assert names_check(d("tfsec", "aws-s3-no-public-access-with-acl"), S3)
    assert names_check(d("trivy", "AVD-AWS-0092"), S3)
    assert names_check(d("trivy", "aws-s3-no-public-access-with-acl"), S3)


# --- placement -----------------------------------------------------------------------------


def _suppressed(outcome: Outcome) -> list[tuple[str, int]]:
    return [(f.check.id, f.suppression.line) for f in outcome.suppressed if f.suppression]


@pytest.mark.parametrize(
    ("after", "comment", "expected"),
    [
        # a comment line directly above the finding
        (2, '# iacscan:ignore IAC-AWS-S3-001 reason="r"', [("IAC-AWS-S3-001", 3)]),
        # line above the header: the whole resource
        (0, '# iacscan:ignore IAC-AWS-S3-001,IAC-AWS-S3-004 reason="r"',
         [("IAC-AWS-S3-001", 1), ("IAC-AWS-S3-004", 1)]),
        # checkov anywhere inside the block
        (5, "    #checkov:skip=CKV_AWS_21:fine", [("IAC-AWS-S3-004", 6)]),
        # tfsec above the attribute
        (2, "  #tfsec:ignore:aws-s3-no-public-access-with-acl", [("IAC-AWS-S3-001", 3)]),
        # a different check's id suppresses nothing
        (2, '  # iacscan:ignore IAC-AWS-EC2-002 reason="r"', []),
    ],
)  # fmt: skip
def test_placement(after: int, comment: str, expected: list[tuple[str, int]]) -> None:
    text = _insert(after, comment)
    shift = 1 if after < 3 else 0
    outcome = _run(text, acl_line=3 + shift, resource=_bucket(span=Span(1 + (after == 0), 8)))
    assert _suppressed(outcome) == expected
    assert len(outcome.active) + len(outcome.suppressed) == 2


def test_trailing_comment_on_the_line() -> None:
    text = MAIN_TF.replace('"public-read"', '"public-read" # iacscan:ignore IAC-AWS-S3-001')
    outcome = _run(text)
    assert _suppressed(outcome) == [("IAC-AWS-S3-001", 3)]
    assert [f.check.id for f in outcome.active] == ["IAC-AWS-S3-004"]


def test_stacked_comments_above_a_line_all_apply_but_code_breaks_the_chain() -> None:
    text = (
        '# iacscan:ignore IAC-AWS-S3-001 reason="a"\n'
        '# iacscan:ignore IAC-AWS-S3-004 reason="b"\n' + MAIN_TF
    )
    outcome = _run(text, acl_line=5, resource=_bucket(span=Span(3, 9)))
    assert _suppressed(outcome) == [("IAC-AWS-S3-001", 1), ("IAC-AWS-S3-004", 2)]
    # A trailing comment on the code line above the finding does not reach down.
    text = MAIN_TF.replace('"logs"\n', '"logs" # iacscan:ignore IAC-AWS-S3-001\n', 1)
    assert _suppressed(_run(text)) == []


def test_hcl_double_slash_comment_in_header() -> None:
    text = MAIN_TF.replace("{\n", '{ // iacscan:ignore IAC-AWS-S3-004 reason="archive"\n', 1)
    assert _suppressed(_run(text)) == [("IAC-AWS-S3-004", 1)]


# --- policy --------------------------------------------------------------------------------

ABOVE_ACL = '  # iacscan:ignore IAC-AWS-S3-001 reason="website" until=2026-12-31'


def test_no_reason_suppresses_with_a_notice() -> None:
    outcome = _run(_insert(2, "  # iacscan:ignore IAC-AWS-S3-001"), acl_line=4)
    assert _suppressed(outcome) == [("IAC-AWS-S3-001", 3)]
    assert [(n.file, n.line, n.kind) for n in outcome.notices] == [("main.tf", 3, "suppression")]
    assert "without a reason" in outcome.notices[0].message
    assert outcome.uses[0].statuses == (Status.NO_REASON, Status.IN_USE)


def test_expired_suppression_no_longer_suppresses_and_says_so() -> None:
    text = _insert(2, ABOVE_ACL)
    outcome = _run(text, SuppressionPolicy(today=date(2027, 1, 1)), acl_line=4)
    assert outcome.suppressed == []
    assert [n.message for n in outcome.notices] == [
        "suppression of IAC-AWS-S3-001 expired on 2026-12-31; the finding is reported again "
        "(fix it, or renew the suppression with a new date)"
    ]
    assert outcome.uses[0].statuses == (Status.EXPIRED,)
    # On its last day it still holds.
    assert _suppressed(_run(text, SuppressionPolicy(today=date(2026, 12, 31)), acl_line=4)) == [
        ("IAC-AWS-S3-001", 3)
    ]


@pytest.mark.parametrize(
    ("policy", "comment", "message"),
    [
        (SuppressionPolicy(enabled=False, today=TODAY), ABOVE_ACL,
         "suppression ignored: inline suppressions are turned off by the configuration"),
        (SuppressionPolicy(require_reason=True, today=TODAY),
         "  # iacscan:ignore IAC-AWS-S3-001 until=2026-12-31",
         'suppression ignored: the configuration requires a reason (add reason="...")'),
        (SuppressionPolicy(require_expiry=True, today=TODAY),
         '  # iacscan:ignore IAC-AWS-S3-001 reason="x"',
         "suppression ignored: the configuration requires an expiry (add until=YYYY-MM-DD)"),
        (SuppressionPolicy(mandatory=("CKV_AWS_20",), today=TODAY), ABOVE_ACL,
         "suppression ignored: IAC-AWS-S3-001 is a mandatory check and cannot be suppressed"),
    ],
)  # fmt: skip
def test_gate_rejections(policy: SuppressionPolicy, comment: str, message: str) -> None:
    outcome = _run(_insert(2, comment), policy, acl_line=4)
    assert outcome.suppressed == []
    assert [f.check.id for f in outcome.active] == ["IAC-AWS-S3-001", "IAC-AWS-S3-004"]
    assert [(n.line, n.message) for n in outcome.notices] == [(3, message)]
    assert outcome.uses[0].statuses[0] is Status.REJECTED


def test_mandatory_check_rejected_but_another_check_still_suppressed() -> None:
    text = '# iacscan:ignore IAC-AWS-S3-001,IAC-AWS-S3-004 reason="r"\n' + MAIN_TF
    policy = SuppressionPolicy(mandatory=("IAC-AWS-S3-001",), today=TODAY)
    outcome = _run(text, policy, acl_line=4, resource=_bucket(span=Span(2, 8)))
    assert _suppressed(outcome) == [("IAC-AWS-S3-004", 1)]
    assert [f.check.id for f in outcome.active] == ["IAC-AWS-S3-001"]


def test_invalid_and_unused_directives_are_reported() -> None:
    text = _insert(7, "# iacscan:ignore IAC-AWS-S3-001 until=someday\n# iacscan:ignore X reason=y")
    outcome = _run(text)
    assert outcome.suppressed == []
    assert [(u.directive.line, u.statuses) for u in outcome.uses] == [
        (8, (Status.INVALID, Status.UNUSED, Status.NO_REASON)),
        (9, (Status.UNUSED,)),
    ]
    assert [n.line for n in outcome.notices] == [8]


# --- metadata ------------------------------------------------------------------------------


def _cfn_bucket(metadata: object) -> Resource:
    return Resource(
        id="t.yaml::Logs", address="Logs", framework=Framework.CLOUDFORMATION,
        type="AWS::S3::Bucket", name="Logs", file="t.yaml", span=Span(4, 12),
        attributes={}, meta={"Metadata": metadata},
    )  # fmt: skip


def test_cloudformation_metadata_ours_and_checkov() -> None:
    bucket = _cfn_bucket({
        "iacscan": {"ignore": [{"id": "IAC-AWS-S3-001", "reason": "site", "until": "2027-01-31"}]},
        "checkov": {"skip": [{"id": "CKV_AWS_21", "comment": "logs are immutable"}]},
    })  # fmt: skip
    findings = [
        Finding(S3, bucket, "t.yaml", 9, 9, "public", ("AccessControl",)),
        Finding(VERSIONING, bucket, "t.yaml", 4, 12, "off"),
    ]
    directives = collect_directives({}, [bucket])
    outcome = apply_suppressions(findings, directives, {}, SuppressionPolicy(today=TODAY))
    assert [(f.check.id, f.suppression.source, f.suppression.reason, f.suppression.until)
            for f in outcome.suppressed] == [
        ("IAC-AWS-S3-001", "metadata", "site", date(2027, 1, 31)),
        ("IAC-AWS-S3-004", "checkov", "logs are immutable", None),
    ]  # fmt: skip
    assert {d.line for d in directives} == {4}


def test_arm_metadata_and_bad_entries() -> None:
    account = Resource(
        id="a.json::sa", address="Microsoft.Storage/storageAccounts/sa", framework=Framework.ARM,
        type="Microsoft.Storage/storageAccounts", name="sa", file="a.json", span=Span(10, 30),
        attributes={"metadata": {"iacscan": {"ignore": [
            {"id": "IAC-AZURE-STORAGE-001", "reason": "r"}, "oops", {"reason": "no id"},
            {"id": "X", "until": "never"}]}}},
        spans={("metadata",): Span(12, 16)},
    )  # fmt: skip
    directives = collect_directives({}, [account])
    assert [(d.line, d.ids, d.problem) for d in directives] == [
        (12, ("IAC-AZURE-STORAGE-001",), ""),
        (12, (), "an ignore entry must be a mapping with `id`, `reason` and `until`"),
        (12, (), "an ignore entry needs an `id`"),
        (12, ("X",), "expiry 'never' is not a date; write YYYY-MM-DD"),
    ]
    assert all(d.scope is Scope.RESOURCE and d.resource_id == "a.json::sa" for d in directives)


def test_a_directive_refused_for_one_check_still_serves_another_and_says_so() -> None:
    text = '# iacscan:ignore IAC-AWS-S3-001,IAC-AWS-S3-004 reason="r"\n' + MAIN_TF
    policy = SuppressionPolicy(mandatory=("IAC-AWS-S3-001",), today=TODAY)
    outcome = _run(text, policy, acl_line=4, resource=_bucket(span=Span(2, 8)))
    assert [(n.line, n.message) for n in outcome.notices] == [
        (1, "suppression ignored: IAC-AWS-S3-001 is a mandatory check and cannot be suppressed")
    ]
    assert outcome.uses[0].statuses == (Status.REJECTED, Status.IN_USE)
