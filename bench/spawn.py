"""Run one command and write its wall time and resource usage as JSON; used by bench/measure.py.

    python -I -S bench/spawn.py REPORT.json COMMAND [ARG...]

Why a separate small process: on Linux a child's `ru_maxrss` includes the memory of the process
it was forked from, up to the moment it calls exec. Spawned straight from the benchmark (which
holds large parsed reports) every tool would seem to use at least that much. Spawned from this
script, the floor is this script's own ~10 MiB. Keep it free of imports beyond `os`, `sys`,
`json` and `time` so that floor stays low.
"""

import json
import os
import sys
import time


def main() -> int:
    report, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    figures = {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss": usage.ru_maxrss,
        "exit_code": code,
    }
    with open(report, "w", encoding="utf-8") as out:
        json.dump(figures, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
