"""Run a command and measure it: wall time, CPU time (user + sys of the child and of the
grandchildren it waited for, from `os.wait4`) and peak resident memory.

The command is started through bench/spawn.py, a small process that does the `wait4` and writes
the figures to a file (see there for why)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    exit_code: int

    def to_json(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


SPAWN = Path(__file__).resolve().parent / "spawn.py"


class CommandFailed(RuntimeError):
    """A measured command exited with a code that means it did not finish its job."""


def run_measured(
    command: Sequence[str],
    stdout: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    ok_codes: tuple[int, ...] = (0, 1),
) -> Measurement:
    """Run `command` with its output in `stdout` (stderr beside it as `.err`, the figures as
    `.usage`)."""
    stderr = stdout.with_suffix(stdout.suffix + ".err")
    usage = stdout.with_suffix(stdout.suffix + ".usage")
    usage.unlink(missing_ok=True)
    launcher = [sys.executable, "-I", "-S", str(SPAWN), str(usage), *command]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        subprocess.run(
            launcher, stdout=out, stderr=err, env=dict(env) if env else None, cwd=cwd, check=False
        )
    try:
        figures = json.loads(usage.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        tail = stderr.read_text(errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(command)} could not be started:\n{tail}") from exc
    code = int(figures["exit_code"])
    if code not in ok_codes:
        tail = stderr.read_text(errors="replace")[-2000:]
        raise CommandFailed(f"{' '.join(command)} exited with {code}:\n{tail}")
    return Measurement(
        wall_s=float(figures["wall_s"]),
        cpu_s=float(figures["cpu_s"]),
        peak_rss_mib=_rss_mib(int(figures["maxrss"])),
        exit_code=code,
    )


def _rss_mib(maxrss: int) -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def median(runs: Sequence[Measurement]) -> dict[str, float]:
    """The median of each figure across runs (each figure on its own)."""
    if not runs:
        raise ValueError("no runs to summarise")
    return {
        "wall_s": round(statistics.median(r.wall_s for r in runs), 3),
        "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3),
        "peak_rss_mib": round(statistics.median(r.peak_rss_mib for r in runs), 1),
    }
