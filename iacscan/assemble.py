"""From what the user asked (command line + .iacscan.yaml) to a `ScanConfig` and a gate.

The CLI parses options into a `Request`; `prepare` finds and validates the config file, loads
the checks, reads the baseline and the git diff, and returns everything a command needs. Every
problem becomes a `SetupError` whose message names the file, the line and what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iacscan.baseline import Baseline, BaselineError, load_baseline
from iacscan.check import Check, Severity
from iacscan.config import (
    CommandLine,
    ConfigError,
    ProjectConfig,
    check_ids,
    find_config,
    load_config,
    merge,
    untrusted_code,
)
from iacscan.diff_aware import Changes
from iacscan.discovery import DiscoveryOptions, relative_posix
from iacscan.execution import ExecutionOptions
from iacscan.frameworks.base import ParseOptions
from iacscan.scan import ScanConfig
from iacscan.suppress.apply import SuppressionPolicy

DEFAULT_FAIL_ON = Severity.LOW


class SetupError(Exception):
    """Bad configuration, check folder, baseline or git ref: a usage error (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Request:
    """A command's inputs as typed. `config_file` is `--config`; without it `.iacscan.yaml` in
    the scan root is used, and trusted to load code only with `trust_config_checks`."""

    root: Path
    cli: CommandLine = field(default_factory=CommandLine)
    config_file: Path | None = None
    trust_config_checks: bool = False
    parse: ParseOptions = field(default_factory=ParseOptions)
    max_file_bytes: int = DiscoveryOptions().max_file_bytes
    follow_symlinks: bool = False
    include_terraform_cache: bool = False
    execution: ExecutionOptions = field(default_factory=ExecutionOptions)
    diff_base: str = ""
    changed_files: tuple[str, ...] | None = None  # pre-commit: report on these files only
    use_baseline: bool = True
    allowed_regions: tuple[str, ...] = ()  # --allowed-region: replaces the config file's list


@dataclass(frozen=True, slots=True)
class Prepared:
    scan: ScanConfig
    project: ProjectConfig

    @property
    def fail_on(self) -> Callable[[str], Severity]:
        return self.project.fail_on_for(DEFAULT_FAIL_ON)


def prepare(request: Request) -> Prepared:
    project = merge(_read_config(request), request.cli)
    problem = untrusted_code(project)
    if problem is not None:
        raise SetupError(str(problem))
    checks = _load_checks(project)
    changes, label = _changes(request)
    scan = ScanConfig(
        root=request.root,
        checks=checks,
        frameworks=project.frameworks,
        parse=request.parse,
        discovery=DiscoveryOptions(
            max_file_bytes=request.max_file_bytes,
            exclude=project.exclude,
            follow_symlinks=request.follow_symlinks,
            include_terraform_cache=request.include_terraform_cache,
        ),
        execution=request.execution,
        settings=_settings(project, request.allowed_regions),
        overrides=project.overrides,
        suppression=SuppressionPolicy(
            enabled=project.suppressions.enabled,
            require_reason=project.suppressions.require_reason,
            require_expiry=project.suppressions.require_expiry,
            mandatory=project.mandatory_checks,
        ),
        baseline=_baseline(project) if request.use_baseline else None,
        changes=changes,
        changes_label=label,
    )
    return Prepared(scan, project)


def _read_config(request: Request) -> ProjectConfig:
    try:
        if request.config_file is not None:
            return load_config(request.config_file, trusted=True)
        found = find_config(request.root)
        if found is None:
            return ProjectConfig()
        return load_config(found, trusted=request.trust_config_checks)
    except ConfigError as exc:
        raise SetupError(str(exc)) from exc


def _load_checks(project: ProjectConfig) -> list[Check]:
    from iacscan.registry import CheckLoadError, CheckSelection, load_checks

    try:
        everything = load_checks(project.checks_dirs)
    except CheckLoadError as exc:
        raise SetupError(str(exc)) from exc

    def known(check_id: str) -> bool:
        return any(c.meta.matches_id(check_id) for c in everything)

    errors = check_ids(project, known)
    if errors:
        raise SetupError("\n".join(str(e) for e in errors))
    selection = CheckSelection(project.checks, project.skip_checks, project.frameworks)
    return [c for c in everything if selection.wants(c.meta)]


def _changes(request: Request) -> tuple[Changes | None, str]:
    if request.changed_files is not None:
        return Changes(whole=frozenset(request.changed_files)), ""
    if not request.diff_base:
        return None, ""
    from iacscan.diff_aware import DiffError, git_changes

    try:
        return git_changes(request.root, request.diff_base), request.diff_base
    except DiffError as exc:
        raise SetupError(str(exc)) from exc


def _baseline(project: ProjectConfig) -> Baseline | None:
    if project.baseline is None:
        return None
    try:
        return load_baseline(project.baseline)
    except BaselineError as exc:
        raise SetupError(str(exc)) from exc


def _settings(project: ProjectConfig, allowed_regions: tuple[str, ...]) -> Mapping[str, object]:
    settings: dict[str, object] = {}
    regions = allowed_regions or project.allowed_regions
    if regions:
        settings["allowed_regions"] = regions
    return settings


def hook_targets(files: Sequence[Path], root: Path) -> tuple[list[Path], tuple[str, ...]]:
    """What a pre-commit run scans, and which files it reports on. A Terraform module is a
    folder: a changed `.tf` file is evaluated with every Terraform file and tfvars of its
    folder, but only its own findings are reported; a changed tfvars file changes the values of
    the whole module, so the module's Terraform files are reported on. Other files stand alone."""
    from iacscan.frameworks.detect import TERRAFORM_SUFFIXES, TFVARS_SUFFIXES

    module_files = TERRAFORM_SUFFIXES + TFVARS_SUFFIXES
    targets: dict[Path, None] = {}
    reported: dict[str, None] = {}
    for file in files:
        name = file.name.lower()
        if name.endswith(module_files) and file.parent.is_dir():
            siblings = [
                s for s in sorted(file.parent.iterdir())
                if s.is_file() and s.name.lower().endswith(module_files)
            ]  # fmt: skip
            targets.update(dict.fromkeys(siblings))
            if name.endswith(TFVARS_SUFFIXES):
                terraform = [s for s in siblings if s.name.lower().endswith(TERRAFORM_SUFFIXES)]
                reported.update(dict.fromkeys(relative_posix(s, root) for s in terraform))
        targets[file] = None
        reported[relative_posix(file, root)] = None
    return list(targets), tuple(reported)
