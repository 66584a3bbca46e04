"""The scan pipeline: files -> units -> adapters -> one graph -> checks -> a `ScanResult`."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from iacscan.baseline import Baseline, compare
from iacscan.check import Check
from iacscan.config import PathOverride
from iacscan.diff_aware import Changes, focus
from iacscan.discovery import DiscoveryOptions, iter_sources
from iacscan.execution import ExecutionOptions, parse_unit, parse_units
from iacscan.execution.check_shards import run_checks_on_cpus
from iacscan.execution.runner import check_processes
from iacscan.findings import DiffScope, Finding, ScanResult
from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.detect import FileRole, classify
from iacscan.frameworks.registry import adapter_for
from iacscan.frameworks.terraform.module_texts import module_texts
from iacscan.frameworks.terraform.roots import deployed_roots
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework
from iacscan.risk import contextualise
from iacscan.suppress.apply import SuppressionPolicy, apply_suppressions, collect_directives

__all__ = ["ScanConfig", "build_graph", "collect_units", "parse_unit", "refine", "scan"]


@dataclass(frozen=True, slots=True)
class ScanConfig:
    root: Path
    checks: Sequence[Check]
    frameworks: tuple[Framework, ...] = ()
    parse: ParseOptions = field(default_factory=ParseOptions)
    discovery: DiscoveryOptions = field(default_factory=DiscoveryOptions)
    execution: ExecutionOptions = field(default_factory=ExecutionOptions)  # time limit, workers
    settings: Mapping[str, Any] = field(default_factory=dict)
    # What happens to findings after the checks ran, in this order:
    overrides: tuple[PathOverride, ...] = ()  # per-path skip_checks
    suppression: SuppressionPolicy = field(default_factory=SuppressionPolicy)
    baseline: Baseline | None = None  # report only findings the baseline does not hold
    changes: Changes | None = None  # report only findings on changed lines (diff-aware)
    changes_label: str = ""  # what `changes` are relative to, e.g. the --diff-base ref


@dataclass(slots=True)
class _Collected:
    units: list[ScanUnit] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: int = 0


def collect_units(paths: Sequence[Path], config: ScanConfig) -> _Collected:
    """Read and classify files, then group them: a Terraform directory is one unit."""
    collected = _Collected()
    terraform: dict[str, list[SourceFile]] = defaultdict(list)
    tfvars: dict[str, list[SourceFile]] = defaultdict(list)
    for item in iter_sources(paths, config.root, config.discovery):
        if isinstance(item, FileError):
            collected.errors.append(item)
            continue
        role = classify(item.path.name, item.text)
        directory = str(PurePosixPath(item.rel).parent)
        if role is FileRole.TFVARS:
            tfvars[directory].append(item)
        elif role is FileRole.OTHER or (config.frameworks and role not in config.frameworks):
            collected.skipped += 1
        elif role is Framework.TERRAFORM:
            terraform[directory].append(item)
        else:
            unit = ScanUnit(role, directory, (item,), config.root)
            collected.units.append(unit)
    for directory, files in sorted(terraform.items()):
        extra = tuple(tfvars.pop(directory, ()))
        collected.units.append(
            ScanUnit(Framework.TERRAFORM, directory, tuple(files), config.root, extra)
        )
    collected.skipped += sum(len(files) for files in tfvars.values())
    return collected


def build_graph(results: Sequence[tuple[ScanUnit, ParseResult]]) -> ResourceGraph:
    graph = ResourceGraph()
    by_framework = defaultdict(list)
    for _, result in results:
        for resource in result.resources:
            graph.add(resource)
            by_framework[resource.framework].append(resource)
    for _, result in results:
        for edge in result.edges:
            graph.connect(edge)
    for framework, resources in by_framework.items():
        for edge in adapter_for(framework).link(resources):
            graph.connect(edge)
    return graph


def scan(paths: Sequence[Path], config: ScanConfig) -> ScanResult:
    started = time.perf_counter()
    result = ScanResult(root=config.root, checks=[c.meta for c in config.checks])
    collected = collect_units(paths, config)
    result.errors.extend(collected.errors)
    result.stats.files_skipped = collected.skipped
    results = parse_units(collected.units, config.parse, config.execution)
    # Each Terraform resource once, as deployed: not also from a module directory or from the
    # sources of a plan (rules in iacscan/frameworks/terraform/roots.py).
    parsed = deployed_roots(list(zip(collected.units, results, strict=True)))
    for unit, parsed_unit in parsed:
        result.stats.files_scanned[unit.framework.value] += len(unit.files)
        result.errors.extend(parsed_unit.errors)
        result.notices.extend(parsed_unit.notices)
    graph = build_graph(parsed)
    findings, check_errors = run_checks_on_cpus(
        config.checks,
        graph,
        check_processes(config.execution),
        config.settings,
        visited=result.stats.resources_checked,
    )
    findings = contextualise(findings, graph)
    sources = {f.rel: f.text for unit in collected.units for f in (*unit.files, *unit.extra)}
    sources.update(module_texts(graph, sources, config.root))  # modules outside the paths given
    refine(result, findings, sources, graph, config)
    result.errors.extend(check_errors)
    result.stats.resources = len(graph)
    result.stats.checks_run = len(config.checks)
    result.stats.seconds = time.perf_counter() - started
    result.errors.sort(key=lambda e: (e.file, e.line))
    return result


def refine(
    result: ScanResult,
    findings: list[Finding],
    sources: Mapping[str, str],
    graph: ResourceGraph,
    config: ScanConfig,
) -> None:
    """From what the checks found to what is reported and gated: per-path skips, inline
    suppressions (kept aside, visible), the baseline (known findings hidden), the diff."""
    findings = [f for f in findings if not _skipped_by_path(f, config.overrides)]
    directives = collect_directives(sources, graph)
    outcome = apply_suppressions(findings, directives, sources, config.suppression)
    active, result.suppressed = outcome.active, outcome.suppressed
    result.suppressions = outcome.uses
    result.notices.extend(outcome.notices)
    if config.baseline is not None:
        active, result.baseline = compare(active, config.baseline, outcome.suppressed)
    if config.changes is not None:
        active, hidden = focus(active, config.changes)
        result.suppressed, _ = focus(result.suppressed, config.changes)
        result.diff = DiffScope(config.changes_label, hidden)
    result.findings = active


def _skipped_by_path(finding: Finding, overrides: Sequence[PathOverride]) -> bool:
    return any(
        override.matches(finding.file)
        and any(finding.check.matches_id(s) for s in override.skip_checks)
        for override in overrides
    )
