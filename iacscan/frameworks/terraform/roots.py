"""Which Terraform directories are reported as root modules: each resource once, as deployed.

Terraform deploys root modules only; a module directory is deployed through the calls to it.
Every Terraform directory of a scan is parsed as its own unit, and a root also evaluates the
modules it calls, so a module directory inside the scan would otherwise be reported twice:
once alone (with its variable defaults) and once per call (with the caller's inputs). The rules:

1. A directory that a root of the scan calls as a module (local source, or a downloaded one;
   directly or through other modules) is not reported on its own: its resources appear under
   the callers, with module addresses. A directory nobody in the scan calls is a root, whatever
   its variables (then it is evaluated with its variable defaults).
2. A Terraform plan JSON (not a state) in a directory stands for the configuration in that
   directory: the plan's values are what will be deployed, so the resources and data sources
   it holds are taken out of the directory's `.tf` unit (matched by address without instance
   keys; the plan adapter takes the files and lines of its findings from those sources). The
   unit's other blocks (variables, locals, outputs, providers, module calls) and any resource
   the plan does not hold stay. A plan elsewhere (e.g. `plan/plan.json` beside the root
   module's folder) cannot be matched to sources, so both are reported.

A unit that is not reported keeps its parse errors; identical errors and notices reported by
several units (a module's syntax error seen by each caller) are reported once.
"""

from __future__ import annotations

from collections.abc import Sequence

from iacscan.frameworks.base import FileError, ParseResult, ScanUnit
from iacscan.frameworks.terraform.addresses import without_keys
from iacscan.graph.model import Framework

UnitResult = tuple[ScanUnit, ParseResult]
_PLANNED_KINDS = frozenset({"resource", "data"})


def deployed_roots(parsed: Sequence[UnitResult]) -> list[UnitResult]:
    """`parsed` with the results of module directories emptied (errors kept), the resources a
    plan beside them holds taken out of `.tf` units, and duplicate errors and notices dropped."""
    hidden = called_directories(parsed)
    planned = planned_addresses(parsed)
    seen_errors: set[FileError] = set()
    seen_notices: set[FileError] = set()
    settled: list[UnitResult] = []
    for unit, result in parsed:
        if unit.framework is Framework.TERRAFORM and unit.directory in hidden:
            result = ParseResult(errors=result.errors)
        elif unit.framework is Framework.TERRAFORM and unit.directory in planned:
            result = _without_planned(result, planned[unit.directory])
        result.errors[:] = _first_time(result.errors, seen_errors)
        result.notices[:] = _first_time(result.notices, seen_notices)
        settled.append((unit, result))
    return settled


def _without_planned(result: ParseResult, planned: set[str]) -> ParseResult:
    kept = [
        r
        for r in result.resources
        if r.kind not in _PLANNED_KINDS or without_keys(r.address) not in planned
    ]
    return ParseResult(kept, result.edges, result.errors, result.notices)


def called_directories(parsed: Sequence[UnitResult]) -> set[str]:
    """Directories that a root evaluates as modules (`meta["directory"]` of the module calls
    in its result, nested calls included). A root is a Terraform unit that no other unit
    calls; when directories only call each other in a cycle, none is hidden."""
    calls: dict[str, set[str]] = {}
    for unit, result in parsed:
        if unit.framework is not Framework.TERRAFORM:
            continue
        found = calls.setdefault(unit.directory, set())
        for resource in result.resources:
            directory = resource.meta.get("directory") if resource.kind == "module" else None
            if isinstance(directory, str) and directory != unit.directory:
                found.add(directory)
    called = set().union(*calls.values())
    return set().union(*(found for caller, found in calls.items() if caller not in called))


def planned_addresses(parsed: Sequence[UnitResult]) -> dict[str, set[str]]:
    """For each directory holding a Terraform plan (resources with `meta["origin"] ==
    "plan"`), the addresses the plan deploys, without instance keys."""
    found: dict[str, set[str]] = {}
    for unit, result in parsed:
        if unit.framework is not Framework.TERRAFORM_PLAN:
            continue
        for resource in result.resources:
            if resource.meta.get("origin") == "plan":
                found.setdefault(unit.directory, set()).add(without_keys(resource.address))
    return found


def _first_time(problems: list[FileError], seen: set[FileError]) -> list[FileError]:
    kept = []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            kept.append(problem)
    return kept
