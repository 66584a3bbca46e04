"""The `drift` and `inventory` commands, as click commands the main CLI attaches:

    main.add_command(drift_command)
    main.add_command(inventory_group)

Everything heavy (boto3, the scan pipeline, the checks) is imported when a command runs.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from iacscan import __version__
from iacscan.drift.providers import PROVIDERS

if TYPE_CHECKING:
    from iacscan.drift.ignore import IgnoreRule
    from iacscan.drift.inventory import Inventory
    from iacscan.drift.result import DriftResult

DRIFT_OUTPUTS = ("text", "json", "sarif", "markdown")

EXIT_CODE_HELP = (
    "Exit codes: 0 no drift, or drift without --fail-on-drift; 1 drift (or, with --check, a "
    "live posture finding) and --fail-on-drift; 2 usage error, unreadable planned source, "
    "inventory or ignore file, or no access to the cloud at all; 3 with --fail-on-drift, the "
    "comparison is incomplete (the planned source had errors or inventory calls failed; takes "
    "precedence over 1)."
)


class CommandFailed(click.ClickException):
    """A problem the user must fix before anything can be compared (exit code 2)."""

    exit_code = 2


def _cloud_options(function: Any) -> Any:
    options = [
        click.option(
            "--region",
            "regions",
            multiple=True,
            metavar="REGION",
            help="Read this region (repeatable). Default: the profile's region.",
        ),
        click.option("--profile", default=None, help="AWS profile of the shared config files."),
        click.option(
            "--endpoint-url",
            default=None,
            metavar="URL",
            help="Send API calls to this endpoint (S3-compatible stores, moto, LocalStack).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _parse_outputs(values: Sequence[str]) -> list[tuple[str, Path | None]]:
    outputs: list[tuple[str, Path | None]] = []
    for value in values or ("text",):
        fmt, sep, target = value.partition("=")
        fmt = fmt.strip().lower()
        if fmt not in DRIFT_OUTPUTS:
            raise click.BadParameter(
                f"unknown format {fmt!r}; choose from {', '.join(DRIFT_OUTPUTS)}",
                param_hint="-o/--output",
            )
        outputs.append((fmt, Path(target) if sep and target else None))
    if sum(1 for _, target in outputs if target is None) > 1:
        raise click.BadParameter(
            "only one format can go to standard output; write the others with FORMAT=PATH",
            param_hint="-o/--output",
        )
    return outputs


@click.command("drift")
@click.argument("planned", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--live",
    "provider",
    type=click.Choice(sorted(PROVIDERS)),
    default=None,
    help="Read the live inventory from this cloud now.",
)
@click.option(
    "--inventory",
    "inventory_file",
    default=None,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Compare with an inventory saved by `iacscan inventory` instead.",
)
@_cloud_options
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT[=FILE]",
    help=f"Report format: {', '.join(DRIFT_OUTPUTS)}. Repeat for several; add =FILE "
    "to write one to a file. Default: text.",
)
@click.option("--fail-on-drift", is_flag=True, help="Exit with 1 when there is drift.")
@click.option(
    "--check",
    "check_posture",
    is_flag=True,
    help="Also run the built-in checks on the live resources.",
)
@click.option(
    "--ignore-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Ignore rules (default: .iacscanignore-drift beside PLANNED, else in the current folder).",
)
@click.option(
    "--no-default-ignores",
    is_flag=True,
    help="Also report default VPCs and security groups and service-linked roles.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress; print drift and errors only.")
@click.option("--color/--no-color", default=None, help="Colour the text report.")
def drift_command(
    planned: Path,
    provider: str | None,
    inventory_file: Path | None,
    regions: tuple[str, ...],
    profile: str | None,
    endpoint_url: str | None,
    outputs: tuple[str, ...],
    fail_on_drift: bool,
    check_posture: bool,
    ignore_file: Path | None,
    no_default_ignores: bool,
    quiet: bool,
    color: bool | None,
) -> None:
    """Compare PLANNED (a Terraform state file, `terraform show -json` output, or a directory
    of Terraform files) with the live cloud: resources missing, unmanaged or changed.

    \b
    Examples:
      iacscan drift terraform.tfstate --live aws --region eu-west-1 --fail-on-drift
      iacscan inventory aws -o inventory.json --region eu-west-1
      iacscan drift infra/ --inventory inventory.json -o markdown=drift.md --check
    """
    from iacscan.drift.compare import compare
    from iacscan.drift.live import live_resources
    from iacscan.drift.planned import PlannedError, load_planned

    if (provider is None) == (inventory_file is None):
        raise click.UsageError("pass either --live PROVIDER or --inventory FILE")
    if inventory_file is not None and (regions or profile or endpoint_url):
        raise click.UsageError(
            "--region, --profile and --endpoint-url choose what --live reads; a saved "
            "inventory already holds its regions"
        )
    reports = _parse_outputs(outputs)
    root = Path.cwd()
    rules = _rules(planned, ignore_file, no_default_ignores)
    try:
        planned_side = load_planned(planned, root)
    except PlannedError as exc:
        raise CommandFailed(str(exc)) from exc
    if inventory_file is not None:
        inventory = _read_inventory(inventory_file)
    else:
        assert provider is not None
        inventory = _collect(provider, regions, profile, endpoint_url, quiet)
    live = live_resources(inventory)
    result = compare(planned_side, inventory, live, rules)
    result.root = root
    if check_posture:
        result.posture = _posture(live, root)
    _write_reports(result, reports, quiet, color)
    sys.exit(drift_exit_code(result, fail_on_drift))


drift_command.help = inspect.cleandoc(drift_command.help or "") + "\n\n" + EXIT_CODE_HELP


def drift_exit_code(result: DriftResult, fail_on_drift: bool) -> int:
    if not fail_on_drift:
        return 0
    if result.inventory_errors or result.planned_errors:
        return 3
    findings = result.posture.findings if result.posture is not None else []
    return 1 if result.entries or findings else 0


def _rules(planned: Path, explicit: Path | None, no_defaults: bool) -> list[IgnoreRule]:
    from iacscan.drift.ignore import DEFAULT_RULES, IgnoreFileError, find_ignore_file, load_rules

    rules = [] if no_defaults else list(DEFAULT_RULES)
    folder = planned if planned.is_dir() else planned.parent
    path = explicit or find_ignore_file(folder, Path.cwd())
    if path is not None:
        try:
            rules.extend(load_rules(path))
        except IgnoreFileError as exc:
            raise CommandFailed(str(exc)) from exc
    return rules


def _read_inventory(path: Path) -> Inventory:
    from iacscan.drift.inventory import InventoryFormatError, read_inventory

    try:
        return read_inventory(path)
    except InventoryFormatError as exc:
        raise CommandFailed(str(exc)) from exc


def _collect(
    provider: str,
    regions: tuple[str, ...],
    profile: str | None,
    endpoint_url: str | None,
    quiet: bool,
) -> Inventory:
    from iacscan.drift.providers import (
        CollectOptions,
        Progress,
        ProviderError,
        SilentProgress,
        StderrProgress,
        collect,
    )

    progress: Progress = SilentProgress() if quiet else StderrProgress(provider)
    options = CollectOptions(regions=regions, profile=profile, endpoint_url=endpoint_url)
    try:
        inventory = collect(provider, options, progress)
    except ProviderError as exc:
        raise CommandFailed(str(exc)) from exc
    total = sum(inventory.counts.values())
    progress.note(f"read {total} resources in {inventory.seconds:.1f} s")
    return inventory


def _posture(live: Any, root: Path) -> Any:
    from iacscan.drift.posture import live_posture
    from iacscan.registry import CheckLoadError, load_checks

    try:
        checks = load_checks()
    except CheckLoadError as exc:
        raise CommandFailed(str(exc)) from exc
    return live_posture(live, checks, root)


def _write_reports(
    result: DriftResult, reports: list[tuple[str, Path | None]], quiet: bool, color: bool | None
) -> None:
    from iacscan.atomic import write_text_atomic
    from iacscan.report.drift_common import render_drift
    from iacscan.report.options import ReportOptions

    for fmt, target in reports:
        use_color = target is None and (
            color if color is not None else sys.stdout.isatty() and "NO_COLOR" not in os.environ
        )
        options = ReportOptions(color=use_color, quiet=quiet, tool_version=__version__)
        text = render_drift(fmt, result, options)
        if target is None:
            click.echo(text, nl=False)
        else:
            write_text_atomic(target, text)


@click.group("inventory")
def inventory_group() -> None:
    """Read a cloud's live inventory into a JSON file, for `iacscan drift --inventory` (so it
    can be taken once by someone with credentials and compared offline)."""


def _inventory_command(provider: str) -> click.Command:
    @click.command(provider)
    @click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Write the inventory to this file (default: standard output).",
    )
    @_cloud_options
    @click.option("-q", "--quiet", is_flag=True, help="No progress on standard error.")
    def command(
        output: Path | None,
        regions: tuple[str, ...],
        profile: str | None,
        endpoint_url: str | None,
        quiet: bool,
    ) -> None:
        from iacscan.drift.inventory import dumps, write_inventory

        inventory = _collect(provider, regions, profile, endpoint_url, quiet)
        if output is None:
            click.echo(dumps(inventory), nl=False)
        else:
            write_inventory(output, inventory)
        for error in inventory.errors:
            click.echo(
                f"{provider} {error.service} {error.region}: {error.operation}: {error.code}",
                err=True,
            )

    command.help = (
        f"Read the {provider.upper()} inventory (credentials from the standard chain; "
        "--profile and --region to choose). Calls that fail are recorded in the file and "
        "reported; the rest is read."
    )
    return command


for _provider in sorted(PROVIDERS):
    inventory_group.add_command(_inventory_command(_provider))
