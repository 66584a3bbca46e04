"""The pre-commit hooks, run by the real `pre-commit` tool in a temporary git repository.

pre-commit installs hooks by cloning a repository at a commit, so a snapshot of this checkout's
working tree (the package, its checks and .pre-commit-hooks.yaml) is committed into a temporary
repository first. pre-commit then builds its own environment by pip-installing that snapshot,
which needs the package index (CI has it); the environment is built once per test session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from iacscan.cli import main
from tests.checkout import copy_checkout
from tests.test_diff_aware import GIT_ENV, git

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n'
PUBLIC_ACL = (
    'resource "aws_s3_bucket_acl" "logs" {\n'
    "  bucket = aws_s3_bucket.logs.id\n"
    '  acl    = "public-read"\n'
    "}\n"
)
OLD_PUBLIC = 'resource "aws_s3_bucket" "old" {\n  acl = "public-read"\n}\n'
POD = """\
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


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """(snapshot repository, its commit, PRE_COMMIT_HOME) shared by this module's tests."""
    snapshot = copy_checkout(tmp_path_factory.mktemp("iacscan-snapshot"))
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-qm", "snapshot")
    commit = git(snapshot, "rev-parse", "HEAD").strip()
    yield snapshot, commit, tmp_path_factory.mktemp("pre-commit-home")


def _project(tmp_path: Path, hook_repo: tuple[Path, str, Path], hook_id: str) -> Path:
    snapshot, commit, _ = hook_repo
    project = tmp_path / "project"
    (project / "infra").mkdir(parents=True)
    git(project, "init", "-q")
    hook = {"id": hook_id, "args": ["--check", "IAC-AWS-S3-001"]}
    config = {"repos": [{"repo": str(snapshot), "rev": commit, "hooks": [hook]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (project / "infra" / "bucket.tf").write_text(BUCKET)
    (project / "infra" / "old.tf").write_text(OLD_PUBLIC)
    git(project, "add", ".")
    git(project, "commit", "-qm", "existing code", "--no-verify")
    return project


def _run(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env["PATH"] = f"{PRE_COMMIT.parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        args, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_hook_fails_on_a_misconfiguration_and_passes_once_fixed(
    tmp_path: Path, hook_repo: tuple[Path, str, Path]
) -> None:
    home = hook_repo[2]
    project = _project(tmp_path, hook_repo, "iacscan")
    assert _run(project, home, str(PRE_COMMIT), "install").returncode == 0

    # A public ACL in a new file of the module: evaluated with bucket.tf (the bucket it names),
    # reported on the changed file only (old.tf's old finding is not this commit's business).
    (project / "infra" / "acl.tf").write_text(PUBLIC_ACL)
    git(project, "add", "infra/acl.tf")
    failed = _run(project, home, "git", "commit", "-m", "add an acl")
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0, output
    assert "infra/acl.tf:3" in output
    assert "IAC-AWS-S3-001" in output
    assert "old.tf" not in output
    assert "1 in unchanged files" in output
    assert git(project, "log", "--format=%s") == "existing code\n"

    (project / "infra" / "acl.tf").write_text(PUBLIC_ACL.replace("public-read", "private"))
    git(project, "add", "infra/acl.tf")
    passed = _run(project, home, "git", "commit", "-m", "add a private acl")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(project, "log", "--format=%s") == "add a private acl\nexisting code\n"

    # The hook's wall time on one changed file with its environment built (shown with -s).
    started = time.perf_counter()
    timed = _run(project, home, str(PRE_COMMIT), "run", "iacscan", "--files", "infra/acl.tf")
    print(f"\npre-commit run iacscan on one file (warm): {time.perf_counter() - started:.2f} s")
    assert timed.returncode == 0, timed.stdout


def test_terraform_only_variant_skips_other_formats(
    tmp_path: Path, hook_repo: tuple[Path, str, Path]
) -> None:
    home = hook_repo[2]
    project = _project(tmp_path, hook_repo, "iacscan-terraform")
    (project / "pod.yaml").write_text(POD)
    (project / "infra" / "acl.tf").write_text(PUBLIC_ACL)
    git(project, "add", ".")
    result = _run(project, home, str(PRE_COMMIT), "run")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "iacscan (Terraform)" in output
    assert "infra/acl.tf:3" in output
    assert "pod.yaml" not in output


# --- `iacscan hook` itself, without pre-commit ---------------------------------------------

VARIABLE_ACL = (
    'variable "acl" {\n  default = "private"\n}\n\n'
    'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n  acl    = var.acl\n}\n'
)


def _hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *files: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["hook", "--check", "IAC-AWS-S3-001", *files])


def test_hook_reports_only_changed_files_of_a_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "bucket.tf").write_text(BUCKET)
    (tmp_path / "infra" / "acl.tf").write_text(PUBLIC_ACL)
    (tmp_path / "infra" / "old.tf").write_text(OLD_PUBLIC)
    result = _hook(tmp_path, monkeypatch, "infra/acl.tf")
    assert result.exit_code == 1
    assert "infra/acl.tf:3" in result.stdout
    assert "old.tf" not in result.stdout
    assert "1 in unchanged files" in result.stdout
    assert _hook(tmp_path, monkeypatch, "infra/bucket.tf").exit_code == 1  # its resource changed
    assert _hook(tmp_path, monkeypatch).exit_code == 0  # no files: nothing to do


def test_a_changed_tfvars_file_reports_on_its_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(VARIABLE_ACL)
    (tmp_path / "terraform.tfvars").write_text('acl = "public-read"\n')
    result = _hook(tmp_path, monkeypatch, "terraform.tfvars")
    assert result.exit_code == 1, result.stdout
    assert "main.tf:7" in result.stdout
