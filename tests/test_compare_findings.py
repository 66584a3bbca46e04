"""bench/compare_findings.py: Checkov and iacscan reports compared finding by finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import compare_findings as cf

CATALOG = [
    {"id": "IAC-AWS-S3-001", "equivalents": {"checkov": ["CKV_AWS_20"]}},
    {"id": "IAC-AWS-EC2-001", "equivalents": {"checkov": ["CKV_AWS_24"]}},
    {"id": "IAC-K8S-POD-001", "equivalents": {"checkov": ["CKV_K8S_16"]}},
    {"id": "IAC-AWS-KMS-001", "equivalents": {}},
]


def _checkov_item(check: str, file: str, resource: str, lines: list[int]) -> dict[str, object]:
    return {
        "check_id": check,
        "check_name": f"name of {check}",
        "file_path": file,
        "resource": resource,
        "file_line_range": lines,
    }


CHECKOV = [
    {
        "check_type": "terraform",
        "results": {
            "failed_checks": [
                _checkov_item("CKV_AWS_20", "/main.tf", "aws_s3_bucket.a", [1, 5]),
                _checkov_item("CKV_AWS_24", "/main.tf", "aws_security_group.web[0]", [7, 20]),
                _checkov_item("CKV_AWS_999", "/main.tf", "aws_s3_bucket.a", [1, 5]),
                _checkov_item("CKV_AWS_999", "/main.tf", "aws_s3_bucket.b", [22, 25]),
            ],
            "passed_checks": [_checkov_item("CKV_AWS_20", "/main.tf", "aws_s3_bucket.b", [22, 25])],
        },
    },
    {
        "check_type": "kubernetes",
        "results": {
            "failed_checks": [
                _checkov_item("CKV_K8S_16", "/k8s/app.yaml", "Pod.prod.web.app-web", [1, 30])
            ]
        },
    },
    {
        "check_type": "secrets",
        "results": {"failed_checks": [_checkov_item("CKV_SECRET_2", "/x", "y", [1, 1])]},
    },
]

OURS = {
    "findings": [
        {
            "check_id": "IAC-AWS-S3-001",
            "framework": "terraform",
            "resource": "aws_s3_bucket.a",
            "resource_type": "aws_s3_bucket",
            "file": "main.tf",
            "start_line": 40,
        },
        {
            "check_id": "IAC-AWS-S3-001",
            "framework": "terraform",
            "resource": "aws_s3_bucket.b",
            "resource_type": "aws_s3_bucket",
            "file": "main.tf",
            "start_line": 23,
        },
        {
            "check_id": "IAC-K8S-POD-001",
            "framework": "kubernetes",
            "resource": "Deployment/prod/web",
            "resource_type": "Deployment",
            "file": "k8s/app.yaml",
            "start_line": 12,
        },
    ],
    "errors": [{"file": "broken.yaml", "line": 3, "message": "bad"}],
}


@pytest.fixture()
def report(tmp_path: Path) -> cf.Report:
    (tmp_path / "ck.json").write_text(json.dumps(CHECKOV))
    (tmp_path / "checks.json").write_text(json.dumps(CATALOG))
    (tmp_path / "ours.json").write_text(json.dumps(OURS))
    catalog = cf.load_catalog(tmp_path / "checks.json")
    checkov, _ = cf.load_checkov(tmp_path / "ck.json")
    ours, _ = cf.load_ours(tmp_path / "ours.json", catalog)
    return cf.compare(checkov, ours, catalog, known=None)


def test_checkov_failure_without_our_equivalent_is_a_possible_false_negative(
    report: cf.Report,
) -> None:
    assert [(r["resource"], r["checkov"], r["ours"]) for r in report.false_negatives] == [
        ("aws_security_group.web", "CKV_AWS_24", ["IAC-AWS-EC2-001"])
    ]


def test_our_finding_where_checkov_passed_is_a_possible_false_positive(
    report: cf.Report,
) -> None:
    assert [(r["resource"], r["ours"], r["checkov_passed"]) for r in report.false_positives] == [
        ("aws_s3_bucket.b", "IAC-AWS-S3-001", ["CKV_AWS_20"])
    ]


def test_line_outside_checkov_block_is_reported(report: cf.Report) -> None:
    assert report.line_differences == [
        {
            "file": "main.tf",
            "resource": "aws_s3_bucket.a",
            "ours": "IAC-AWS-S3-001",
            "checkov": "CKV_AWS_20",
            "line": 40,
            "checkov_lines": [1, 5],
        }
    ]


def test_uncovered_checkov_ids_are_counted_and_secrets_ignored(report: cf.Report) -> None:
    assert [(r["checkov"], r["failures"]) for r in report.missing_coverage] == [("CKV_AWS_999", 2)]
    # On bucket a our IAC-AWS-S3-001 pairs with Checkov's CKV_AWS_20 failure; on bucket b
    # it pairs with nothing Checkov failed, so it is a candidate for CKV_AWS_999.
    assert report.missing_coverage[0]["ours_unpaired_there"] == "IAC-AWS-S3-001x1"


def test_checkov_pod_templates_match_our_workloads(report: cf.Report) -> None:
    assert all(r["checkov"] != "CKV_K8S_16" for r in report.false_negatives)


@pytest.mark.parametrize(
    ("framework", "resource", "key"),
    [
        ("terraform", 'module.a.aws_s3_bucket.b["x"]', "module.a.aws_s3_bucket.b"),
        ("cloudformation", "AWS::S3::Bucket.Logs", "Logs"),
        (
            "arm",
            "Microsoft.Storage/storageAccounts.[parameters('n')]",
            "microsoft.storage/storageaccounts",
        ),
        ("kubernetes", "ClusterRole.default.admin", "ClusterRole/admin"),
        ("kubernetes", "CronJob.jobs.nightly", "workload/nightly"),
    ],
)
def test_checkov_keys(framework: str, resource: str, key: str) -> None:
    assert cf.checkov_key(framework, resource) == key


def test_main_prints_summary_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ck.json").write_text(json.dumps(CHECKOV))
    (tmp_path / "checks.json").write_text(json.dumps(CATALOG))
    (tmp_path / "ours.json").write_text(json.dumps(OURS))
    out = tmp_path / "cmp.json"
    args = [
        str(tmp_path / "ck.json"),
        str(tmp_path / "ours.json"),
        "--checks",
        str(tmp_path / "checks.json"),
        "--json",
        str(out),
    ]
    assert cf.main(args) == 0
    summary = json.loads(out.read_text())["summary"]
    assert summary["a_possible_false_negatives"] == 1
    assert summary["b_possible_false_positives"] == 1
    assert summary["d_uncovered_checkov_failures"] == 2
    assert summary["e_files_checkov_only"] == 0
    assert "broken.yaml:3: bad" in capsys.readouterr().out
