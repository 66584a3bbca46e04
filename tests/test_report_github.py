"""`-o github`: workflow-command annotations, escaping, GitHub's per-level and per-job limits."""

from __future__ import annotations

import dataclasses

from iacscan.check import Severity
from iacscan.findings import DiffScope, Finding
from iacscan.report import ReportOptions, render_report
from iacscan.report.github import command, escape_data, escape_property
from tests.report_support import LOGS, S3_PUBLIC, findings, replace_findings, sample_result

OPTIONS = ReportOptions(tool_version="1.2.3")


def test_sample_report_most_severe_first_then_a_closing_notice() -> None:
    assert render_report("github", sample_result(), OPTIONS).splitlines() == [
        "::error file=k8s/broken.yaml,line=4,col=7,title=iacscan could not check this file"
        "::mapping values are not allowed here",
        "::error file=main.tf,line=17,endLine=17,title=IAC-AWS-EC2-002 SSH open to the internet "
        "[critical]::ingress 0 allows port 22 from 0.0.0.0/0 (aws_security_group.bastion)%0A"
        "fix: Restrict `cidr_blocks` to your office or VPN range.",
        "::error file=main.tf,line=5,endLine=5,title=IAC-AWS-S3-001 S3 bucket readable by anyone "
        '[high]::canned ACL "public-read" grants public read (aws_s3_bucket.logs)%0A'
        'fix: Set `acl` to "private" and grant access through a bucket policy.',
        "::warning file=k8s/cart deploy.yaml,line=21,endLine=21,title=IAC-K8S-POD-003 Privileged "
        "container [medium]::container cart runs privileged (Deployment/shop/cart)%0A"
        "fix: Set `securityContext.privileged` to false.",
        "::notice file=main.tf,line=3,endLine=8,title=IAC-AWS-S3-004 S3 bucket without versioning "
        "[low]::versioning is not enabled (aws_s3_bucket.logs)%0Afix: Enable versioning on the "
        "bucket.",
        "::notice file=k8s/cart deploy.yaml,line=19,endLine=19,title=IAC-K8S-IMG-005 Image tagged "
        'latest [info]::image "shop/cart:latest" uses the latest tag (Deployment/shop/cart)%0A'
        "fix: Pin the image to a digest or a version tag.",
        "::notice title=iacscan summary::iacscan: 5 findings (1 critical, 1 high, 1 medium, 1 low, "
        "1 info), 1 error; 6 annotations shown here. The job summary lists every finding.",
    ]


def test_escaping_follows_the_runner() -> None:
    assert escape_data("100%\r\ndone") == "100%25%0D%0Adone"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert command("warning", "x::y", file="dir,1/a:b.tf", title="t") == (
        "::warning file=dir%2C1/a%3Ab.tf,title=t::x::y"
    )
    assert command("notice", "plain") == "::notice::plain"


def _many(severity: Severity, count: int) -> list[Finding]:
    check = dataclasses.replace(S3_PUBLIC, severity=severity, id=f"IAC-AWS-S3-{severity.rank}00")
    return [Finding(check, LOGS, "main.tf", line, line, "m") for line in range(1, count + 1)]


def test_limits_ten_per_level_and_a_notice_kept_for_the_total() -> None:
    result = replace_findings(
        sample_result(),
        _many(Severity.LOW, 20) + _many(Severity.CRITICAL, 30) + _many(Severity.MEDIUM, 15),
    )
    lines = render_report("github", result, OPTIONS).splitlines()
    levels = [line.split(" ", 1)[0].split("::")[1] for line in lines]
    assert levels == ["error"] * 10 + ["warning"] * 10 + ["notice"] * 10
    # The unreadable file takes the first error slot, then criticals in line order.
    assert "file=k8s/broken.yaml" in lines[0]
    assert [line.split(",")[1] for line in lines[1:4]] == ["line=1", "line=2", "line=3"]
    assert lines[-1] == (
        "::notice title=iacscan summary::iacscan: 65 findings (30 critical, 15 medium, 20 low), "
        "1 error; 29 annotations shown here. The job summary lists every finding."
    )


def test_closing_notice_counts_what_is_not_shown() -> None:
    result = sample_result()
    result.findings = []
    result.errors = []
    result.suppressed = [dataclasses.replace(f) for f in findings()[:2]]
    result.diff = DiffScope("origin/main", 7)
    assert render_report("github", result, OPTIONS) == (
        "::notice title=iacscan summary::iacscan: no findings, 2 suppressed, 7 outside the diff "
        "from origin/main; 0 annotations shown here. The job summary lists every finding.\n"
    )
