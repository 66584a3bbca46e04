"""IAC-GEN-REGION-001 and the region model: spelling, zones, the setting's sources (config
file and `--allowed-region`) end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from iacscan.cli import main
from iacscan.model.regions import allowed_regions, is_allowed, normalise_region, region_of_zone

MAIN_TF = """\
provider "aws" {
  region = "us-east-1"
}

resource "azurerm_resource_group" "main" {
  name     = "rg-shop"
  location = "West Europe"
}
"""


@pytest.mark.parametrize(
    ("written", "key"),
    [("West Europe", "westeurope"), ("WESTEUROPE", "westeurope"), (" eu-west-1 ", "eu-west-1")],
)
def test_spelling_does_not_matter(written: str, key: str) -> None:
    assert normalise_region(written) == key


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("europe-west1-b", "europe-west1"),
        ("eu-west-1a", "eu-west-1"),
        ("us-gov-west-1b", "us-gov-west-1"),
        ("europe-west1", None),
        ("eu-west-1", None),
        ("westeurope", None),
    ],
)
def test_a_zone_counts_as_its_region(zone: str, region: str | None) -> None:
    assert region_of_zone(zone) == region


def test_multi_regions_match_only_when_listed() -> None:
    europe = allowed_regions(["europe-west1", "eu-west-1"])
    assert not is_allowed("EU", europe)
    assert is_allowed("EU", allowed_regions(["EU"]))
    assert is_allowed("global", europe)
    assert not is_allowed("eu-west-2", europe)


def test_setting_forms() -> None:
    assert allowed_regions(None) == frozenset()
    assert allowed_regions("West Europe") == {"westeurope"}
    assert allowed_regions(("eu-west-1", 3)) == {"eu-west-1"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(*args: str) -> list[tuple[str, int, str]]:
    result = CliRunner().invoke(
        main,
        ["scan", ".", "--check", "IAC-GEN-REGION-001", "-o", "json", *args],
        catch_exceptions=False,
    )
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["errors"] == []
    return [(f["resource"], f["start_line"], f["message"]) for f in document["findings"]]


def test_silent_without_allowed_regions(project: Path) -> None:
    assert _findings() == []


def test_config_file_regions(project: Path) -> None:
    (project / ".iacscan.yaml").write_text("allowed_regions: [westeurope]\n")
    assert _findings() == [
        ("provider.aws", 2, "region 'us-east-1' is not allowed (westeurope)"),
    ]


def test_command_line_regions_replace_the_config_file(project: Path) -> None:
    (project / ".iacscan.yaml").write_text("allowed_regions: [westeurope]\n")
    message = "location 'West Europe' is not allowed (eastus, us-east-1)"
    assert _findings("--allowed-region", "us-east-1", "--allowed-region", "eastus") == [
        ("azurerm_resource_group.main", 7, message),
    ]
    assert _findings("--allowed-region", "us-east-1", "--allowed-region", "West Europe") == []
