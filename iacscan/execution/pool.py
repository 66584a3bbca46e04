"""Parse units in worker processes: in parallel, and with a time limit nothing can dodge.

Each worker is a process with a pipe. The parent hands out units largest first (so a big module
does not start last and finish alone), `IN_FLIGHT` to a worker at a time so that a worker never
sits idle while the parent unpickles another worker's result, stores each result at its unit's
index (so the merged order is the units' order whatever order workers finish in), and keeps a
deadline for the unit each worker is parsing. Inside a worker the limit is SIGALRM's, as in a
single process (the worker loop runs on its main thread), so both paths report the same; on top
of that the parent kills a worker that overruns its unit's budget by `GRACE` and replaces it,
and the unit becomes a `limit` error. A worker that dies (a C extension's segmentation fault,
the out-of-memory killer) costs only the unit it was reading; the next one it held goes back
to the queue. Killing is the only limit that also stops C code that never returns to
Python, which is why the pool, not SIGALRM, is the fallback wherever SIGALRM cannot be used.

Start method: fork where the platform offers it safely (Linux): no re-import, modules the
parent already loaded are shared, and a worker finds the units in the memory it inherited, so
only their indexes cross the pipe. Elsewhere spawn, which imports this module afresh and is
sent each unit.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
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
# Units a worker holds at once: the one it parses and the next one, already in its pipe.
IN_FLIGHT = 2


@dataclass(slots=True)
class _Worker:
    """A worker process, the units it holds (the first is being parsed) and that unit's
    deadline."""

    process: BaseProcess
    conn: Connection
    tasks: deque[int] = field(default_factory=deque)
    deadline: float = float("inf")


@dataclass(frozen=True, slots=True)
class _Job:
    """What the workers of one call share. Forked workers inherit it, so a task is an index."""

    units: Sequence[ScanUnit]
    options: ParseOptions
    timeout: float | None
    context: Any  # a ForkContext or SpawnContext (typeshed has no common type)

    @property
    def forked(self) -> bool:
        return bool(self.context.get_start_method() == "fork")


def parse_in_workers(
    units: Sequence[ScanUnit], options: ParseOptions, jobs: int, timeout: float | None
) -> list[ParseResult]:
    """Every unit's result, in the order of `units`, parsed by `jobs` worker processes."""
    results: list[ParseResult | None] = [None] * len(units)
    pending = sorted(range(len(units)), key=lambda i: _size(units[i]))  # pop() takes the largest
    job = _Job(units, options, timeout, _context())
    if job.forked and (timeout is None or alarm_usable()):
        for index in _first_of_each_framework(units, pending):
            pending.remove(index)
            results[index] = parse_in_process(units[index], options, timeout)
    workers = [_start(job) for _ in range(max(1, min(jobs, len(units))))]
    try:
        while pending or any(w.tasks for w in workers):
            for worker in workers:
                while len(worker.tasks) < IN_FLIGHT and pending:
                    index = pending.pop()
                    if not _assign(worker, index, job):
                        pending.append(index)  # it died holding units: see `_collect`
                        break
            _collect(workers, job, results, pending)
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


def _start(job: _Job) -> _Worker:
    parent, child = job.context.Pipe()
    shared = job if job.forked else None  # a spawned worker is sent each unit instead
    process = job.context.Process(
        target=_work, args=(child, shared), daemon=True, name="iacscan-parser"
    )
    process.start()
    child.close()
    return _Worker(process, parent)


def _assign(worker: _Worker, index: int, job: _Job) -> bool:
    """Send a unit to the worker; False when the worker died holding other units (its crash
    is handled when collecting)."""
    task = index if job.forked else (index, job.units[index], job.options, job.timeout)
    for _ in range(2):  # a worker that died while idle is replaced once
        try:
            worker.conn.send(task)
        except OSError:
            if worker.tasks:
                return False
            _replace(worker, job)
            continue
        worker.tasks.append(index)
        if len(worker.tasks) == 1:
            _start_clock(worker, job)
        return True
    raise RuntimeError("cannot start a parser worker process")


def _start_clock(worker: _Worker, job: _Job) -> None:
    """Set the deadline of the unit the worker is now parsing (the first it holds)."""
    if not worker.tasks or not job.timeout:
        worker.deadline = float("inf")
        return
    unit = job.units[worker.tasks[0]]
    worker.deadline = time.monotonic() + budget(unit, job.timeout) + GRACE


def _collect(
    workers: list[_Worker], job: _Job, results: list[ParseResult | None], pending: list[int]
) -> None:
    """Wait for the first result, death or deadline among the busy workers, and handle them.
    The units a lost worker held but had not started go back to `pending`."""
    busy = [w for w in workers if w.tasks]
    if not busy:
        return
    timeout = job.timeout
    wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if timeout else None
    ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
    for worker in busy:
        index = worker.tasks[0]
        if worker.conn in ready:
            try:
                done, result = worker.conn.recv()
            except (EOFError, OSError):
                pass  # died while answering: handled as a crash below
            else:
                results[done] = result
                worker.tasks.popleft()
                _start_clock(worker, job)
                continue
        if worker.conn in ready or worker.process.sentinel in ready:
            results[index] = ParseResult(errors=_crash_errors(job.units[index], worker))
        elif time.monotonic() >= worker.deadline:
            results[index] = ParseResult(errors=timeout_errors(job.units[index], timeout or 0))
        else:
            continue
        worker.tasks.popleft()
        pending.extend(worker.tasks)  # not started: the next worker free takes them
        worker.tasks.clear()
        _replace(worker, job)


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


def _replace(worker: _Worker, job: _Job) -> None:
    _stop(worker)
    fresh = _start(job)
    worker.process, worker.conn, worker.deadline = fresh.process, fresh.conn, float("inf")
    worker.tasks.clear()


def _stop(worker: _Worker) -> None:
    if not worker.tasks and worker.process.is_alive():
        try:
            worker.conn.send(None)
            worker.process.join(1)
        except OSError:
            pass
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()


def _work(conn: Connection, shared: _Job | None) -> None:
    """A worker's loop: parse the units it is sent (by index when `shared`, the job it
    inherited) until it is sent None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        if shared is not None:
            index, unit, options, timeout = task, shared.units[task], shared.options, shared.timeout
        else:
            index, unit, options, timeout = task
        result = parse_in_process(unit, options, timeout if alarm_usable() else None)
        try:
            conn.send((index, result))
        except Exception as exc:  # a result that does not pickle is a bug, not a crash
            detail = f"the result could not be sent back ({type(exc).__name__}: {exc})"
            conn.send((index, ParseResult(errors=internal_errors(unit, detail))))
