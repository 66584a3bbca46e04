"""Diff-aware mode against real temporary git repositories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacscan.cli import main
from iacscan.diff_aware import Changes, DiffError, git_changes, parse_diff

BUCKETS = """\
resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  acl    = "public-read"
  tags   = { team = "data" }
}
"""
DEPLOYMENT = """\
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
"""
CHECKS = ["--check", "IAC-AWS-S3-001,IAC-K8S-POD-001"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(BUCKETS)
    (tmp_path / "pod.yaml").write_text(DEPLOYMENT)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return tmp_path


def _scan(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["scan", ".", "-o", "json", *CHECKS, *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _where(document: dict) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(f["file"], f["start_line"]) for f in document["findings"]]


def test_parse_diff_added_changed_and_deleted_lines() -> None:
    diff = (
        "diff --git a/a.tf b/a.tf\n--- a/a.tf\n+++ b/a.tf\n"
        "@@ -3 +3 @@\n-x\n+y\n@@ -10,2 +9,0 @@\n-gone\n-gone\n@@ -20,0 +19,3 @@\n+1\n+2\n+3\n"
        "diff --git a/old.tf b/old.tf\n--- a/old.tf\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        'diff --git "a/sp\\303\\251c.tf" "b/sp\\303\\251c.tf"\n--- "a/sp\\303\\251c.tf"\n'
        '+++ "b/sp\\303\\251c.tf"\n@@ -1 +1,2 @@\n-a\n+b\n+c\n'
    )
    lines, deleted = parse_diff(diff)
    assert lines == {"a.tf": frozenset({3, 19, 20, 21}), "spéc.tf": frozenset({1, 2})}
    assert deleted == {"a.tf": frozenset({9})}


def test_no_change_reports_nothing_and_passes(repo: Path) -> None:
    code, document = _scan("--diff-base", "HEAD")
    assert code == 0
    assert _where(document) == []
    assert document["diff"] == {"base": "HEAD", "hidden": 4}


def test_changed_line_and_changed_resource(repo: Path) -> None:
    lines = BUCKETS.splitlines(keepends=True)
    lines[1] = '  bucket = "acme-site-2"\n'  # another line of the site bucket: its resource changed
    lines[7] = '  acl = "public-read"\n'  # the offending line of the logs bucket, reformatted
    (repo / "infra" / "main.tf").write_text("".join(lines))
    code, document = _scan("--diff-base", "HEAD")
    assert code == 1
    assert _where(document) == [("infra/main.tf", 3), ("infra/main.tf", 8)]
    assert document["diff"]["hidden"] == 2  # the data bucket and the pod


def test_deleting_a_line_inside_a_resource_counts(repo: Path) -> None:
    (repo / "infra" / "main.tf").write_text(BUCKETS.replace('  tags   = { team = "data" }\n', ""))
    _, document = _scan("--diff-base", "HEAD")
    assert _where(document) == [("infra/main.tf", 13)]


def test_untracked_files_count_as_changed(repo: Path) -> None:
    (repo / "new.yaml").write_text(DEPLOYMENT.replace("debug", "debug2"))
    _, document = _scan("--diff-base", "HEAD")
    assert _where(document) == [("new.yaml", 10)]


def test_pull_request_diff_uses_the_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    (repo / "pod.yaml").write_text(DEPLOYMENT.replace("busybox:1.36", "busybox:1.37"))
    git(repo, "commit", "-qam", "bump image")
    git(repo, "checkout", "-q", "main")
    # main moves on: a change feature never saw must not be reported on feature.
    (repo / "infra" / "main.tf").write_text(BUCKETS.replace('"acme-logs"', '"acme-logs-x"'))
    git(repo, "commit", "-qam", "main moves")
    git(repo, "checkout", "-q", "feature")
    _, document = _scan("--diff-base", "main")
    assert _where(document) == [("pod.yaml", 10)]  # the container whose image changed


def test_scan_root_below_the_repository_top(repo: Path) -> None:
    (repo / "infra" / "main.tf").write_text(BUCKETS.replace('"acme-data"', '"acme-data-2"'))
    changes = git_changes(repo / "infra", "HEAD")
    assert changes.lines == {"main.tf": frozenset({12})}
    os.chdir(repo / "infra")
    _, document = _scan("--diff-base", "HEAD")
    assert _where(document) == [("main.tf", 13)]


def test_bad_ref_and_not_a_repository(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with pytest.raises(DiffError, match=r"'nope' is not a commit .*git fetch origin nope"):
        git_changes(repo, "nope")
    with pytest.raises(DiffError, match="cannot start with '-'"):
        git_changes(repo, "--output=/tmp/x")
    elsewhere = tmp_path_factory.mktemp("plain")
    with pytest.raises(DiffError, match="git rev-parse failed"):
        git_changes(elsewhere, "HEAD")
    result = CliRunner().invoke(main, ["scan", ".", "--diff-base", "nope"])
    assert result.exit_code == 2
    assert "'nope' is not a commit" in result.output


def test_changes_keep_whole_files() -> None:
    changes = Changes(whole=frozenset({"a.tf"}))
    assert changes.overlaps("a.tf", 100, 100)
    assert not changes.overlaps("b.tf", 1, 1000)
