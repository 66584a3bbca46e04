"""The JSON reporter against its own published JSON Schema and documented field types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacscan.report.json_report import SCHEMA_VERSION, render
from iacscan.report.options import ReportOptions
from tests.report_support import empty_result, our_json_schema, sample_result, schema_errors

OPTIONS = ReportOptions(tool_version="1.2.3")
DOC = Path(__file__).parents[1] / "docs" / "output-formats.md"


def _document(**kwargs: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render(sample_result(**kwargs), OPTIONS))
    return document


def test_output_validates_against_our_schema() -> None:
    assert schema_errors(our_json_schema(), _document()) == []
    clean = json.loads(render(empty_result(), OPTIONS))
    assert schema_errors(our_json_schema(), clean) == []


def test_schema_rejects_a_missing_or_mistyped_field() -> None:
    document = _document()
    del document["findings"][0]["fingerprint"]
    document["summary"]["seconds"] = "fast"
    assert sorted(schema_errors(our_json_schema(), document)) == [
        "findings/0: 'fingerprint' is a required property",
        "summary/seconds: 'fast' is not of type 'number'",
    ]


def test_top_level_and_summary() -> None:
    document = _document()
    assert list(document) == [
        "version", "tool", "summary", "findings", "suppressed", "errors", "notices", "baseline",
        "diff", "compliance",
    ]  # fmt: skip
    assert document["version"] == SCHEMA_VERSION == "1"
    assert document["tool"] == {"name": "iacscan", "version": "1.2.3"}
    assert document["summary"] == {
        "findings": 5,
        "by_severity": {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 1},
        "files_scanned": 4,
        "files_by_framework": {"kubernetes": 2, "terraform": 2},
        "files_skipped": 1,
        "resources": 14,
        "errors": 1,
        "checks_run": 6,
        "seconds": 0.215,
        "suppressed": 0,
    }
    assert (document["suppressed"], document["baseline"], document["diff"]) == ([], None, None)


def test_finding_fields() -> None:
    finding = _document()["findings"][3]
    assert finding == {
        "check_id": "IAC-AWS-S3-001",
        "check_name": "s3-bucket-public-read",
        "title": "S3 bucket readable by anyone",
        "severity": "high",
        "base_severity": "high",
        "severity_context": "",
        "framework": "terraform",
        "resource": "aws_s3_bucket.logs",
        "resource_type": "aws_s3_bucket",
        "file": "main.tf",
        "start_line": 5,
        "end_line": 5,
        "attribute": "acl",
        "message": 'canned ACL "public-read" grants public read',
        "remediation": (
            '```hcl\nacl = "private"\n```\n\nSet `acl` to "private" and grant access\n'
            "through a bucket policy.\n\nSee the AWS guide."
        ),
        "fingerprint": sample_result().findings[2].fingerprint,
        "compliance": {"cis-aws-foundations-1.4.0": ["2.1.5"], "nist-800-53-r5": ["AC-3"]},
        "equivalents": {"checkov": ["CKV_AWS_20"], "tfsec": ["aws-s3-no-public-access-with-acl"]},
    }


def test_findings_sorted_by_file_line_and_check() -> None:
    keys = [(f["file"], f["start_line"], f["check_id"]) for f in _document()["findings"]]
    assert keys == sorted(keys)
    assert keys[0] == ("k8s/cart deploy.yaml", 19, "IAC-K8S-IMG-005")


def test_errors_and_notices_shape() -> None:
    document = _document()
    assert document["errors"] == [
        {
            "file": "k8s/broken.yaml",
            "line": 4,
            "column": 7,
            "kind": "parse",
            "message": "mapping values are not allowed here",
        }
    ]
    assert document["notices"][0]["kind"] == "eval"


def test_fingerprints_survive_moved_lines() -> None:
    before = {f["check_id"]: f["fingerprint"] for f in _document()["findings"]}
    moved = _document(shift=40)
    assert {f["check_id"]: f["fingerprint"] for f in moved["findings"]} == before
    assert moved["findings"][0]["start_line"] == 59


def test_every_documented_field_is_in_the_docs() -> None:
    """docs/output-formats.md documents each field the schema defines."""
    schema = our_json_schema()
    names = set(schema["properties"])
    names |= set(schema["properties"]["summary"]["properties"])
    names |= set(schema["$defs"]["finding"]["properties"])
    names |= set(schema["$defs"]["problem"]["properties"])
    names |= set(schema["$defs"]["suppression"]["properties"])
    names |= set(schema["$defs"]["recorded"]["properties"])
    text = DOC.read_text(encoding="utf-8")
    assert sorted(n for n in names if f"`{n}`" not in text) == []
