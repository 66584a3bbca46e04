"""The wheel a user installs carries every built-in check, not only the source tree does."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from iacscan.registry import load_checks

ROOT = Path(__file__).resolve().parent.parent


def test_installed_wheel_finds_every_check(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("iacscan-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        cwd=tmp_path,
    )
    # Dependencies come from this environment's site-packages on PYTHONPATH; `.pth` files are
    # not read from there, so this checkout's editable install stays out of the picture.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    listing = subprocess.run(
        [
            str(python),
            "-c",
            "from iacscan.registry import load_checks\n"
            "import iacscan_checks\n"
            "print(iacscan_checks.__file__)\n"
            "print('\\n'.join(c.meta.id for c in load_checks()))",
        ],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.splitlines()
    assert str(env_dir) in listing[0], "checks must load from the installed wheel"
    assert listing[1:] == [c.meta.id for c in load_checks()]
