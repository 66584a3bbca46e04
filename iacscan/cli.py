"""The command line: parse options, call the scanner, pick reporters, set the exit code."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from iacscan import __version__
from iacscan.check import Severity
from iacscan.execution.options import DEFAULT_PARSE_TIMEOUT
from iacscan.gate import EXIT_CODE_HELP, exit_code
from iacscan.graph.model import Framework
from iacscan.report import FORMATS

OUTPUT_FORMATS = tuple(FORMATS)
FRAMEWORK_NAMES = tuple(f.value for f in Framework)
SEVERITY_NAMES = tuple(s.value for s in Severity)


def _split_ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def _parse_assignments(values: Iterable[str], option: str) -> dict[str, str]:
    result = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint=option)
        result[name.strip()] = text
    return result


def _parse_outputs(values: Sequence[str]) -> list[tuple[str, Path | None]]:
    outputs: list[tuple[str, Path | None]] = []
    for value in values or ("text",):
        fmt, sep, target = value.partition("=")
        fmt = fmt.strip().lower()
        if fmt not in OUTPUT_FORMATS:
            raise click.BadParameter(
                f"unknown format {fmt!r}; choose from {', '.join(OUTPUT_FORMATS)}",
                param_hint="-o/--output",
            )
        outputs.append((fmt, Path(target) if sep and target else None))
    if sum(1 for _, target in outputs if target is None) > 1:
        raise click.BadParameter(
            "only one format can go to standard output; write the others to files with FORMAT=PATH",
            param_hint="-o/--output",
        )
    return outputs


def _scan_root(paths: Sequence[Path], root: Path | None) -> Path:
    """The folder that reported paths are relative to: --root, else the current directory
    when every path lies inside it (so paths stay clickable and match the repository for
    SARIF), else the paths' common parent."""
    if root is not None:
        return root.resolve()
    cwd = Path.cwd().resolve()
    resolved = [p.resolve() for p in paths]
    if all(p == cwd or p.is_relative_to(cwd) for p in resolved):
        return cwd
    return Path(os.path.commonpath([p if p.is_dir() else p.parent for p in resolved]))


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


class _Commands(click.Group):
    """The command group; drift's commands are imported only when one of them (or the command
    list in `--help`) is wanted, which keeps a scan's start-up short."""

    lazy: Mapping[str, tuple[str, str]] = {
        "drift": ("iacscan.drift.commands", "drift_command"),
        "inventory": ("iacscan.drift.commands", "inventory_group"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            import importlib

            module, name = self.lazy[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="iacscan")
def main() -> None:
    """iacscan finds security misconfigurations in infrastructure as code (Terraform,
    CloudFormation/SAM, Azure ARM, Kubernetes) before it is deployed.

    \b
    Start with:
      iacscan scan .                 scan the current directory
      iacscan checks list            list the built-in checks
      iacscan checks show ID         explain one check and how to fix it
    """


def _input_options(function: Callable[..., None]) -> Callable[..., None]:
    """Options every scanning command shares: what to scan, with which checks and settings,
    and `-o` for reports."""
    return _scan_options(output=True)(function)


def _scan_options(output: bool) -> Callable[[Callable[..., None]], Callable[..., None]]:
    options = [
        click.option("-o", "--output", "outputs", multiple=True, metavar="FORMAT[=FILE]",
                     help=f"Report format: {', '.join(OUTPUT_FORMATS)}. Repeat for several; add "
                     "=FILE to write one to a file (e.g. -o text -o sarif=results.sarif). "
                     "Default: text."),
        click.option("--framework", "frameworks", multiple=True, type=click.Choice(FRAMEWORK_NAMES),
                     help="Scan only these frameworks (repeatable). Default: all."),
        click.option("--check", "include", multiple=True, metavar="ID",
                     help="Run only these checks: our ids, names, or Checkov/tfsec ids "
                     "(repeatable, comma-separated)."),
        click.option("--skip-check", "skip", multiple=True, metavar="ID",
                     help="Skip these checks: our ids, names, or Checkov/tfsec ids (repeatable, "
                     "comma-separated)."),
        click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), default=None,
                     help="Lowest severity that makes the scan exit with 1. Default: the config "
                     "file's fail_on, else low."),
        click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only."),
        click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False,
                     exists=True), help="Read settings from this file instead of .iacscan.yaml "
                     "in the scan root (trusted: its checks_dir is loaded)."),
        click.option("--trust-config-checks", is_flag=True,
                     help="Let the .iacscan.yaml found in the scan root load Python checks from "
                     "its checks_dir (off by default: a pull request could add hostile code)."),
        click.option("--suppressions/--no-suppressions", "suppressions", default=None,
                     help="Honour inline suppressions (default: the config's "
                     "suppressions.enabled, else on)."),
        click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
                     help="Report and fail only on findings this baseline file does not hold."),
        click.option("--checks-dir", "--policy-dir", "checks_dir", multiple=True,
                     type=click.Path(path_type=Path, file_okay=False),
                     help="Also load checks from this folder: Python checks (*.py) and YAML "
                     "policies (*.yaml) (repeatable)."),
        click.option("--var", "tf_vars", multiple=True, metavar="NAME=VALUE",
                     help="Set a Terraform variable (repeatable)."),
        click.option("--var-file", "tf_var_files", multiple=True, type=click.Path(
                     path_type=Path, dir_okay=False, exists=True),
                     help="Read Terraform variables from a .tfvars or .tfvars.json file "
                     "(repeatable)."),
        click.option("--cfn-parameter", "cfn_parameters", multiple=True, metavar="NAME=VALUE",
                     help="Set a CloudFormation or ARM template parameter (repeatable)."),
        click.option("--parameter-file", "parameter_files", multiple=True, type=click.Path(
                     path_type=Path, dir_okay=False, exists=True),
                     help="Read ARM template parameters from a parameters file (repeatable)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip files whose path relative to the scan root matches (repeatable)."),
        click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True),
                     help="Report file paths relative to this folder. Default: the current "
                     "folder when the paths are inside it."),
        click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024,
                     show_default=True, help="Files larger than this many bytes are reported, "
                     "not read."),
        click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links to folders "
                     "and to files outside the scan root (off: a link is reported, not followed)."),
        click.option("--include-terraform-cache", is_flag=True, help="Also scan files under "
                     ".terraform folders (modules are read from there in any case)."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Processes for parsing and checks; 0: one per CPU, 1: no workers. "
                     "Scans under 40 files parse, and graphs under 1,500 resources are "
                     "checked, in this process."),
        click.option("--parse-timeout", type=click.FloatRange(min=0, min_open=True),
                     default=DEFAULT_PARSE_TIMEOUT, show_default=True, metavar="SECONDS",
                     help="A file that takes longer to parse is reported as an error and skipped."),
        click.option("--cache/--no-cache", default=False, show_default=True,
                     help="Reuse parse results of unchanged files from the per-user cache "
                     "($XDG_CACHE_HOME/iacscan)."),
        click.option("--color/--no-color", default=None, help="Colour the text report. Default: "
                     "when writing to a terminal and NO_COLOR is unset."),
    ]  # fmt: skip

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options if output else options[1:]):
            function = option(function)
        return function

    return decorate


