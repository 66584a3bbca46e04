"""Parse units in worker processes: in parallel, and with a time limit nothing can dodge.

Each worker is a process with a pipe. The parent hands out one unit at a time, largest first
(so a big module does not start last and finish alone), stores each result at its unit's index
(so the merged order is the units' order whatever order workers finish in), and keeps a deadline
per task. Inside a worker the limit is SIGALRM's, as in a single process (the worker loop runs on
its main thread), so both paths report the same; on top of that the parent kills a worker that
overruns its unit's budget by `GRACE` and replaces it, and the unit becomes a `limit` error.
A worker that dies (a C extension's segmentation fault, the out-of-memory killer) costs only the
unit it was reading. Killing is the only limit that also stops C code that never returns to
Python, which is why the pool, not SIGALRM, is the fallback wherever SIGALRM cannot be used.

Start method: fork where the platform offers it safely (Linux): no re-import, and modules the
parent already loaded are shared. Elsewhere spawn, which imports this module afresh.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from iacscan.execution.deadline import alarm_usable
from iacscan.execution.single import (
    budget,
    failure_errors,
    internal_errors,
    parse_in_process,
    timeout_errors,
)
from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit
from iacscan.graph.model import Framework

# Seconds on top of a unit's budget for moving the unit and its result through the pipe.
GRACE = 2.0


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: int | None = None
    deadline: float = float("inf")


def parse_in_workers(
    units: Sequence[ScanUnit], options: ParseOptions, jobs: int, timeout: float | None
) -> list[ParseResult]:
    """Every unit's result, in the order of `units`, parsed by `jobs` worker processes."""
    results: list[ParseResult | None] = [None] * len(units)
    pending = sorted(range(len(units)), key=lambda i: _size(units[i]))  # pop() takes the largest
    context = _context()
    if context.get_start_method() == "fork" and (timeout is None or alarm_usable()):
        for index in _first_of_each_framework(units, pending):
            pending.remove(index)
            results[index] = parse_in_process(units[index], options, timeout)
    workers = [_start(context) for _ in range(max(1, min(jobs, len(units))))]
    try:
        while pending or any(w.task is not None for w in workers):
            for worker in workers:
                if worker.task is None and pending:
                    _assign(worker, pending.pop(), units, options, timeout, context)
            _collect(workers, units, timeout, results, context)
    finally:
        for worker in workers:
            _stop(worker)
    return [result if result is not None else ParseResult() for result in results]


def _first_of_each_framework(units: Sequence[ScanUnit], by_size: list[int]) -> list[int]:
    """The smallest unit of each framework. The parent parses these before forking, so the
    parser modules (cfn-lint alone takes ~0.7 s to import) and the compiled grammar they load
    are shared by every worker instead of loaded again in each."""
    first: dict[Framework, int] = {}
    for index in by_size:
        first.setdefault(units[index].framework, index)
    return list(first.values())


def _size(unit: ScanUnit) -> int:
    return sum(len(source.text) for source in unit.files)


def _context() -> Any:  # a ForkContext or SpawnContext (typeshed has no common type)
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


def _start(context: Any) -> _Worker:
    parent, child = context.Pipe()
    process = context.Process(target=_work, args=(child,), daemon=True, name="iacscan-parser")
    process.start()
    child.close()
    return _Worker(process, parent)


def _assign(
    worker: _Worker,
    index: int,
    units: Sequence[ScanUnit],
    options: ParseOptions,
    timeout: float | None,
    context: Any,
) -> None:
    for _ in range(2):  # a worker that died while idle is replaced once
        try:
            worker.conn.send((index, units[index], options, timeout))
        except OSError:
            _replace(worker, context)
            continue
        worker.task = index
        worker.deadline = (
            time.monotonic() + budget(units[index], timeout) + GRACE if timeout else float("inf")
        )
        return
    raise RuntimeError("cannot start a parser worker process")


def _collect(
    workers: list[_Worker],
    units: Sequence[ScanUnit],
    timeout: float | None,
    results: list[ParseResult | None],
    context: Any,
) -> None:
    """Wait for the first result, death or deadline among the busy workers, and handle them."""
    busy = [w for w in workers if w.task is not None]
    if not busy:
        return
    wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if timeout else None
    ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
    for worker in busy:
        index = worker.task
        assert index is not None
        if worker.conn in ready:
            try:
                done, result = worker.conn.recv()
            except (EOFError, OSError):
                pass  # died while answering: handled as a crash below
            else:
                results[done], worker.task = result, None
                continue
        if worker.conn in ready or worker.process.sentinel in ready:
            results[index] = ParseResult(errors=_crash_errors(units[index], worker))
        elif time.monotonic() >= worker.deadline:
            results[index] = ParseResult(errors=timeout_errors(units[index], timeout or 0))
        else:
            continue
        _replace(worker, context)


def _crash_errors(unit: ScanUnit, worker: _Worker) -> list[FileError]:
    worker.process.join(1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
    else:
        how = f"exited with status {code}"
    message = (
        f"the parser process {how} while reading this file; the file is skipped: please "
        "report it to the iacscan maintainers"
    )
    return failure_errors(unit, message, kind="internal")


def _replace(worker: _Worker, context: Any) -> None:
    _stop(worker)
    fresh = _start(context)
    worker.process, worker.conn, worker.task, worker.deadline = (
        fresh.process,
        fresh.conn,
        None,
        float("inf"),
    )


def _stop(worker: _Worker) -> None:
    if worker.task is None and worker.process.is_alive():
        try:
            worker.conn.send(None)
            worker.process.join(1)
        except OSError:
            pass
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _work(conn: Connection) -> None:
    """A worker's loop: parse the units it is sent until it is sent None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, unit, options, timeout = task
        result = parse_in_process(unit, options, timeout if alarm_usable() else None)
        try:
            conn.send((index, result))
        except Exception as exc:  # a result that does not pickle is a bug, not a crash
            detail = f"the result could not be sent back ({type(exc).__name__}: {exc})"
            conn.send((index, ParseResult(errors=internal_errors(unit, detail))))
