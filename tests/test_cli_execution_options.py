"""The scan options that choose how files are found and parsed reach the scan: links,
`.terraform` caches, worker processes, the parse time limit and the parse cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from iacscan.cli import main

PUBLIC_BUCKET = 'resource "aws_s3_bucket" "a{n}" {{\n  bucket = "b{n}"\n  acl = "public-read"\n}}\n'


def scan_json(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["scan", "-o", "json", "--check", "IAC-AWS-S3-001", *args], env=env
    )
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, json.loads(result.stdout)


def finding_files(report: dict[str, Any]) -> list[str]:
    return sorted(f["file"] for f in report["findings"])


def test_follow_symlinks_scans_a_linked_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text(PUBLIC_BUCKET.format(n=1))
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    _, plain = scan_json(str(root), "--root", str(root))
    assert finding_files(plain) == []
    _, followed = scan_json(str(root), "--root", str(root), "--follow-symlinks")
    assert finding_files(followed) == ["linked/main.tf"]


def test_include_terraform_cache_scans_dot_terraform(tmp_path: Path) -> None:
    cached = tmp_path / ".terraform" / "modules" / "m"
    cached.mkdir(parents=True)
    (cached / "main.tf").write_text(PUBLIC_BUCKET.format(n=1))
    _, plain = scan_json(str(tmp_path), "--root", str(tmp_path))
    assert finding_files(plain) == []
    _, included = scan_json(str(tmp_path), "--root", str(tmp_path), "--include-terraform-cache")
    assert finding_files(included) == [".terraform/modules/m/main.tf"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_give_the_same_findings(tmp_path: Path, jobs: str) -> None:
    padding = "# padding\n" * 600  # 45 files of 6 kB: above both pool thresholds
    for n in range(45):  # so -j 2 really starts workers
        folder = tmp_path / f"m{n}"
        folder.mkdir()
        (folder / "main.tf").write_text(padding + PUBLIC_BUCKET.format(n=n))
    code, report = scan_json(str(tmp_path), "--root", str(tmp_path), "-j", jobs)
    assert code == 1
    assert finding_files(report) == sorted(f"m{n}/main.tf" for n in range(45))


def test_parse_timeout_rejects_a_non_positive_limit(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--parse-timeout", "0"])
    assert result.exit_code == 2
    assert "--parse-timeout" in result.output


def test_cache_is_written_only_when_asked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(PUBLIC_BUCKET.format(n=1))
    cache_home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache_home)}
    scan_json(str(project), "--root", str(project), env=env)
    assert not (cache_home / "iacscan").exists()
    first = scan_json(str(project), "--root", str(project), "--cache", env=env)
    assert [p for p in (cache_home / "iacscan").rglob("*") if p.is_file()]
    second = scan_json(str(project), "--root", str(project), "--cache", env=env)
    assert finding_files(first[1]) == finding_files(second[1]) == ["main.tf"]
