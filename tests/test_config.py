"""The .iacscan.yaml loader: values, positions, errors with file:line and hints, merging."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from iacscan.check import Severity
from iacscan.cli import main
from iacscan.config import (
    STARTER,
    CommandLine,
    ConfigError,
    PathOverride,
    ProjectConfig,
    SuppressionSettings,
    check_ids,
    find_config,
    load_config,
    merge,
    parse_config,
    untrusted_code,
    write_starter,
)
from iacscan.graph.model import Framework

FULL = """\
fail_on: medium
checks: [IAC-AWS-S3-001]
skip_checks:
  - IAC-AWS-S3-004
  - CKV_AWS_18
exclude: ["legacy/*"]
frameworks: [terraform, kubernetes]
allowed_regions: [eu-west-1]
checks_dir: policies
baseline: .iacscan-baseline.json
suppressions:
  enabled: true
  require_reason: true
  require_expiry: false
mandatory_checks: [IAC-AWS-EC2-002]
overrides:
  - paths: ["sandbox/*", "dev/*.tf"]
    skip_checks: [IAC-AWS-S3-001]
    fail_on: critical
"""


def _parse(text: str, tmp_path: Path, trusted: bool = False) -> ProjectConfig:
    return parse_config(text, tmp_path / ".iacscan.yaml", trusted=trusted)


def _error(text: str, tmp_path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        _parse(text, tmp_path)
    return info.value


def test_every_setting_is_read(tmp_path: Path) -> None:
    config = _parse(FULL, tmp_path)
    assert config.fail_on is Severity.MEDIUM
    assert config.checks == ("IAC-AWS-S3-001",)
    assert config.skip_checks == ("IAC-AWS-S3-004", "CKV_AWS_18")
    assert config.exclude == ("legacy/*",)
    assert config.frameworks == (Framework.TERRAFORM, Framework.KUBERNETES)
    assert config.allowed_regions == ("eu-west-1",)
    assert config.checks_dirs == (tmp_path / "policies",)
    assert config.baseline == tmp_path / ".iacscan-baseline.json"
    assert config.suppressions == SuppressionSettings(True, True, False)
    assert config.mandatory_checks == ("IAC-AWS-EC2-002",)
    assert config.overrides == (
        PathOverride(("sandbox/*", "dev/*.tf"), ("IAC-AWS-S3-001",), Severity.CRITICAL),
    )
    assert config.where("skip_checks[1]") == (str(tmp_path / ".iacscan.yaml"), 5)
    assert config.where("overrides[0].skip_checks[0]")[1] == 18


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    config = _parse("# nothing yet\n", tmp_path)
    assert config.fail_on is None
    assert config.suppressions == SuppressionSettings()
    assert config.overrides == ()


def test_policy_dir_is_a_synonym_of_checks_dir(tmp_path: Path) -> None:
    config = _parse("policy_dir: [a, b]\n", tmp_path)
    assert config.checks_dirs == (tmp_path / "a", tmp_path / "b")
    assert config.where("checks_dir")[1] == 1


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        ("fail_on: high\nskip_check: [X]\n", 2, "unknown setting 'skip_check'",
         "did you mean 'skip_checks'?"),
        ("fail_on: severe\n", 1, "fail_on: unknown severity 'severe'",
         "use one of critical, high, medium, low, info"),
        ("frameworks:\n  - terraform\n  - helm\n", 3, "frameworks: unknown framework 'helm'",
         "use terraform"),
        ("suppressions:\n  enabled: maybe\n", 2, "suppressions.enabled: expected true or false",
         ""),
        ("suppressions:\n  require_reasons: true\n", 2,
         "unknown setting 'suppressions.require_reasons'", "did you mean 'require_reason'?"),
        ("overrides:\n  - skip_checks: [A]\n", 2, "overrides[0]: an override needs `paths`",
         "paths:"),
        ("overrides:\n  - paths: [x]\n    fail_on: loud\n", 3,
         "overrides[0].fail_on: unknown severity 'loud'", "use one of"),
        ("exclude: {a: 1}\n", 1, "exclude: expected a list", "write exclude: [a, b]"),
        ("- just\n- a list\n", 1, "expected a mapping of settings at top level", ""),
        ("fail_on: high\nfail_on: low\n", 2, "setting 'fail_on' is given twice", ""),
        ("checks: [a\n", 2, "invalid YAML", ""),
    ],
)  # fmt: skip
def test_bad_values_name_file_line_and_hint(
    tmp_path: Path, text: str, line: int, message: str, hint: str
) -> None:
    error = _error(text, tmp_path)
    assert error.file == str(tmp_path / ".iacscan.yaml")
    assert error.line == line
    assert error.message.startswith(message)
    assert error.hint.startswith(hint)
    assert str(error).startswith(f"{tmp_path / '.iacscan.yaml'}:{line}: {message}")


def test_command_line_replaces_file_values(tmp_path: Path) -> None:
    config = _parse(FULL, tmp_path)
    merged = merge(
        config,
        CommandLine(fail_on=Severity.LOW, skip_checks=("X",), suppressions_enabled=False),
    )
    assert merged.fail_on is Severity.LOW
    assert merged.skip_checks == ("X",)
    assert merged.checks == ("IAC-AWS-S3-001",)  # not given: the file's value stands
    assert merged.suppressions == SuppressionSettings(False, True, False)
    assert merge(config, CommandLine()) == config


def test_fail_on_per_path(tmp_path: Path) -> None:
    threshold = _parse(FULL, tmp_path).fail_on_for(Severity.LOW)
    assert threshold("sandbox/main.tf") is Severity.CRITICAL
    assert threshold("dev/a.tf") is Severity.CRITICAL
    assert threshold("prod/main.tf") is Severity.MEDIUM
    assert ProjectConfig().fail_on_for(Severity.HIGH)("x.tf") is Severity.HIGH


def test_checks_dir_from_scanned_tree_needs_trust(tmp_path: Path) -> None:
    error = untrusted_code(_parse(FULL, tmp_path, trusted=False))
    assert error is not None
    assert error.line == 9
    assert "--trust-config-checks" in error.hint
    assert untrusted_code(_parse(FULL, tmp_path, trusted=True)) is None
    assert untrusted_code(_parse("fail_on: low\n", tmp_path)) is None


def test_unknown_and_mandatory_check_ids_are_reported(tmp_path: Path) -> None:
    text = "skip_checks: [IAC-AWS-EC2-002, nope]\nmandatory_checks: [IAC-AWS-EC2-002]\n"
    config = _parse(text, tmp_path)
    errors = check_ids(config, lambda i: i != "nope")
    assert [(e.line, e.message) for e in errors] == [
        (1, "skip_checks: no check matches 'nope'"),
        (1, "skip_checks: IAC-AWS-EC2-002 is a mandatory check and cannot be skipped"),
    ]


def test_find_and_load(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    (tmp_path / ".iacscan.yml").write_text("fail_on: info\n")
    found = find_config(tmp_path)
    assert found == tmp_path / ".iacscan.yml"
    assert load_config(found, trusted=False).fail_on is Severity.INFO


def test_starter_config_is_valid_and_never_overwritten(tmp_path: Path) -> None:
    written = write_starter(tmp_path)
    assert written.read_text() == STARTER
    config = load_config(written, trusted=False)
    assert config.fail_on is Severity.HIGH
    assert config.suppressions.require_reason is True
    with pytest.raises(FileExistsError):
        write_starter(tmp_path)


# --- through the command line ---------------------------------------------------------------

BUCKETS = """\
resource "aws_s3_bucket" "site" {
  acl = "public-read"
}
"""


def _cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_writes_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _cli(tmp_path, monkeypatch, "init")
    assert first.exit_code == 0
    assert (tmp_path / ".iacscan.yaml").read_text() == STARTER
    second = _cli(tmp_path, monkeypatch, "init")
    assert second.exit_code == 2
    assert "already exists" in second.output


def test_config_error_is_a_usage_error_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(BUCKETS)
    (tmp_path / ".iacscan.yaml").write_text("fail_on: high\nexclude: [x]\nskip_check: [y]\n")
    result = _cli(tmp_path, monkeypatch, "scan", ".")
    assert result.exit_code == 2
    assert f"{tmp_path / '.iacscan.yaml'}:3: unknown setting 'skip_check'" in result.output
    assert "did you mean 'skip_checks'?" in result.output


def test_unknown_check_id_in_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(BUCKETS)
    (tmp_path / ".iacscan.yaml").write_text("skip_checks:\n  - IAC-AWS-S3-001\n  - CKV_NOPE\n")
    result = _cli(tmp_path, monkeypatch, "scan", ".")
    assert result.exit_code == 2
    assert ".iacscan.yaml:3: skip_checks: no check matches 'CKV_NOPE'" in result.output


def test_fail_on_and_overrides_from_the_file_and_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "main.tf").write_text(BUCKETS)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "main.tf").write_text(BUCKETS)
    only = ("--check", "IAC-AWS-S3-001", "-o", "json")
    config = tmp_path / ".iacscan.yaml"
    config.write_text("fail_on: critical\n")
    assert _cli(tmp_path, monkeypatch, "scan", ".", *only).exit_code == 0
    assert _cli(tmp_path, monkeypatch, "scan", ".", *only, "--fail-on", "high").exit_code == 1
    config.write_text(
        "fail_on: high\noverrides:\n  - paths: ['legacy/*']\n    skip_checks: [CKV_AWS_20]\n"
    )
    result = _cli(tmp_path, monkeypatch, "scan", ".", *only)
    assert [f["file"] for f in json.loads(result.stdout)["findings"]] == ["main.tf"]
    config.write_text("overrides:\n  - paths: ['*']\n    fail_on: critical\n")
    assert _cli(tmp_path, monkeypatch, "scan", ".", *only).exit_code == 0


CUSTOM_CHECK = '''
from iacscan.check import Severity, Violation, check
from iacscan.graph.model import Framework

@check(id="IAC-ACME-TAG-001", name="bucket-needs-owner", title="Bucket has no owner tag",
       severity=Severity.HIGH, category="tags", targets={Framework.TERRAFORM: ["aws_s3_bucket"]},
       remediation="Add an owner tag.")
def bucket_needs_owner(bucket, context):
    """Flags buckets without an owner tag."""
    yield Violation(at=bucket, message="no owner tag")
'''


def test_config_checks_dir_needs_trust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.tf").write_text(BUCKETS)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "owner.py").write_text(CUSTOM_CHECK)
    (tmp_path / ".iacscan.yaml").write_text("checks_dir: policies\n")
    refused = _cli(tmp_path, monkeypatch, "scan", ".")
    assert refused.exit_code == 2
    assert ".iacscan.yaml:1: checks_dir loads Python code" in refused.output
    only = ("--check", "IAC-ACME-TAG-001", "-o", "json")
    trusted = _cli(tmp_path, monkeypatch, "scan", ".", "--trust-config-checks", *only)
    assert [f["check_id"] for f in json.loads(trusted.stdout)["findings"]] == ["IAC-ACME-TAG-001"]
    named = _cli(tmp_path, monkeypatch, "scan", ".", "--config", ".iacscan.yaml", *only)
    assert named.exit_code == 1


def test_command_line_values_are_not_blamed_on_the_file(tmp_path: Path) -> None:
    config = _parse("skip_checks: [a]\nchecks: [b]\nchecks_dir: x\n", tmp_path)
    merged = merge(config, CommandLine(skip_checks=("IAC-AWS-EC2-002",), checks=("c",)))
    merged = dataclasses.replace(merged, mandatory_checks=("IAC-AWS-EC2-002",))
    errors = check_ids(merged, lambda i: True)
    assert [str(e) for e in errors] == [
        "the command line: skip_checks: IAC-AWS-EC2-002 is a mandatory check and cannot be "
        "skipped (hint: remove it from skip_checks or from mandatory_checks)"
    ]
    assert merged.where("checks_dir") == (str(tmp_path / ".iacscan.yaml"), 3)
