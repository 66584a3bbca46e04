"""Parse a scan's units: in this process or in worker processes, under a time limit."""

from __future__ import annotations

import os
from collections.abc import Sequence

from iacscan.execution.deadline import alarm_usable
from iacscan.execution.options import ExecutionOptions
from iacscan.execution.single import parse_in_process
from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit


def parse_units(
    units: Sequence[ScanUnit], options: ParseOptions, execution: ExecutionOptions
) -> list[ParseResult]:
    """Every unit's `ParseResult`, in the order of `units`. Never raises for a unit's content:
    a parser bug, a crash or an overrun becomes errors on that unit's files. With
    `execution.cache`, unchanged units come from the parse cache."""
    if not execution.cache:
        return _parse(units, options, execution)
    from iacscan.execution.cache import ParseCache  # pickle and hashlib only when caching

    cache = ParseCache.open(execution.cache_dir)
    if cache is None:
        return _parse(units, options, execution)
    keys = [cache.key(unit, options) for unit in units]
    results = [cache.get(key) if key else None for key in keys]
    todo = [index for index, result in enumerate(results) if result is None]
    parsed = _parse([units[index] for index in todo], options, execution)
    for index, result in zip(todo, parsed, strict=True):
        results[index] = result
        key = keys[index]
        if key and not any(e.kind in ("internal", "limit") for e in result.errors):
            cache.put(key, result)  # a timeout or a crash may not happen next time
    return [result if result is not None else ParseResult() for result in results]


def _parse(
    units: Sequence[ScanUnit], options: ParseOptions, execution: ExecutionOptions
) -> list[ParseResult]:
    if not units:
        return []
    timeout = execution.parse_timeout
    jobs = worker_count(units, execution)
    in_process_limit = timeout is None or alarm_usable()
    if jobs > 1 or not in_process_limit:
        from iacscan.execution.pool import parse_in_workers

        return parse_in_workers(units, options, jobs, timeout)
    return [parse_in_process(unit, options, timeout) for unit in units]


def worker_count(units: Sequence[ScanUnit], execution: ExecutionOptions) -> int:
    """How many processes parse: 1 (this one) for a small scan or `jobs=1`, else `jobs` or one
    per available CPU, never more than there are units."""
    if execution.jobs == 1 or len(units) < 2:
        return 1
    files = sum(len(unit.files) for unit in units)
    size = sum(len(source.text) for unit in units for source in unit.files)
    if files < execution.pool_min_files or size < execution.pool_min_bytes:
        return 1
    return min(execution.jobs or available_cpus(), len(units))


def check_processes(execution: ExecutionOptions) -> int:
    """How many processes run checks on a large graph: as many as may parse."""
    return 1 if execution.jobs == 1 else execution.jobs or available_cpus()


def available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
