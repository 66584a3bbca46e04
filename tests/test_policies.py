"""YAML policies: every operator, the graph condition, three-valued logic, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacscan.cli import main
from iacscan.policies.loader import PolicyError, load_policy
from iacscan.scan import ScanConfig, scan

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "fixtures" / "policies" / "rules"
IAC = ROOT / "fixtures" / "policies" / "iac"

HEADER = """id: ACME-T-001
name: test-policy
title: Test policy
severity: low
resources:
  terraform: [aws_thing]
"""


def findings(tmp_path: Path, condition: str, hcl: str) -> list[tuple[str, int]]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(HEADER + "assert:\n" + condition)
    (tmp_path / "iac").mkdir(exist_ok=True)
    (tmp_path / "iac" / "main.tf").write_text(hcl)
    result = scan([tmp_path / "iac"], ScanConfig(root=tmp_path, checks=[load_policy(policy)]))
    assert result.errors == []
    return [(f.resource.name, f.start_line) for f in result.findings]


THINGS = """variable "unset" {}
resource "aws_thing" "a" {
  value = "alpha"
  size  = 10
  items = ["x", "y"]
}
resource "aws_thing" "unknown" {
  value = var.unset
  size  = var.unset
  items = var.unset
}
resource "aws_thing" "empty" {
}
"""


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("  attribute: value\n  equals: alpha\n", [("empty", 12)]),
        ("  attribute: value\n  equals: beta\n", [("a", 3), ("empty", 12)]),
        ("  attribute: value\n  not_equals: alpha\n  missing: pass\n", [("a", 3)]),
        ("  attribute: value\n  in: [alpha, beta]\n  missing: pass\n", []),
        ("  attribute: value\n  not_in: [alpha]\n  missing: pass\n", [("a", 3)]),
        ("  attribute: value\n  regex: '^al'\n  missing: pass\n", []),
        ("  attribute: value\n  regex: '^be'\n  missing: pass\n", [("a", 3)]),
        ("  attribute: value\n  exists: true\n", [("empty", 12)]),
        ("  attribute: value\n  exists: false\n", [("a", 3)]),
        ("  attribute: size\n  greater_than: 10\n  missing: pass\n", [("a", 4)]),
        ("  attribute: size\n  greater_or_equal: 10\n  missing: pass\n", []),
        ("  attribute: size\n  less_than: 10\n  missing: pass\n", [("a", 4)]),
        ("  attribute: size\n  less_or_equal: 10\n  missing: pass\n", []),
        ("  attribute: items\n  contains: y\n  missing: pass\n", []),
        ("  attribute: items\n  contains: z\n  missing: pass\n", [("a", 5)]),
        ("  attribute: 'items[*]'\n  equals: x\n  missing: pass\n", [("a", 5)]),
        ("  attribute: 'items[*]'\n  equals: x\n  quantifier: any\n  missing: pass\n", []),
    ],
)
def test_operators_and_unknown_values(
    tmp_path: Path, condition: str, expected: list[object]
) -> None:
    # `aws_thing.unknown` never appears: its values cannot be known at scan time.
    assert findings(tmp_path, condition, THINGS) == expected


def test_kleene_logic(tmp_path: Path) -> None:
    either = (
        "  or:\n    - attribute: value\n      equals: beta\n"
        "    - attribute: size\n      equals: 10\n"
    )
    assert findings(tmp_path, either, THINGS) == [("empty", 12)]
    negated = "  not:\n    attribute: value\n    equals: alpha\n"
    assert findings(tmp_path, negated, THINGS) == [("a", 3)]
    both = (
        "  and:\n    - attribute: value\n      equals: alpha\n"
        "    - attribute: size\n      equals: 11\n"
    )
    assert findings(tmp_path, both, THINGS) == [("a", 4), ("empty", 12)]


def test_connected_condition(tmp_path: Path) -> None:
    hcl = """resource "aws_thing" "a" {}
resource "aws_thing" "b" {}
resource "aws_guard" "g" {
  thing = aws_thing.a.id
  on    = true
}
"""
    condition = (
        "  connected:\n    types: [aws_guard]\n    direction: in\n"
        "    assert:\n      attribute: 'on'\n      equals: true\n"
    )
    assert findings(tmp_path, condition, hcl) == [("b", 2)]


def test_fixture_suite_end_to_end() -> None:
    result = CliRunner().invoke(
        main, ["scan", str(IAC), "--policy-dir", str(RULES), "--root", str(ROOT), "-o", "json",
               "--check", "ACME-S3-001,ACME-S3-002,ACME-S3-003,ACME-RDS-001"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["errors"] == []
    assert [
        (f["check_id"], f["resource"], f["file"], f["start_line"]) for f in report["findings"]
    ] == [
        ("ACME-S3-001", "aws_s3_bucket.bad", "fixtures/policies/iac/main.tf", 17),
        ("ACME-S3-003", "aws_s3_bucket.bad", "fixtures/policies/iac/main.tf", 17),
        ("ACME-S3-002", "aws_s3_bucket.bad", "fixtures/policies/iac/main.tf", 18),
        ("ACME-RDS-001", "aws_db_instance.bad", "fixtures/policies/iac/main.tf", 40),
        ("ACME-S3-001", "Untagged", "fixtures/policies/iac/template.yaml", 9),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("assert:\n  attribute: x\n  equal: 1\n", ":9: assert.equal: unknown key"),
        ("assert:\n  attribute: x\n", ":7: assert: give exactly one operator"),
        ("assert:\n  maybe: 1\n", ":7: assert: expected one of: and, or, not"),
        ("assert:\n  attribute: x\n  greater_than: lots\n", ":9: assert.greater_than: invalid"),
        ("assert:\n  attribute: 'x[['\n  exists: true\n", ":8: assert.attribute: invalid jsonpath"),
        ("assert:\n  and: []\n", ":8: assert.and: expected a non-empty list"),
        ("colour: red\nassert:\n  attribute: x\n  exists: true\n", ":7: colour: unknown key"),
    ],
)
def test_invalid_policies_name_file_line_and_field(tmp_path: Path, body: str, message: str) -> None:
    policy = tmp_path / "bad.yaml"
    policy.write_text(HEADER + body)
    with pytest.raises(PolicyError) as raised:
        load_policy(policy)
    assert str(raised.value).startswith(str(policy))
    assert message in str(raised.value)


def test_bad_severity_and_framework(tmp_path: Path) -> None:
    policy = tmp_path / "bad.yaml"
    policy.write_text(HEADER.replace("severity: low", "severity: urgent") + "assert: {}\n")
    with pytest.raises(PolicyError, match=r":4: severity: unknown severity 'urgent'"):
        load_policy(policy)
    policy.write_text(HEADER.replace("terraform:", "pulumi:") + "assert: {}\n")
    with pytest.raises(PolicyError, match=r":6: resources.pulumi: unknown framework"):
        load_policy(policy)


def test_invalid_policy_is_a_usage_error_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(HEADER + "assert:\n  attribute: x\n")
    result = CliRunner().invoke(main, ["scan", str(IAC), "--policy-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.yaml:7: assert: give exactly one operator" in result.output
