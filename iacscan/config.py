""".iacscan.yaml: project settings that a security team can own, next to the code they gate.

The file is read with PyYAML's composer so every key and value keeps its line: a typo or a bad
value fails with the file, the line and a hint, never silently. Command-line options replace the
file's values (`merge`). Custom check folders run Python code, so a config found in the scanned
tree may name them only when the user trusts it (`trusted`); a file given with `--config` is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path

from iacscan.check import Severity
from iacscan.graph.model import Framework

CONFIG_NAME = ".iacscan.yaml"
CONFIG_NAMES = (CONFIG_NAME, ".iacscan.yml")


class ConfigError(Exception):
    """A config problem at `file:line`, with a hint on what to write instead."""

    def __init__(self, file: str, line: int, message: str, hint: str = "") -> None:
        where = f"{file}:{line}" if line > 0 else file
        super().__init__(f"{where}: {message}" + (f" (hint: {hint})" if hint else ""))
        self.file, self.line, self.message, self.hint = file, line, message, hint


@dataclass(frozen=True, slots=True)
class SuppressionSettings:
    """The gate on inline suppressions: off entirely, or only with a reason and/or expiry."""

    enabled: bool = True
    require_reason: bool = False
    require_expiry: bool = False


@dataclass(frozen=True, slots=True)
class PathOverride:
    """Settings for files matching any of `paths` (globs relative to the scan root)."""

    paths: tuple[str, ...]
    skip_checks: tuple[str, ...] = ()
    fail_on: Severity | None = None

    def matches(self, file: str) -> bool:
        return any(fnmatch(file, pattern) for pattern in self.paths)


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """Everything a config file (merged with the command line) can set. `source` is the file
    read (None: defaults only); `positions` maps keys such as `skip_checks[1]` to lines."""

    source: Path | None = None
    trusted: bool = False
    fail_on: Severity | None = None
    checks: tuple[str, ...] = ()
    skip_checks: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    allowed_regions: tuple[str, ...] = ()
    checks_dirs: tuple[Path, ...] = ()
    baseline: Path | None = None
    suppressions: SuppressionSettings = field(default_factory=SuppressionSettings)
    mandatory_checks: tuple[str, ...] = ()
    overrides: tuple[PathOverride, ...] = ()
    positions: Mapping[str, int] = field(default_factory=dict)

    def where(self, key: str) -> tuple[str, int]:
        """The file and line a key was written at; values from the command line have none."""
        if key in self.positions and self.source is not None:
            return str(self.source), self.positions[key]
        return "the command line", 0

    def fail_on_for(self, default: Severity) -> Callable[[str], Severity]:
        """The gate threshold of a file: the first matching override's `fail_on`, else this
        config's, else `default`."""
        overall = self.fail_on or default
        overrides = [o for o in self.overrides if o.fail_on is not None]

        def threshold(file: str) -> Severity:
            for override in overrides:
                if override.matches(file) and override.fail_on is not None:
                    return override.fail_on
            return overall

        return threshold


@dataclass(frozen=True, slots=True)
class CommandLine:
    """What the user typed; None or () means "not given", so the file's value stands."""

    fail_on: Severity | None = None
    checks: tuple[str, ...] = ()
    skip_checks: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    checks_dirs: tuple[Path, ...] = ()
    baseline: Path | None = None
    suppressions_enabled: bool | None = None


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = root / name
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path, *, trusted: bool) -> ProjectConfig:
    """Read and validate a config file; raises `ConfigError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), 0, f"cannot read config file: {exc}") from exc
    return parse_config(text, path, trusted=trusted)


def parse_config(text: str, path: Path, *, trusted: bool) -> ProjectConfig:
    from iacscan.config_file import parse_config_text  # PyYAML: only when there is a file

    return parse_config_text(text, path, trusted=trusted)


def merge(config: ProjectConfig, cli: CommandLine) -> ProjectConfig:
    """Command-line values replace the file's."""
    suppressions = config.suppressions
    if cli.suppressions_enabled is not None:
        suppressions = replace(suppressions, enabled=cli.suppressions_enabled)
    given = {"fail_on": cli.fail_on, "checks": cli.checks, "skip_checks": cli.skip_checks,
             "exclude": cli.exclude, "frameworks": cli.frameworks, "checks_dir": cli.checks_dirs,
             "baseline": cli.baseline}  # fmt: skip
    replaced = {key for key, value in given.items() if value}
    positions = {k: v for k, v in config.positions.items() if k.split("[")[0] not in replaced}
    return replace(
        config,
        positions=positions,
        fail_on=cli.fail_on or config.fail_on,
        checks=cli.checks or config.checks,
        skip_checks=cli.skip_checks or config.skip_checks,
        exclude=cli.exclude or config.exclude,
        frameworks=cli.frameworks or config.frameworks,
        checks_dirs=cli.checks_dirs or config.checks_dirs,
        # Folders named on the command line replace the file's and are the user's own choice.
        trusted=config.trusted or bool(cli.checks_dirs),
        baseline=cli.baseline or config.baseline,
        suppressions=suppressions,
    )


