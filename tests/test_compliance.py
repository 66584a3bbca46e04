"""Compliance reports on a multi-resource fixture: pass, fail and not applicable per control."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from iacscan.cli import main
from iacscan.compliance import build_reports, matching_benchmarks
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

ESTATE = """
resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "acme-trail"
  is_multi_region_trail         = true
  enable_log_file_validation    = false
}

resource "aws_s3_bucket" "public" {
  bucket = "acme-public"
  acl    = "public-read"
}
"""


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    (tmp_path / "main.tf").write_text(ESTATE)
    return tmp_path


def statuses(estate: Path, benchmark: str) -> dict[str, str]:
    result = scan([estate], ScanConfig(root=estate, checks=load_checks()))
    (report,) = build_reports(result, [benchmark])
    return {c.control: c.status for c in report.controls}


def test_controls_pass_fail_and_not_applicable(estate: Path) -> None:
    controls = statuses(estate, "cis-aws")
    assert controls["3.1"] == "pass"  # multi-region trail (IAC-AWS-CLOUDTRAIL-001)
    assert controls["3.2"] == "fail"  # log file validation (IAC-AWS-CLOUDTRAIL-002)
    assert controls["2.1.5"] == "fail"  # public bucket ACL (IAC-AWS-S3-001)
    no_resources = [c for c, s in controls.items() if s == "not-applicable"]
    assert no_resources, "controls whose checks judged nothing are not applicable"
    assert "3.1" not in no_resources


def test_benchmark_names_are_prefixes() -> None:
    metas = [c.meta for c in load_checks()]
    assert matching_benchmarks("cis-aws", metas) == ["cis-aws-foundations-1.4.0"]
    assert matching_benchmarks("nist-800-53", metas) == ["nist-800-53-r5"]
    assert matching_benchmarks("iso-27001", metas) == []


def test_cli_json_and_markdown(estate: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["scan", str(estate), "--root", str(estate), "--compliance",
                                  "cis-aws", "-o", "json"])  # fmt: skip
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    schema = json.loads(
        (Path(__file__).parent.parent / "iacscan/report/json_schema.json").read_text()
    )
    jsonschema.Draft202012Validator(schema).validate(report)
    (cis,) = report["compliance"]
    assert cis["benchmark"] == "cis-aws-foundations-1.4.0"
    failed = {c["control"]: c for c in cis["controls"] if c["status"] == "fail"}
    assert failed["3.2"]["findings"] == [
        {"check_id": "IAC-AWS-CLOUDTRAIL-002", "resource": "aws_cloudtrail.main",
         "file": "main.tf", "start_line": 6}
    ]  # fmt: skip
    markdown = runner.invoke(main, ["scan", str(estate), "--root", str(estate), "--compliance",
                                    "cis-aws", "-o", "markdown"]).output  # fmt: skip
    assert "### Compliance: cis-aws-foundations-1.4.0" in markdown
    assert (
        "| 3.2 | **fail** | IAC-AWS-CLOUDTRAIL-002 | `main.tf:6` aws_cloudtrail.main |" in markdown
    )


def test_cli_text_and_unknown_benchmark(estate: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["scan", str(estate), "--root", str(estate), "--compliance",
                                "cis-aws", "--no-color"]).output  # fmt: skip
    assert "Compliance: cis-aws-foundations-1.4.0 (" in text
    assert "      IAC-AWS-CLOUDTRAIL-002 aws_cloudtrail.main main.tf:6" in text
    unknown = runner.invoke(main, ["scan", str(estate), "--compliance", "iso-27001"])
    assert unknown.exit_code == 2
    assert "no check maps to a benchmark named 'iso-27001'; available: " in unknown.output
