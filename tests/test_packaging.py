"""The wheel a user installs carries every built-in check, not only the source tree does."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.checkout import copy_checkout


def test_installed_wheel_finds_every_check(tmp_path: Path) -> None:
    source = copy_checkout(tmp_path / "source")
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
            str(source),
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
    script = (
        "import pkgutil, iacscan_checks\n"
        "from iacscan.registry import load_checks\n"
        "print(iacscan_checks.__file__)\n"
        "print(len(load_checks()))\n"
        "for m in pkgutil.walk_packages(iacscan_checks.__path__, 'iacscan_checks.'):\n"
        "    print(m.name)\n"
    )
    output = subprocess.run(
        [str(python), "-c", script],
        check=True, cwd=tmp_path, capture_output=True, text=True, env=env,
    ).stdout.splitlines()  # fmt: skip
    location, count, modules = output[0], int(output[1]), set(output[2:])
    assert str(env_dir) in location, "checks must load from the installed wheel"
    expected = {
        "iacscan_checks." + ".".join(p.relative_to(source / "checks").with_suffix("").parts)
        for p in (source / "checks").rglob("*.py")
        if p.name != "__init__.py"
    }
    expected |= {
        "iacscan_checks." + ".".join(p.relative_to(source / "checks").parts)
        for p in (source / "checks").rglob("*")
        if p.is_dir() and (p / "__init__.py").is_file()
    }
    assert modules == expected
    assert count > 0
