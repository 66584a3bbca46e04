"""Every check against its own fixtures: exact resources and lines where it fires, silence
where it must stay silent."""

from __future__ import annotations

import pytest

from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan
from tests.fixture_cases import Case, discover_cases

CHECKS = {c.meta.id: c for c in load_checks()}
CASES = discover_cases()


def run_case(case: Case) -> tuple[list[dict[str, object]], list[str]]:
    check = CHECKS[case.check_id]
    root = case.path if case.path.is_dir() else case.path.parent
    result = scan([case.path], ScanConfig(root=root, checks=[check], settings=case.settings()))
    errors = [f"{e.file}:{e.line}: {e.message}" for e in result.errors]
    multi_file = case.path.is_dir()
    found = []
    for f in result.findings:
        item: dict[str, object] = {"resource": f.resource.address, "line": f.start_line}
        if multi_file:
            item["file"] = f.file
        found.append(item)
    return found, errors


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "fail"], ids=lambda c: c.name)
def test_check_fires_on_the_offending_line(case: Case) -> None:
    found, errors = run_case(case)
    assert errors == []
    key = lambda item: (str(item.get("file", "")), int(str(item["line"])), str(item["resource"]))  # noqa: E731
    assert sorted(found, key=key) == sorted(case.expected(), key=key)


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "pass"], ids=lambda c: c.name)
def test_check_stays_silent(case: Case) -> None:
    found, errors = run_case(case)
    assert errors == []
    assert found == []