def _request(targets: Sequence[Path], options: Mapping[str, Any], **extra: Any) -> Any:
    """The `Request` the assembly layer takes, from the parsed options."""
    from iacscan.assemble import Request
    from iacscan.config import CommandLine
    from iacscan.execution.options import ExecutionOptions
    from iacscan.frameworks.base import ParseOptions

    fail_on = options["fail_on"]
    cli = CommandLine(
        fail_on=Severity.parse(fail_on) if fail_on else None,
        checks=_split_ids(options["include"]),
        skip_checks=_split_ids(options["skip"]),
        exclude=tuple(options["exclude"]),
        frameworks=tuple(Framework(f) for f in options["frameworks"]),
        checks_dirs=tuple(options["checks_dir"]),
        baseline=options["baseline"],
        suppressions_enabled=options["suppressions"],
    )
    return Request(
        root=_scan_root(targets, options["root"]),
        cli=cli,
        config_file=options["config_file"],
        trust_config_checks=options["trust_config_checks"],
        parse=ParseOptions(
            tf_vars=_parse_assignments(options["tf_vars"], "--var"),
            tf_var_files=tuple(options["tf_var_files"]),
            cfn_parameters=_parse_assignments(options["cfn_parameters"], "--cfn-parameter"),
            parameter_files=tuple(options["parameter_files"]),
        ),
        max_file_bytes=options["max_file_size"],
        follow_symlinks=options["follow_symlinks"],
        include_terraform_cache=options["include_terraform_cache"],
        execution=ExecutionOptions(
            parse_timeout=options["parse_timeout"], jobs=options["jobs"], cache=options["cache"]
        ),
        **extra,
    )


def _prepare(request: Any) -> Any:
    from iacscan.assemble import SetupError, prepare

    try:
        return prepare(request)
    except SetupError as exc:
        raise click.UsageError(str(exc)) from exc


def _run_scan(targets: Sequence[Path], options: Mapping[str, Any], **extra: Any) -> Any:
    """Prepare (config, checks, baseline, diff) and scan; returns the result and the setup."""
    from iacscan.scan import scan as run_scan

    prepared = _prepare(_request(targets, options, **extra))
    return run_scan(targets, prepared.scan), prepared


