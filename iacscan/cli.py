"""The command line: parse options, call the scanner, pick reporters, set the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from iacscan import __version__
from iacscan.check import Severity
from iacscan.gate import EXIT_CODE_HELP, exit_code
from iacscan.graph.model import Framework

OUTPUT_FORMATS = ("text", "json", "sarif")
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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT[=FILE]",
    help=f"Report format: {', '.join(OUTPUT_FORMATS)}. Repeat for several; add =FILE "
    "to write one to a file (e.g. -o text -o sarif=results.sarif). Default: text.",
)
@click.option(
    "--framework",
    "frameworks",
    multiple=True,
    type=click.Choice(FRAMEWORK_NAMES),
    help="Scan only these frameworks (repeatable). Default: all.",
)
@click.option(
    "--check",
    "include",
    multiple=True,
    metavar="ID",
    help="Run only these checks: our ids, names, or Checkov/tfsec ids (repeatable, "
    "comma-separated).",
)
@click.option(
    "--skip-check",
    "skip",
    multiple=True,
    metavar="ID",
    help="Skip these checks: our ids, names, or Checkov/tfsec ids (repeatable, comma-separated).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_NAMES),
    default="low",
    show_default=True,
    help="Lowest severity that makes the scan exit with 1.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only.")
@click.option(
    "--checks-dir",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Also load Python checks from this folder (repeatable).",
)
@click.option(
    "--var",
    "tf_vars",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a Terraform variable (repeatable).",
)
@click.option(
    "--var-file",
    "tf_var_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read Terraform variables from a .tfvars or .tfvars.json file (repeatable).",
)
@click.option(
    "--cfn-parameter",
    "cfn_parameters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a CloudFormation or ARM template parameter (repeatable).",
)
@click.option(
    "--parameter-file",
    "parameter_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read ARM template parameters from a parameters file (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files whose path relative to the scan root matches (repeatable).",
)
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Report file paths relative to this folder. Default: the current directory "
    "when the paths are inside it.",
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Files larger than this many bytes are reported, not read.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report. Default: when writing to a terminal and NO_COLOR is unset.",
)
def scan(
    paths: tuple[Path, ...],
    outputs: tuple[str, ...],
    frameworks: tuple[str, ...],
    include: tuple[str, ...],
    skip: tuple[str, ...],
    fail_on: str,
    quiet: bool,
    checks_dir: tuple[Path, ...],
    tf_vars: tuple[str, ...],
    tf_var_files: tuple[Path, ...],
    cfn_parameters: tuple[str, ...],
    parameter_files: tuple[Path, ...],
    exclude: tuple[str, ...],
    root: Path | None,
    max_file_size: int,
    color: bool | None,
) -> None:
    """Scan files and directories (default: the current directory) for misconfigurations.

    \b
    Examples:
      iacscan scan infra/
      iacscan scan . -o text -o sarif=iacscan.sarif --fail-on high
      iacscan scan main.tf --var env=prod --skip-check CKV_AWS_18
    """
    from iacscan.atomic import write_text_atomic
    from iacscan.discovery import DiscoveryOptions
    from iacscan.frameworks.base import ParseOptions
    from iacscan.registry import CheckLoadError, CheckSelection, load_checks
    from iacscan.report import render_report
    from iacscan.report.options import ReportOptions
    from iacscan.scan import ScanConfig
    from iacscan.scan import scan as run_scan

    targets = list(paths) or [Path(".")]
    reports = _parse_outputs(outputs)
    chosen = tuple(Framework(f) for f in frameworks)
    selection = CheckSelection(_split_ids(include), _split_ids(skip), chosen)
    try:
        checks = load_checks(checks_dir, selection)
    except CheckLoadError as exc:
        raise click.UsageError(str(exc)) from exc
    config = ScanConfig(
        root=_scan_root(targets, root),
        checks=checks,
        frameworks=chosen,
        parse=ParseOptions(
            tf_vars=_parse_assignments(tf_vars, "--var"),
            tf_var_files=tf_var_files,
            cfn_parameters=_parse_assignments(cfn_parameters, "--cfn-parameter"),
            parameter_files=parameter_files,
        ),
        discovery=DiscoveryOptions(max_file_bytes=max_file_size, exclude=exclude),
    )
    result = run_scan(targets, config)
    for fmt, target in reports:
        options = ReportOptions(
            color=_use_color(color) and target is None, quiet=quiet, tool_version=__version__
        )
        text = render_report(fmt, result, options)
        if target is None:
            click.echo(text, nl=False)
        else:
            write_text_atomic(target, text)
    sys.exit(exit_code(result, Severity.parse(fail_on)))


scan.help = (scan.help or "") + "\n\n" + EXIT_CODE_HELP


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
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Include Python checks from this folder.",
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
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Include Python checks from this folder.",
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


if __name__ == "__main__":
    sys.exit(main())
