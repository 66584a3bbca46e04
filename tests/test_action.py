"""The composite GitHub Action: schema-valid, and its run steps work as a runner would run them.

The runner is emulated: every `run:` step executes in bash with the `GITHUB_*` variables a
pull_request job has (event file, workspace, step summary, outputs and path files), its `env:`
expressions filled from the inputs; `uses:` steps (actions/setup-python) are skipped, and the
python3 on PATH is a fresh virtual environment that sees this environment's dependencies, so the
install step really installs iacscan from the action's folder without downloading them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checkout import copy_checkout
from tests.report_support import sarif_schema, schema_errors
from tests.test_diff_aware import GIT_ENV, git

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
ANNOTATION = re.compile(r"^::(\w+) file=([^,]+),line=(\d+),endLine=(\d+),title=(\S+) ")

OLD = 'resource "aws_s3_bucket" "old" {\n  bucket = "acme-old"\n  acl    = "public-read"\n}\n'
NEW = (
    '\nresource "aws_s3_bucket" "site" {\n  bucket = "acme-site"\n  acl    = "public-read"\n}\n'
    '\nresource "aws_security_group" "ssh" {\n  name = "ssh"\n  ingress {\n'
    '    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n'
    '    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n'
)
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
CONFIG = "checks: [IAC-AWS-S3-001, IAC-AWS-EC2-001, IAC-K8S-POD-001]\n"


def test_action_validates_against_the_github_actions_schema() -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_inputs_reach_scripts_only_through_the_environment() -> None:
    """No `${{ }}` inside a run script: inputs in scripts are a shell-injection hole."""
    for step in yaml.safe_load(ACTION.read_text())["runs"]["steps"]:
        assert "${{" not in step.get("run", "")


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action's checkout, as `uses: iacscan/iacscan@ref` would fetch it."""
    return copy_checkout(tmp_path_factory.mktemp("action"), extra=("action.yml",))


@pytest.fixture(scope="module")
def python_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment whose python3 sees this environment's installed dependencies."""
    env_dir = tmp_path_factory.mktemp("action-python")
    venv.create(env_dir, with_pip=True)
    purelib = sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})
    site = Path(purelib["purelib"])
    site.mkdir(parents=True, exist_ok=True)
    (site / "outer_site.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir / "bin"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, str]:
    """A pull request: main has an old finding; the branch adds new ones."""
    repo = tmp_path / "workspace"
    (repo / "infra").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "infra" / "main.tf").write_text(OLD)
    (repo / ".iacscan.yaml").write_text(CONFIG)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "main")
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-qb", "feature")
    (repo / "infra" / "main.tf").write_text(OLD + NEW)
    (repo / "k8s").mkdir()
    (repo / "k8s" / "pod.yaml").write_text(POD)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "feature")
    return repo, base


def run_action(
    workspace: Path,
    action_path: Path,
    python_bin: Path,
    event: dict[str, Any],
    inputs: dict[str, str],
) -> dict[str, Any]:
    """Run every `run:` step like a runner; returns stdout, step summary, outputs, exit code."""
    action = yaml.safe_load((action_path / "action.yml").read_text())
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    values.update(inputs)
    runner = workspace.parent / "runner"
    runner.mkdir(exist_ok=True)
    files = {name: runner / name for name in ("event.json", "summary.md", "output", "path")}
    files["event.json"].write_text(json.dumps(event))
    for name in ("summary.md", "output", "path"):
        files[name].write_text("")
    env = {
        **os.environ, **GIT_ENV,
        "PATH": f"{python_bin}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true", "CI": "true",
        "GITHUB_EVENT_NAME": "pull_request" if "pull_request" in event else "push",
        "GITHUB_EVENT_PATH": str(files["event.json"]), "GITHUB_BASE_REF": "main",
        "GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": str(action_path),
        "GITHUB_STEP_SUMMARY": str(files["summary.md"]), "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_PATH": str(files["path"]), "RUNNER_TEMP": str(runner),
    }  # fmt: skip
    stdout, code = "", 0
    for step in action["runs"]["steps"]:
        if "uses" in step:
            continue
        step_env = {
            k: EXPRESSION.sub(lambda m: values[m[1]], v) for k, v in step.get("env", {}).items()
        }
        assert not any("${{" in v for v in step_env.values()), step_env
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=workspace, env={**env, **step_env}, capture_output=True, text=True,
            timeout=600, check=False,
        )  # fmt: skip
        stdout += done.stdout
        code = done.returncode
        if code != 0:
            stdout += done.stderr
            break
    outputs = dict(line.split("=", 1) for line in files["output"].read_text().splitlines())
    return {"stdout": stdout, "code": code, "summary": files["summary.md"].read_text(),
            "outputs": outputs}  # fmt: skip


def test_pull_request_run(workspace: tuple[Path, str], action_path: Path, python_env: Path) -> None:
    repo, base = workspace
    event = {"pull_request": {"base": {"sha": base, "ref": "main"}}}
    inputs = {"fail-on": "high", "sarif-file": "out/x.sarif"}
    run = run_action(repo, action_path, python_env, event, inputs)
    assert run["code"] == 1, run["stdout"]
    assert run["outputs"] == {"exit-code": "1", "sarif-file": "out/x.sarif"}
    annotations = [line for line in run["stdout"].splitlines() if line.startswith("::")]
    assert [ANNOTATION.match(a).groups() for a in annotations[:-1]] == [  # type: ignore[union-attr]
        ("error", "infra/main.tf", "8", "8", "IAC-AWS-S3-001"),
        ("error", "infra/main.tf", "17", "17", "IAC-AWS-EC2-001"),
        ("error", "k8s/pod.yaml", "10", "10", "IAC-K8S-POD-001"),
    ]
    assert annotations[-1].startswith(
        "::notice title=iacscan summary::iacscan: 3 findings (3 high)"
    )
    assert "infra/main.tf:3" not in run["stdout"]  # main's old bucket is not this PR's
    summary = run["summary"]
    assert summary.startswith("## iacscan\n\n**3 findings** in 2 files")
    assert "1 outside the diff from " + base in summary
    assert "| High | [IAC-K8S-POD-001](" in summary and "`k8s/pod.yaml:10`" in summary
    sarif = json.loads((repo / "out" / "x.sarif").read_text())
    assert schema_errors(sarif_schema(), sarif) == []
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in sarif["runs"][0]["results"]
    ] == [
        ("IAC-AWS-S3-001", "infra/main.tf", 8),
        ("IAC-AWS-EC2-001", "infra/main.tf", 17),
        ("IAC-K8S-POD-001", "k8s/pod.yaml", 10),
    ]  # fmt: skip


def test_push_run_without_annotations_scans_everything(
    workspace: tuple[Path, str], action_path: Path, python_env: Path
) -> None:
    repo, _ = workspace
    inputs = {"annotate": "false", "fail-on": "critical"}
    run = run_action(repo, action_path, python_env, {}, inputs)
    assert run["code"] == 0, run["stdout"]
    assert not any(line.startswith("::") for line in run["stdout"].splitlines())
    assert "infra/main.tf:3" in run["stdout"]  # plain text report, old finding included
    assert "4 findings (4 high)" in run["stdout"]
    assert run["outputs"]["exit-code"] == "0"
    assert (repo / "iacscan.sarif").is_file()
    assert "**4 findings**" in run["summary"]