def _run_and_report(targets: Sequence[Path], options: Mapping[str, Any], **extra: Any) -> None:
    """Scan, write every requested report, exit with the gate's code."""
    from iacscan.atomic import write_text_atomic
    from iacscan.report import render_report
    from iacscan.report.options import ReportOptions

    reports = _parse_outputs(options["outputs"])
    compliance = extra.pop("compliance", ())
    result, prepared = _run_scan(targets, options, **extra)
    if compliance:
        from iacscan.compliance import build_reports

        try:
            result.compliance = build_reports(result, compliance)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    for fmt, target in reports:
        report_options = ReportOptions(
            color=_use_color(options["color"]) and target is None,
            quiet=options["quiet"],
            tool_version=__version__,
        )
        text = render_report(fmt, result, report_options)
        if target is None:
            click.echo(text, nl=False)
        else:
            write_text_atomic(target, text)
    sys.exit(exit_code(result, prepared.fail_on))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_input_options
@click.option(
    "--diff-base",
    metavar="REF",
    default="",
    help="Report only findings on lines, or in resources, changed since this git ref "
    "(compared with its merge base with HEAD; untracked files count as changed).",
)
@click.option(
    "--allowed-region",
    "allowed_regions",
    multiple=True,
    metavar="REGION",
    help="A region or location resources may use (repeatable); replaces allowed_regions of "
    "the config file. Without any, the data-residency check stays silent.",
)
@click.option(
    "--compliance",
    multiple=True,
    metavar="BENCHMARK",
    help="Also report each control of a benchmark as pass, fail or not applicable, with the "
    "findings behind it (text, json, markdown). Name it by a prefix of its key: cis-aws, "
    "cis-azure, cis-gcp, cis-kubernetes, nist-800-53, pci-dss (repeatable).",
)
def scan(
    paths: tuple[Path, ...],
    diff_base: str,
    allowed_regions: tuple[str, ...],
    compliance: tuple[str, ...],
    **options: Any,
) -> None:
    """Scan files and directories (default: the current directory) for misconfigurations.

    Settings come from .iacscan.yaml in the scan root (or --config); options given here replace
    them.

    \b
    Examples:
      iacscan scan infra/
      iacscan scan . -o text -o sarif=iacscan.sarif --fail-on high
      iacscan scan main.tf --var env=prod --skip-check CKV_AWS_18
      iacscan scan . --baseline .iacscan-baseline.json --diff-base origin/main
      iacscan scan infra/ --compliance cis-aws -o markdown=compliance.md
    """
    _run_and_report(
        list(paths) or [Path(".")],
        options,
        diff_base=diff_base,
        allowed_regions=tuple(allowed_regions),
        compliance=compliance,
    )


scan.help = inspect.cleandoc(scan.help or "") + "\n\n" + EXIT_CODE_HELP


@main.group()
def checks() -> None:
    """List and explain the checks iacscan runs."""


@checks.command("list")
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--framework",
    "frameworks",
    multiple=True,
    type=click.Choice(FRAMEWORK_NAMES),
    help="Only checks for these frameworks.",
)
@click.option(
    "--checks-dir",
    "--policy-dir",
    "checks_dir",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Include Python checks and YAML policies from this folder.",
)
def list_checks(output: str, frameworks: tuple[str, ...], checks_dir: tuple[Path, ...]) -> None:
    """List checks with id, severity, frameworks and title (or everything as JSON)."""
    from iacscan.catalog import catalog_json, catalog_text
    from iacscan.registry import CheckLoadError, CheckSelection, load_checks

    selection = CheckSelection(frameworks=tuple(Framework(f) for f in frameworks))
    try:
        metas = [c.meta for c in load_checks(checks_dir, selection)]
    except CheckLoadError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(catalog_json(metas) if output == "json" else catalog_text(metas), nl=False)


@checks.command("show")
@click.argument("check_id")
@click.option(
    "--checks-dir",
    "--policy-dir",
    "checks_dir",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Include Python checks and YAML policies from this folder.",
)
def show_check(check_id: str, checks_dir: tuple[Path, ...]) -> None:
    """Explain one check: what it looks for, why it matters and how to fix it. CHECK_ID may be
    our id or name, or an equivalent Checkov/tfsec id."""
    from iacscan.catalog import describe
    from iacscan.registry import CheckLoadError, load_checks

    try:
        loaded = load_checks(checks_dir)
    except CheckLoadError as exc:
        raise click.UsageError(str(exc)) from exc
    matches = [c.meta for c in loaded if c.meta.matches_id(check_id)]
    if not matches:
        raise click.UsageError(f"no check matches {check_id!r}; `iacscan checks list` lists them")
    click.echo("\n".join(describe(m) for m in matches), nl=False)


# The shift-left commands (hook, init, baseline, suppressions) live in their own module.
from iacscan import cli_gate  # noqa: E402

cli_gate.register(main)


if __name__ == "__main__":
    sys.exit(main())
