"""Meta-tests over the whole check library: fixtures exist for every framework a check
supports, nothing is orphaned, metadata is complete and well-formed."""

from __future__ import annotations

import re

import pytest

from iacscan.check import BUILTIN_CHECK_ID, CHECK_NAME, Check
from iacscan.registry import load_checks
from tests.fixture_cases import CHECK_FRAMEWORKS, FIXTURES, SETTINGS_FILE, discover_cases

CHECKS = load_checks()
CASES = discover_cases()
DOC_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_enough_checks_ship() -> None:
    assert len(CHECKS) >= 30


@pytest.mark.parametrize("item", CHECKS, ids=lambda c: c.meta.id)
def test_check_has_pass_and_fail_fixture_per_framework(item: Check) -> None:
    for framework in item.meta.frameworks:
        kinds = {c.kind for c in CASES if c.check_id == item.meta.id and c.framework == framework}
        assert kinds == {"pass", "fail"}, (
            f"{framework.value}: missing { ({'pass', 'fail'} - kinds) }"
        )


@pytest.mark.parametrize("item", CHECKS, ids=lambda c: c.meta.id)
def test_metadata_is_complete(item: Check) -> None:
    meta = item.meta
    assert BUILTIN_CHECK_ID.match(meta.id)
    assert CHECK_NAME.match(meta.name)
    assert meta.title and meta.title[0].isupper() and not meta.title.endswith(".")
    assert meta.category
    assert meta.targets and all(meta.targets.values())
    assert meta.remediation and "```" in meta.remediation, "remediation needs a fixed snippet"
    positions = [meta.description.find(s) for s in DOC_SECTIONS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), (
        f"docstring needs the sections {DOC_SECTIONS} in order"
    )
    assert meta.compliance, "map the check to at least one benchmark"
    for benchmark, controls in meta.compliance.items():
        assert re.match(r"^[a-z0-9]+(-[a-z0-9.]+)*$", benchmark), benchmark
        assert controls


def test_every_fixture_folder_belongs_to_a_check_and_framework() -> None:
    by_id = {c.meta.id: c.meta for c in CHECKS}
    for case in CASES:
        assert case.check_id in by_id, f"orphan fixture folder {case.name}"
        assert case.framework in {f.value for f in by_id[case.check_id].frameworks}, case.name


def test_every_fail_case_has_expected_lines() -> None:
    for case in CASES:
        if case.kind == "fail":
            expected = case.expected()
            assert expected, f"{case.name}: empty expectation"
            assert all({"resource", "line"} <= set(e) for e in expected), case.name


def test_no_stray_files_in_fixture_check_folders() -> None:
    for framework in CHECK_FRAMEWORKS:
        framework_dir = FIXTURES / framework
        if not framework_dir.is_dir():
            continue
        for check_dir in framework_dir.iterdir():
            for entry in check_dir.iterdir():
                if entry.name == SETTINGS_FILE:
                    continue
                stem = entry.name.split(".")[0].split("_")[0]
                assert stem in ("pass", "fail"), f"unexpected fixture {entry}"
