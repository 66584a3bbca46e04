"""Baselines: record by fingerprint, fail only on new findings, list the fixed ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacscan.baseline import (
    Baseline,
    BaselineError,
    compare,
    load_baseline,
    record,
    render_baseline,
    write_baseline,
)
from iacscan.cli import main
from iacscan.findings import Finding
from tests.report_support import findings


def _baseline(items: list[Finding]) -> Baseline:
    return Baseline("b.json", tuple(record(f) for f in items))


def test_round_trip_and_sorted_document(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "b.json"
    write_baseline(path, findings())
    document = json.loads(path.read_text())
    assert document["version"] == "1"
    assert [(e["file"], e["resource"], e["check_id"]) for e in document["findings"]] == [
        ("k8s/cart deploy.yaml", "Deployment/shop/cart", "IAC-K8S-IMG-005"),
        ("k8s/cart deploy.yaml", "Deployment/shop/cart", "IAC-K8S-POD-003"),
        ("main.tf", "aws_s3_bucket.logs", "IAC-AWS-S3-001"),
        ("main.tf", "aws_s3_bucket.logs", "IAC-AWS-S3-004"),
        ("main.tf", "aws_security_group.bastion", "IAC-AWS-EC2-002"),
    ]
    assert "start_line" not in document["findings"][0]
    loaded = load_baseline(path)
    assert loaded.file == str(path)
    assert sorted(loaded.entries, key=lambda e: e.fingerprint) == sorted(
        (record(f) for f in findings()), key=lambda e: e.fingerprint
    )
    assert list(tmp_path.joinpath("sub").iterdir()) == [path]  # no temporary file left behind


def test_moved_lines_still_match_and_new_or_fixed_ones_show() -> None:
    baseline = _baseline(findings()[:4])
    new, comparison = compare(findings(shift=30), baseline)
    assert [(f.check.id, f.start_line) for f in new] == [("IAC-K8S-IMG-005", 49)]
    assert len(comparison.known) == 4
    assert comparison.fixed == []
    new, comparison = compare(findings()[1:], _baseline(findings()))
    assert new == []
    assert [e.check_id for e in comparison.fixed] == ["IAC-K8S-POD-003"]


def test_fingerprints_are_counted() -> None:
    twice = [findings()[0], findings()[0]]
    new, comparison = compare(twice, _baseline(findings()[:1]))
    assert len(new) == 1 and len(comparison.known) == 1


def test_a_suppressed_finding_is_not_fixed() -> None:
    everything = findings()
    _, comparison = compare(everything[1:], _baseline(everything), still_present=everything[:1])
    assert comparison.fixed == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found; create one with `iacscan baseline create -o FILE`"),
        ("{nope", "1: not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"version": "9", "findings": []}', "not an iacscan baseline of version 1"),
        ('{"version": "1", "findings": {}}', "`findings` must be a list"),
        ('{"version": "1", "findings": [{"check_id": "X"}]}', "findings[0] has no fingerprint"),
    ],
)
def test_bad_baseline_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError) as info:
        load_baseline(path)
    assert str(info.value).startswith(f"{path}")
    assert message in str(info.value)


def test_render_is_deterministic() -> None:
    assert render_baseline(findings()) == render_baseline(list(reversed(findings())))


# --- end to end ---------------------------------------------------------------------------

BUCKETS = """\
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}
"""
CHECK = ["--check", "IAC-AWS-S3-001"]


def test_cli_baseline_create_then_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(BUCKETS)
    runner = CliRunner()
    created = runner.invoke(main, ["baseline", "create", ".", "-o", "base.json", *CHECK])
    assert created.exit_code == 0, created.output
    assert "wrote base.json: 2 findings recorded" in created.stderr
    assert len(json.loads((tmp_path / "base.json").read_text())["findings"]) == 2

    # Reformatted and moved code, one bucket fixed, one new bucket: only the new one fails.
    moved = "\n\n# moved\n" + BUCKETS.replace('"public-read"', '"private"', 1).replace(
        "acl    =", "acl =", 1
    )
    moved += '\nresource "aws_s3_bucket" "new" {\n  acl = "public-read"\n}\n'
    (tmp_path / "main.tf").write_text(moved)
    result = runner.invoke(main, ["scan", ".", "--baseline", "base.json", "-o", "json", *CHECK])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [(f["resource"], f["start_line"]) for f in document["findings"]] == [
        ("aws_s3_bucket.new", 15)
    ]
    assert document["baseline"]["known"] == 1
    assert [e["resource"] for e in document["baseline"]["fixed"]] == ["aws_s3_bucket.site"]

    text = runner.invoke(main, ["scan", ".", "--baseline", "base.json", *CHECK]).stdout
    fixed = "Fixed since the baseline base.json:\n  IAC-AWS-S3-001  aws_s3_bucket.site  main.tf\n"
    assert fixed in text
    assert "1 in baseline, 1 fixed" in text

    # The baseline named in the config file works the same; without the new bucket: exit 0.
    (tmp_path / "main.tf").write_text(moved.split('resource "aws_s3_bucket" "new"')[0])
    (tmp_path / ".iacscan.yaml").write_text("baseline: base.json\n")
    assert runner.invoke(main, ["scan", ".", *CHECK]).exit_code == 0


def test_cli_missing_baseline_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(BUCKETS)
    result = CliRunner().invoke(main, ["scan", ".", "--baseline", "nope.json"])
    assert result.exit_code == 2
    assert "nope.json: baseline file not found" in result.output
