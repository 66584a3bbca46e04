"""Run the checks of a large scan on every CPU: the checks are split into shards, one per
process, and forked children judge their shards on the parent's graph (shared copy-on-write,
never pickled). Findings travel back as plain tuples naming their check and resource, and are
rebuilt here, so the report is the same as from one process.

Only where fork is safe (Linux) and the graph is large: below `MIN_RESOURCES` a fork costs
more than it saves. A child that dies or sends nothing costs time, not findings: the parent
judges that shard itself.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from iacscan.check import ANY_TYPE, Check
from iacscan.engine import deduplicate, judge
from iacscan.findings import Finding
from iacscan.frameworks.base import FileError
from iacscan.graph.graph import ResourceGraph

MIN_RESOURCES = 1500

# (check index in the shard, resource id, file, start line, end line, message, path)
_SentFinding = tuple[int, str, str, int, int, str, tuple[Any, ...]]
_Sent = tuple[list[_SentFinding], list[FileError], Counter[str]]


def run_checks_on_cpus(
    checks: Sequence[Check],
    graph: ResourceGraph,
    jobs: int,
    settings: Mapping[str, Any] | None = None,
    visited: Counter[str] | None = None,
) -> tuple[list[Finding], list[FileError]]:
    """What `engine.run_checks` returns, with the work spread over `jobs` processes."""
    if jobs < 2 or len(graph) < MIN_RESOURCES or not sys.platform.startswith("linux"):
        findings, errors = judge(checks, graph, settings, visited)
        return deduplicate(findings), errors
    import multiprocessing

    context = multiprocessing.get_context("fork")
    shards = split_by_work(checks, graph, jobs)
    children = []
    for shard in shards[1:]:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_judge_in_child, args=(shard, graph, settings, sender), daemon=True
        )
        process.start()
        sender.close()
        children.append((shard, process, receiver))
    findings, errors = judge(shards[0], graph, settings, visited)
    for shard, process, receiver in children:
        sent = _receive(receiver)
        process.join()
        if sent is None:  # the child died: judge its shard here
            more, more_errors = judge(shard, graph, settings, visited)
        else:
            more, more_errors = _rebuild(sent, shard, graph), sent[1]
            if visited is not None:
                visited.update(sent[2])
        findings.extend(more)
        errors.extend(more_errors)
    return deduplicate(findings), errors


def split_by_work(checks: Sequence[Check], graph: ResourceGraph, parts: int) -> list[list[Check]]:
    """`parts` shards of about equal work, counted as resources visited; the order of checks
    inside a shard is kept."""
    per_framework = Counter(r.framework for r in graph if r.kind == "resource")
    work = []
    for index, check in enumerate(checks):
        visits = 0
        for framework, type_keys in check.meta.targets.items():
            for type_key in type_keys:
                if type_key == ANY_TYPE:
                    visits += per_framework[framework]
                else:
                    visits += len(graph.of_type(framework, type_key))
        work.append((visits, index))
    loads = [0] * parts
    chosen: list[list[int]] = [[] for _ in range(parts)]
    for visits, index in sorted(work, reverse=True):
        lightest = loads.index(min(loads))
        loads[lightest] += visits + 1
        chosen[lightest].append(index)
    return [[checks[i] for i in sorted(indexes)] for indexes in chosen]


def _judge_in_child(
    shard: list[Check], graph: ResourceGraph, settings: Mapping[str, Any] | None, sender: Any
) -> None:
    try:
        visited: Counter[str] = Counter()
        findings, errors = judge(shard, graph, settings, visited)
        position = {id(check.meta): index for index, check in enumerate(shard)}
        sent = [
            (
                position[id(f.check)],
                f.resource.id,
                f.file,
                f.start_line,
                f.end_line,
                f.message,
                f.path,
            )
            for f in findings
        ]
        sender.send((sent, errors, visited))
    finally:
        sender.close()
        os._exit(0)  # no atexit handlers or flushes of the parent's state


def _receive(receiver: Any) -> _Sent | None:
    try:
        sent: _Sent = receiver.recv()
    except (EOFError, OSError):
        return None
    finally:
        receiver.close()
    return sent


def _rebuild(sent: _Sent, shard: list[Check], graph: ResourceGraph) -> list[Finding]:
    findings = []
    for index, resource_id, file, start, end, message, path in sent[0]:
        resource = graph.get(resource_id)
        if resource is None:
            raise RuntimeError(f"a check process named an unknown resource {resource_id!r}")
        findings.append(Finding(shard[index].meta, resource, file, start, end, message, path))
    return findings
