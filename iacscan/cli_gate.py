"""Commands for where developers work: the pre-commit hook, a starter config, baselines and the
suppression audit. Same thin layer as `iacscan.cli`: parse options, call the API, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from iacscan import cli


def register(group: click.Group) -> None:
    group.add_command(hook)
    group.add_command(init)
    group.add_command(baseline)
    group.add_command(suppressions)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@cli._input_options
def hook(files: tuple[Path, ...], **options: Any) -> None:
    """Scan the files a pre-commit run passes, report only on them.

    A Terraform module is a folder: each changed .tf file is evaluated with the other Terraform
    files and tfvars of its folder, but only findings in the changed files are reported (a
    changed tfvars file reports on its whole module). Other files are scanned alone. Settings
    come from .iacscan.yaml in the current folder, as for `iacscan scan`.
    """
    from iacscan.assemble import hook_targets

    if not files:
        sys.exit(0)
    root = (options["root"] or Path(".")).resolve()
    targets, reported = hook_targets(files, root)
    cli._run_and_report(targets, options, changed_files=reported)


@click.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
def init(directory: Path) -> None:
    """Write a commented starter .iacscan.yaml into DIRECTORY (never overwrites one)."""
    from iacscan.config import write_starter

    try:
        written = write_starter(directory)
    except FileExistsError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"wrote {written}; edit it, then run `iacscan scan`")


@click.group()
def baseline() -> None:
    """Accept today's findings and fail only on new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".iacscan-baseline.json"),
    show_default=True,
    help="The baseline file to write (atomically).",
)
@cli._scan_options(output=False)
def create_baseline(paths: tuple[Path, ...], output: Path, **options: Any) -> None:
    """Record the current findings (not the suppressed ones) in a baseline file.

    Findings are recorded by fingerprint (check id, resource address, file and attribute path,
    no line numbers), so moved lines and reformatting keep matching. Use it with
    `iacscan scan --baseline FILE`, or `baseline:` in .iacscan.yaml.
    """
    from iacscan.baseline import write_baseline

    targets = list(paths) or [Path(".")]
    result, _ = cli._run_scan(targets, options, use_baseline=False)
    write_baseline(output, result.findings)
    click.echo(f"wrote {output}: {len(result.findings)} findings recorded", err=True)
    if any(e.kind != "check" for e in result.errors):
        click.echo(
            "warning: some files could not be read; their findings are not recorded:", err=True
        )
        for error in result.errors:
            click.echo(f"  {error.file}:{error.line}: {error.message}", err=True)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@cli._input_options
def suppressions(paths: tuple[Path, ...], **options: Any) -> None:
    """Audit every inline suppression: in use, unused, expired, without a reason, rejected by
    the gate, or malformed. `-o json` for machines. Exits with 1 when any suppression is not
    simply in use with a reason."""
    from iacscan.suppress.audit import has_problems, render_json, render_text

    formats = [fmt for fmt, _ in cli._parse_outputs(options["outputs"])]
    if any(fmt not in ("text", "json") for fmt in formats):
        raise click.UsageError("-o: `iacscan suppressions` writes text or json")
    targets = list(paths) or [Path(".")]
    result, _ = cli._run_scan(targets, options, use_baseline=False)
    render = render_json if formats and formats[0] == "json" else render_text
    click.echo(render(result.suppressions), nl=False)
    sys.exit(1 if has_problems(result.suppressions) else 0)
