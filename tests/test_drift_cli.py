"""The `drift` and `inventory` commands offline (a saved inventory): reports, exit codes, ignore
files and the errors users meet. The commands are tested as the click objects the main CLI
attaches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from iacscan.drift.commands import drift_command, inventory_group
from iacscan.drift.inventory import Inventory, LiveRecord, write_inventory
from iacscan.drift.types import TYPES
from tests.report_support import sarif_schema, schema_errors

REGION = "us-east-1"
STATE = {
    "version": 4,
    "resources": [
        {
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": "logs",
            "instances": [{"attributes": {"bucket": "acme-logs", "region": REGION}}],
        },
        {
            "mode": "managed",
            "type": "aws_s3_bucket",
            "name": "gone",
            "instances": [{"attributes": {"bucket": "acme-gone", "region": REGION}}],
        },
        {
            "mode": "managed",
            "type": "aws_ebs_volume",
            "name": "data",
            "instances": [{"attributes": {"id": "vol-1", "encrypted": True, "size": 20}}],
        },
    ],
}


def live() -> Inventory:
    records = [
        LiveRecord("aws_s3_bucket", "acme-logs", REGION, {"bucket": "acme-logs"}),
        LiveRecord(
            "aws_ebs_volume", "vol-1", REGION, {"id": "vol-1", "encrypted": False, "size": 20}
        ),
        LiveRecord("aws_iam_role", "ops", "global", {"name": "ops"}),
        LiveRecord("aws_default_vpc", "vpc-0", REGION, {"id": "vpc-0"}),
    ]
    return Inventory(
        "aws",
        "2026-01-31T09:00:00Z",
        (REGION,),
        records,
        account="123456789012",
        types=tuple(TYPES),
    )


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terraform.tfstate").write_text(json.dumps(STATE, indent=2), encoding="utf-8")
    write_inventory(tmp_path / "inventory.json", live())
    return tmp_path


def drift(*arguments: str) -> Result:
    return CliRunner().invoke(drift_command, list(arguments))


def offline(*arguments: str) -> Result:
    return drift("terraform.tfstate", "--inventory", "inventory.json", *arguments)


TEXT = """\
Drift: terraform.tfstate (state) against aws account 123456789012, us-east-1 (inventory taken 2026-01-31T09:00:00Z)

Missing (planned, not found live): 1
  aws_s3_bucket  acme-gone  aws_s3_bucket.gone  us-east-1  terraform.tfstate:18

Unmanaged (live, not planned): 1
  aws_iam_role  ops  global  aws://global/aws_iam_role/ops

Changed (live differs from planned): 1
  aws_ebs_volume  vol-1  aws_ebs_volume.data  us-east-1  terraform.tfstate:31
    ! encrypted: planned true, live false

