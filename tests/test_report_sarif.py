"""The SARIF reporter: schema validity and the properties code-scanning services rely on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacscan.check import Severity
from iacscan.report.options import ReportOptions
from iacscan.report.sarif import render
from iacscan.report.sarif_json import to_json
from tests.report_support import (
    CHECKS,
    empty_result,
    sample_result,
    sarif_schema,
    schema_errors,
)

OPTIONS = ReportOptions(tool_version="1.2.3")


def _log(**kwargs: Any) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(sample_result(**kwargs), OPTIONS))
    return log


def _run(**kwargs: Any) -> dict[str, Any]:
    run: dict[str, Any] = _log(**kwargs)["runs"][0]
    return run


def test_valid_against_official_schema() -> None:
    assert schema_errors(sarif_schema(), _log()) == []
    assert schema_errors(sarif_schema(), json.loads(render(empty_result(), OPTIONS))) == []


def test_schema_check_is_not_vacuous() -> None:
    log = _log()
    log["runs"][0]["results"][0]["level"] = "critical"
    assert schema_errors(sarif_schema(), log) != []


def test_header_and_driver() -> None:
    log = _log()
    assert list(log)[:2] == ["$schema", "version"]
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("iacscan", "1.2.3")
    assert driver["informationUri"] == OPTIONS.information_uri


def test_one_rule_per_check_that_ran_with_security_severity() -> None:
    rules = _run()["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(c.id for c in CHECKS)
    expected = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
    by_id = {c.id: c for c in CHECKS}
    for rule in rules:
        severity = by_id[rule["id"]].severity.value
        assert rule["properties"]["security-severity"] == expected[severity]
        assert rule["properties"]["precision"] == "high"
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_rule_metadata() -> None:
    rule = next(r for r in _run()["tool"]["driver"]["rules"] if r["id"] == "IAC-AWS-S3-001")
    assert rule["name"] == "s3-bucket-public-read"
    assert rule["shortDescription"] == {"text": "S3 bucket readable by anyone"}
    assert rule["fullDescription"] == {
        "text": "Flags buckets whose canned ACL lets anyone list or read objects."
    }
    assert rule["help"]["markdown"].endswith(
        "## References\n\n- <https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html>"
    )
    assert '## Remediation\n\n```hcl\nacl = "private"\n```' in rule["help"]["markdown"]
    assert rule["properties"]["tags"] == ["security", "storage", "terraform", "cloudformation"]
    assert rule["deprecatedIds"] == ["IAC-S3-001"]
    assert rule["defaultConfiguration"] == {"level": "error"}


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.CRITICAL, "error"),
        (Severity.HIGH, "error"),
        (Severity.MEDIUM, "warning"),
        (Severity.LOW, "note"),
        (Severity.INFO, "note"),
    ],
)
def test_every_result_carries_its_level(severity: Severity, level: str) -> None:
    run = _run()
    rules = run["tool"]["driver"]["rules"]
    by_id = {c.id: c for c in CHECKS}
    matching = [
        r for r in run["results"] if by_id[rules[r["ruleIndex"]]["id"]].severity is severity
    ]
    assert len(matching) == 1
    assert matching[0]["level"] == level  # also "warning", which is SARIF's default


def test_results_point_at_rules_files_lines_and_resources() -> None:
    run = _run()
    rules = run["tool"]["driver"]["rules"]
    summary = []
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        summary.append(
            (
                result["ruleId"],
                physical["artifactLocation"]["uri"],
                physical["region"]["startLine"],
                physical["region"]["endLine"],
                location["logicalLocations"][0]["fullyQualifiedName"],
            )
        )
    assert summary == [
        ("IAC-K8S-IMG-005", "k8s/cart%20deploy.yaml", 19, 19, "Deployment/shop/cart"),
        ("IAC-K8S-POD-003", "k8s/cart%20deploy.yaml", 21, 21, "Deployment/shop/cart"),
        ("IAC-AWS-S3-004", "main.tf", 3, 8, "aws_s3_bucket.logs"),
        ("IAC-AWS-S3-001", "main.tf", 5, 5, "aws_s3_bucket.logs"),
        ("IAC-AWS-EC2-002", "main.tf", 17, 17, "aws_security_group.bastion"),
    ]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///srv/scan/acme-infra/"}}


def test_partial_fingerprints_stable_when_lines_move() -> None:
    before = _run()["results"]
    after = _run(shift=12)["results"]
    assert [
        r["region"]["startLine"] for r in (x["locations"][0]["physicalLocation"] for x in after)
    ] == [31, 33, 15, 17, 29]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert all(len(r["partialFingerprints"]["iacscan/v1"]) == 32 for r in before)


def test_errors_become_notifications_and_fail_the_invocation() -> None:
    invocation = _run()["invocations"][0]
    assert invocation["executionSuccessful"] is False
    error, notice = invocation["toolExecutionNotifications"]
    assert error["level"] == "error"
    assert error["message"]["text"] == "mapping values are not allowed here"
    physical = error["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "k8s/broken.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 4, "endLine": 4, "startColumn": 7}
    assert notice["level"] == "note"
    assert notice["properties"] == {"kind": "eval"}


def test_clean_scan_is_successful_with_empty_results() -> None:
    run = json.loads(render(empty_result(), OPTIONS))["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert len(run["tool"]["driver"]["rules"]) == len(CHECKS)


def test_relative_root_is_described_not_invented() -> None:
    result = empty_result()
    result.root = Path("infra")
    log = json.loads(render(result, OPTIONS))
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"] == {
        "description": {"text": "The folder iacscan scanned."}
    }
    assert schema_errors(sarif_schema(), log) == []


def test_serialiser_drops_defaults_keeps_level_and_plain_properties() -> None:
    import sarif_om as om

    result = om.Result(
        message=om.Message(text="m"),
        level="warning",  # SARIF's default, written all the same
        rule_index=0,
        properties={"security-severity": "8.0", "tags": ["a"]},
    )
    assert to_json(result) == {
        "message": {"text": "m"},
        "level": "warning",
        "properties": {"security-severity": "8.0", "tags": ["a"]},
        "ruleIndex": 0,
    }
    # kind "fail", rank -1.0 and an index of -1 are defaults and left out.
    assert to_json(om.ArtifactLocation(uri="a.tf")) == {"uri": "a.tf"}
