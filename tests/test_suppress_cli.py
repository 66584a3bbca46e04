"""Inline suppressions end to end: real Terraform and Kubernetes files through `iacscan scan`,
the reports that show suppressed findings, the gate settings, and `iacscan suppressions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from iacscan.cli import main
from tests.report_support import sarif_schema, schema_errors

MAIN_TF = """\
# iacscan:ignore IAC-AWS-S3-001 reason="static website" until=2099-01-31 by=sec-team
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read" #checkov:skip=CKV_AWS_20:log viewer is public
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = "public-read"
}

resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # iacscan:ignore IAC-AWS-EC2-001 until=2020-01-01
  }
}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            # iacscan:ignore IAC-K8S-POD-001 reason="needs raw sockets"
            privileged: true
"""
CHECKS = ["--check", "IAC-AWS-S3-001,IAC-AWS-EC2-001,IAC-K8S-POD-001"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOYMENT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _scan(*args: str) -> Result:
    return CliRunner().invoke(main, ["scan", ".", *CHECKS, *args], catch_exceptions=False)


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = _scan("-o", "json", *args)
    document: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    document["exit_code"] = result.exit_code
    return document


def test_suppressed_findings_stay_visible_in_json_and_never_gate(repo: Path) -> None:
    document = _json()
    active = [(f["check_id"], f["resource"], f["start_line"]) for f in document["findings"]]
    assert active == [
        ("IAC-AWS-S3-001", "aws_s3_bucket.data", 14),
        ("IAC-AWS-EC2-001", "aws_security_group.ssh", 23),  # expired suppression
    ]
    suppressed = {f["resource"]: f["suppression"] for f in document["suppressed"]}
    assert all(f["suppressed"] is True for f in document["suppressed"])
    assert suppressed == {
        "Deployment/shop/web": {"source": "iacscan", "file": "k8s/web.yaml", "line": 13,
                                "ids": ["IAC-K8S-POD-001"], "reason": "needs raw sockets",
                                "until": None, "by": ""},
        "aws_s3_bucket.logs": {"source": "checkov", "file": "main.tf", "line": 9,
                               "ids": ["CKV_AWS_20"], "reason": "log viewer is public",
                               "until": None, "by": ""},
        "aws_s3_bucket.site": {"source": "iacscan", "file": "main.tf", "line": 1,
                               "ids": ["IAC-AWS-S3-001"], "reason": "static website",
                               "until": "2099-01-31", "by": "sec-team"},
    }  # fmt: skip
    assert document["summary"]["suppressed"] == 3
    notices = [(n["file"], n["line"], n["message"]) for n in document["notices"]]
    expired = (
        "suppression of IAC-AWS-EC2-001 expired on 2020-01-01; the finding is reported again "
        "(fix it, or renew the suppression with a new date)"
    )
    assert ("main.tf", 23, expired) in notices
    assert document["exit_code"] == 1


def test_gate_passes_when_everything_left_is_suppressed(repo: Path) -> None:
    (repo / "main.tf").write_text(MAIN_TF.split('resource "aws_s3_bucket" "data"')[0])
    result = _scan()
    assert result.exit_code == 0, result.stdout
    assert "No findings in 2 files" in result.stdout
    assert "3 suppressed" in result.stdout


def test_sarif_marks_suppressed_results(repo: Path) -> None:
    document = json.loads(_scan("-o", "sarif").stdout)
    assert schema_errors(sarif_schema(), document) == []
    results = document["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    first = suppressed[0]
    line = first["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert (line, first["suppressions"]) == (
        14,
        [{"kind": "inSource", "justification": "needs raw sockets",
          "location": {"physicalLocation": {"artifactLocation": {
              "uri": "k8s/web.yaml", "uriBaseId": "%SRCROOT%"},
              "region": {"startLine": 13, "endLine": 13}}},
          "properties": {"source": "iacscan"}}],
    )  # fmt: skip
    assert len(suppressed) == 3
    assert len(results) == 5


@pytest.mark.parametrize(
    ("config", "flag", "active", "notice"),
    [
        ("suppressions:\n  enabled: false\n", "", 5,
         "suppression ignored: inline suppressions are turned off by the configuration"),
        ("", "--no-suppressions", 5,
         "suppression ignored: inline suppressions are turned off by the configuration"),
        ("suppressions:\n  require_expiry: true\n", "", 4,
         "suppression ignored: the configuration requires an expiry (add until=YYYY-MM-DD)"),
        ("mandatory_checks: [CKV_AWS_20]\n", "", 4,
         "suppression ignored: IAC-AWS-S3-001 is a mandatory check and cannot be suppressed"),
    ],
)  # fmt: skip
def test_gate_settings(repo: Path, config: str, flag: str, active: int, notice: str) -> None:
    if config:
        (repo / ".iacscan.yaml").write_text(config)
    document = _json(*([flag] if flag else []))
    assert len(document["findings"]) == active
    assert notice in [n["message"] for n in document["notices"]]
    assert document["exit_code"] == 1


def test_audit_lists_every_suppression(repo: Path) -> None:
    (repo / "k8s" / "web.yaml").write_text(
        DEPLOYMENT + '          # iacscan:ignore IAC-K8S-POD-003 reason="old"\n'
    )
    result = CliRunner().invoke(main, ["suppressions", "."], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'k8s/web.yaml:13: in-use: iacscan IAC-K8S-POD-001 (reason="needs raw sockets")',
        "    matches IAC-K8S-POD-001 on Deployment/shop/web",
        'k8s/web.yaml:15: unused: iacscan IAC-K8S-POD-003 (reason="old")',
        'main.tf:1: in-use: iacscan IAC-AWS-S3-001 (reason="static website"; until 2099-01-31; '
        "by sec-team)",
        "    matches IAC-AWS-S3-001 on aws_s3_bucket.site",
        'main.tf:9: in-use: checkov CKV_AWS_20 (reason="log viewer is public")',
        "    matches IAC-AWS-S3-001 on aws_s3_bucket.logs",
        "main.tf:23: expired, no-reason: iacscan IAC-AWS-EC2-001 (no reason; until 2020-01-01)",
        "    matches IAC-AWS-EC2-001 on aws_security_group.ssh",
        "    suppression of IAC-AWS-EC2-001 expired on 2020-01-01; the finding is reported again "
        "(fix it, or renew the suppression with a new date)",
        "5 suppressions: 1 expired, 1 unused, 1 no-reason, 3 in-use",
    ]
    document = json.loads(CliRunner().invoke(main, ["suppressions", ".", "-o", "json"]).stdout)
    assert document["summary"] == {
        "suppressions": 5, "invalid": 0, "rejected": 0, "expired": 1, "unused": 1,
        "no-reason": 1, "in-use": 3,
    }  # fmt: skip
    assert document["suppressions"][1] == {
        "file": "k8s/web.yaml", "line": 15, "source": "iacscan", "ids": ["IAC-K8S-POD-003"],
        "reason": "old", "until": None, "by": "", "statuses": ["unused"], "matches": [],
        "notes": [],
    }  # fmt: skip


def test_audit_exits_zero_when_all_suppressions_are_sound(repo: Path) -> None:
    (repo / "main.tf").write_text(MAIN_TF.split('resource "aws_s3_bucket" "logs"')[0])
    result = CliRunner().invoke(main, ["suppressions", "."], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "2 suppressions: 2 in-use"


CFN = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Site:
    Type: AWS::S3::Bucket
    Metadata:
      iacscan:
        ignore:
          - id: IAC-AWS-S3-001
            reason: public website
            until: 2099-01-31
    Properties:
      AccessControl: PublicRead
  Logs:
    Type: AWS::S3::Bucket
    Metadata:
      checkov:
        skip:
          - id: CKV_AWS_20
            comment: log viewer
    Properties:
      AccessControl: PublicRead
  Data:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
"""
ARM = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "resources": [
        {
            "type": "Microsoft.Sql/servers/firewallRules",
            "apiVersion": "2022-05-01-preview",
            "name": f"acme-sql/{name}",
            "metadata": {"iacscan": {"ignore": [{"id": "IAC-AZURE-SQL-001", "reason": "temp"}]}}
            if name == "Migration"
            else {},
            "properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"},
        }
        for name in ("Migration", "AllowAll")
    ],
}


def test_metadata_suppressions_in_cloudformation_and_arm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bucket.yaml").write_text(CFN)
    (tmp_path / "sql.json").write_text(json.dumps(ARM, indent=2))
    only = ["--check", "IAC-AWS-S3-001,IAC-AZURE-SQL-001", "-o", "json"]
    result = CliRunner().invoke(main, ["scan", ".", *only], catch_exceptions=False)
    document = json.loads(result.stdout)
    assert [(f["file"], f["resource"]) for f in document["findings"]] == [
        ("bucket.yaml", "Data"),
        ("sql.json", "Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"),
    ]
    assert [
        (f["resource"], s["source"], s["reason"], s["until"])
        for f in document["suppressed"]
        for s in [f["suppression"]]
    ] == [
        ("Site", "metadata", "public website", "2099-01-31"),
        ("Logs", "checkov", "log viewer", None),
        ("Microsoft.Sql/servers/firewallRules/acme-sql/Migration", "metadata", "temp", None),
    ]