1 missing, 1 unmanaged, 1 changed (1 security-relevant), 3 planned (2 matched), 4 live, 1 ignored, \
"""  # noqa: E501


def test_text_report(folder: Path) -> None:
    result = offline()
    assert result.exit_code == 0
    assert result.stdout.startswith(TEXT)
    assert result.stdout.endswith(" s\n")


def test_quiet_text_lists_drift_only(folder: Path) -> None:
    result = offline("-q")
    assert result.stdout.splitlines()[0] == "Missing (planned, not found live): 1"
    assert "planned (2 matched)" not in result.stdout


def test_exit_codes(folder: Path) -> None:
    assert offline("--fail-on-drift").exit_code == 1
    ignore = folder / ".iacscanignore-drift"
    ignore.write_text("* acme-gone\naws_iam_role ops\naws_ebs_volume vol-1 encrypted\n")
    clean = offline("--fail-on-drift")
    assert clean.exit_code == 0
    assert "0 missing, 0 unmanaged, 0 changed" in clean.stdout
    assert "4 ignored" in clean.stdout


def test_incomplete_planned_side_fails_closed(folder: Path) -> None:
    (folder / "infra").mkdir()
    (folder / "infra" / "main.tf").write_text('resource "aws_s3_bucket" "a" {\n  bucket = \n}\n')
    result = drift("infra", "--inventory", "inventory.json", "--fail-on-drift")
    assert result.exit_code == 3
    assert "infra/main.tf:" in result.stdout


def test_ignore_file_beside_the_plan_and_default_rules(folder: Path) -> None:
    (folder / "plans").mkdir()
    (folder / "plans" / "terraform.tfstate").write_text(json.dumps(STATE))
    (folder / "plans" / ".iacscanignore-drift").write_text("unmanaged:aws_iam_role *\n")
    result = drift("plans/terraform.tfstate", "--inventory", "inventory.json", "-o", "json")
    document = json.loads(result.stdout)
    assert [(e["kind"], e["id"]) for e in document["drift"]] == [
        ("missing", "acme-gone"),
        ("changed", "vol-1"),
    ]
    assert document["summary"]["ignored"] == 2
    every = drift(
        "plans/terraform.tfstate",
        "--inventory",
        "inventory.json",
        "-o",
        "json",
        "--no-default-ignores",
    )
    assert ("unmanaged", "vpc-0") in [
        (e["kind"], e["id"]) for e in json.loads(every.stdout)["drift"]
    ]


def test_json_report(folder: Path) -> None:
    document = json.loads(offline("-o", "json").stdout)
    assert document["summary"] == {
        "missing": 1,
        "unmanaged": 1,
        "changed": 1,
        "drifted": 3,
        "security_relevant": 1,
        "planned": 3,
        "matched": 2,
        "live": 4,
        "ignored": 1,
        "not_compared": {},
        "unmanaged_not_judged": {},
        "inventory_errors": 0,
        "seconds": document["summary"]["seconds"],
    }
    assert document["drift"][0] == {
        "kind": "missing",
        "resource_type": "aws_s3_bucket",
        "id": "acme-gone",
        "address": "aws_s3_bucket.gone",
        "region": REGION,
        "security": False,
        "attributes": [],
        "file": "terraform.tfstate",
        "line": 18,
        "live_uri": "",
    }
    assert document["posture"] is None


def test_sarif_report_without_posture(folder: Path) -> None:
    document = json.loads(offline("-o", "sarif").stdout)
    assert schema_errors(sarif_schema(), document) == []
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": folder.resolve().as_uri() + "/"}}
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "IAC-DRIFT-001",
        "IAC-DRIFT-002",
        "IAC-DRIFT-003",
    ]
    changed = run["results"][2]
    assert changed["ruleId"] == "IAC-DRIFT-003"
    assert changed["level"] == "error"
    assert changed["message"]["text"] == (
        "aws_ebs_volume vol-1 (aws_ebs_volume.data) differs from the plan: encrypted. "
        "encrypted: planned true, live false"
    )


def test_several_reports_to_files(folder: Path) -> None:
    result = offline("-o", "text", "-o", "json=out/drift.json", "-o", "markdown=out/drift.md")
    assert result.exit_code == 0
    assert json.loads((folder / "out" / "drift.json").read_text())["summary"]["drifted"] == 3
    assert (folder / "out" / "drift.md").read_text().startswith("## iacscan drift\n\n**3 drifted")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "pass either --live PROVIDER or --inventory FILE"),
        (
            ["--live", "aws", "--inventory", "inventory.json"],
            "pass either --live PROVIDER or --inventory FILE",
        ),
        (["--inventory", "inventory.json", "-o", "xml"], "unknown format 'xml'"),
        (
            ["--inventory", "inventory.json", "--region", "eu-west-1"],
            "--region, --profile and --endpoint-url choose what --live reads",
        ),
        (
            ["--inventory", "inventory.json", "-o", "json", "-o", "text"],
            "only one format can go to standard output",
        ),
    ],
)
def test_usage_errors(folder: Path, arguments: list[str], message: str) -> None:
    result = drift("terraform.tfstate", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("files", "arguments", "message"),
    [
        (
            {"bad.ignore": "x:aws_vpc\n"},
            ["--ignore-file", "bad.ignore"],
            "Error: bad.ignore:1: unknown drift kind 'x'",
        ),
        (
            {"old.json": '{"version": 9}'},
            ["--inventory", "old.json"],
            "Error: old.json: inventory format version 9 is not supported",
        ),
        ({"notes.txt": "hello"}, ["--planned", "notes.txt"], "Error: notes.txt: not JSON"),
    ],
)
def test_unreadable_inputs_exit_2(
    folder: Path, files: dict[str, str], arguments: list[str], message: str
) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    planned = "terraform.tfstate"
    if arguments[0] == "--planned":
        planned, arguments = arguments[1], []
    if "--inventory" not in arguments:
        arguments = [*arguments, "--inventory", "inventory.json"]
    result = drift(planned, *arguments)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_no_credentials_exit_2(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.moto_server import dummy_aws_env

    dummy_aws_env(monkeypatch, folder)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    for command, arguments in (
        (drift_command, ["terraform.tfstate", "--live", "aws"]),
        (inventory_group, ["aws", "-o", "x.json"]),
    ):
        result: Any = CliRunner().invoke(
            command, [*arguments, "--endpoint-url", "http://127.0.0.1:9"]
        )
        assert result.exit_code == 2
        assert "Error: no AWS credentials found" in result.stderr
    assert not (folder / "x.json").exists()
