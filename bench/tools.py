"""The two scanners under test: how to install Checkov beside (never inside) iacscan's
environment, and the exact command lines and environments both are run with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Checkov frameworks that match what iacscan reads.
CHECKOV_FRAMEWORKS = ("terraform", "cloudformation", "arm", "kubernetes")

# Keep Checkov offline and quiet: no Prisma Cloud mapping or policy download
# (BC_SKIP_MAPPING, --skip-download) and no PyPI version check (CKV_SKIP_PACKAGE_UPDATE_CHECK).
CHECKOV_ENV = {
    "BC_SKIP_MAPPING": "TRUE",
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE",
    "LOG_LEVEL": "WARNING",
}


class SetupError(RuntimeError):
    """A scanner could not be installed or started."""


@dataclass(frozen=True)
class Tools:
    iacscan_python: str
    checkov: Path | None

    def iacscan_scan(self, target: Path) -> list[str]:
        return [self.iacscan_python, "-m", "iacscan", "scan", relative_target(target), "-o", "json"]

    def iacscan_version(self) -> list[str]:
        return [self.iacscan_python, "-m", "iacscan", "--version"]

    def checkov_scan(
        self, target: Path, frameworks: tuple[str, ...] = CHECKOV_FRAMEWORKS
    ) -> list[str]:
        flag = "-d" if target.is_dir() else "-f"
        return [
            str(self._checkov()),
            flag,
            relative_target(target),
            "-o",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",
            "--framework",
            *frameworks,
        ]

    def checkov_version(self) -> list[str]:
        return [str(self._checkov()), "--version"]

    def _checkov(self) -> Path:
        if self.checkov is None:
            raise SetupError("Checkov is not set up (--skip-checkov was given)")
        return self.checkov


def working_directory(target: Path) -> Path:
    """Both scanners run from inside the target folder and are given a relative path.

    Checkov's Kubernetes runner drops every file whose path contains `/.`, so an absolute
    path through a hidden folder such as bench/.work would hide all manifests from it."""
    return target if target.is_dir() else target.parent


def relative_target(target: Path) -> str:
    return "." if target.is_dir() else target.name


def scanner_env(checkov: bool) -> dict[str, str]:
    # Both tools run as installed tools do: bytecode caches used and written (pip compiles
    # Checkov's at install time; PYTHONDONTWRITEBYTECODE would make iacscan recompile every run).
    dropped = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["NO_COLOR"] = "1"
    if checkov:
        env.update(CHECKOV_ENV)
    return env


def ensure_checkov(venv: Path) -> Path:
    """The `checkov` executable in `venv`, creating the venv and installing the latest Checkov
    into it first when it is not there. Checkov never enters iacscan's own environment."""
    executable = venv / "bin" / "checkov"
    if executable.exists():
        return executable
    base = shutil.which("python3") or sys.executable
    print(f"installing the latest Checkov into {venv} (once; reused afterwards) ...", flush=True)
    steps = [
        [base, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "checkov"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SetupError(f"{' '.join(step)} failed:\n{done.stderr[-2000:]}")
    if not executable.exists():
        raise SetupError(f"{executable} missing after installing Checkov")
    return executable


def version_of(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    text = (done.stdout or done.stderr).strip()
    # `iacscan, version 0.1.0` or `3.3.30`: the last word is the version.
    return text.split()[-1] if text else "unknown"