def untrusted_code(config: ProjectConfig) -> ConfigError | None:
    """An error when a config found in the scanned tree asks to load Python checks: a pull
    request could add a hostile folder, so that needs `--trust-config-checks`."""
    if config.trusted or not config.checks_dirs:
        return None
    file, line = config.where("checks_dir")
    return ConfigError(
        file,
        line,
        "checks_dir loads Python code from the scanned repository, which is not trusted",
        "pass --trust-config-checks, or name the file with --config, to load it",
    )


def check_ids(config: ProjectConfig, known: Callable[[str], bool]) -> list[ConfigError]:
    """Errors for check ids in the config that match no loaded check, and for mandatory checks
    that the config also skips."""
    errors = []
    lists = {"checks": config.checks, "skip_checks": config.skip_checks}
    lists["mandatory_checks"] = config.mandatory_checks
    for index, override in enumerate(config.overrides):
        lists[f"overrides[{index}].skip_checks"] = override.skip_checks
    for key, ids in lists.items():
        for position, check_id in enumerate(ids):
            if not known(check_id):
                file, line = config.where(f"{key}[{position}]")
                hint = "`iacscan checks list` shows the ids (ours, names, Checkov/tfsec ids)"
                errors.append(
                    ConfigError(file, line, f"{key}: no check matches {check_id!r}", hint)
                )
    mandatory = {m.lower() for m in config.mandatory_checks}
    for key, ids in lists.items():
        if "skip_checks" not in key:
            continue
        for position, check_id in enumerate(ids):
            if check_id.lower() in mandatory:
                file, line = config.where(f"{key}[{position}]")
                errors.append(
                    ConfigError(
                        file,
                        line,
                        f"{key}: {check_id} is a mandatory check and cannot be skipped",
                        "remove it from skip_checks or from mandatory_checks",
                    )
                )
    return errors


STARTER = """\
# iacscan settings for this repository. Command-line options replace these values.
# Every key is optional; delete what you do not need. Docs: docs/ci.md

# Lowest severity that fails the scan: critical, high, medium, low or info.
fail_on: high

# Run only these checks (our ids or names, or Checkov/tfsec ids); empty means all.
checks: []

# Never run these checks.
skip_checks: []
#  - IAC-AWS-S3-004

# Files to leave out, as globs relative to this folder (`*` also matches `/`).
exclude:
  - "**/.terraform/*"

# Only these frameworks: terraform, cloudformation, arm, kubernetes. Empty means all.
frameworks: []

# Regions resources may be deployed to, for checks that look at regions.
allowed_regions: []

# Folders of your own Python checks. A config found in the scanned tree needs
# --trust-config-checks before iacscan loads code from it.
# checks_dir: [policies/]

# Known findings to accept for now (create it with `iacscan baseline create`).
# baseline: .iacscan-baseline.json

# Inline suppressions: `# iacscan:ignore IAC-AWS-S3-001 reason="..." until=2027-01-31`
suppressions:
  enabled: true
  require_reason: true
  require_expiry: false

# Checks that no inline suppression or skip can silence.
mandatory_checks: []

# Settings for some paths only; the first matching entry wins.
overrides: []
#  - paths: ["legacy/*"]
#    skip_checks: [IAC-AWS-S3-004]
#    fail_on: critical
"""


def write_starter(directory: Path) -> Path:
    """Write a commented starter config; never overwrite an existing one."""
    existing = find_config(directory)
    if existing is not None:
        raise FileExistsError(f"{existing} already exists; edit it or delete it first")
    target = directory / CONFIG_NAME
    with target.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(STARTER)
    return target
