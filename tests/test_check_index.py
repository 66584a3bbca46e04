"""The generated check index (`checks/_index.py`) matches the check modules, and a scan imports
only the check modules whose checks have something to read."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from iacscan.check import CheckMeta
from iacscan.check_index import INDEX_PATH, indexed_checks, render_index
from iacscan.registry import builtin_checks, builtin_modules, imported_builtin_checks

ROOT = Path(__file__).resolve().parent.parent


def test_the_index_is_current() -> None:
    expected = render_index(imported_builtin_checks(), builtin_modules())
    assert INDEX_PATH.read_text(encoding="utf-8") == expected, (
        "checks/_index.py is stale: run `python -m iacscan.check_index`"
    )


def test_indexed_metadata_equals_the_imported_metadata() -> None:
    indexed = indexed_checks(builtin_modules())
    assert indexed is not None
    imported = sorted((f.check.meta for f in imported_builtin_checks()), key=lambda m: m.id)
    assert sorted((c.meta for c in indexed), key=lambda m: m.id) == imported

    def orders(metas: list[CheckMeta]) -> list[tuple[object, ...]]:
        return [(m.id, *m.targets, *m.compliance, *m.equivalents) for m in metas]

    by_id = sorted((c.meta for c in indexed), key=lambda m: m.id)
    assert orders(by_id) == orders(imported)  # declared order, not alphabetical


def test_a_module_list_that_differs_from_the_index_falls_back_to_importing() -> None:
    modules = builtin_modules()
    assert indexed_checks(modules[1:]) is None  # a module removed or added since generation
    assert indexed_checks([*modules, "iacscan_checks.aws.new_module"]) is None


def test_builtin_checks_come_from_the_index() -> None:
    checks = builtin_checks()
    assert {type(c.function).__name__ for c in checks} == {"DeferredFunction"}


def test_a_scan_imports_only_the_check_modules_it_needs(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n')
    program = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from iacscan.registry import load_checks
        from iacscan.scan import ScanConfig, scan
        root = Path({str(tmp_path)!r})
        result = scan([root], ScanConfig(root=root, checks=load_checks()))
        print(json.dumps({{
            "modules": sorted(m for m in sys.modules if m.startswith("iacscan_checks.")),
            "findings": sorted({{f.check.id for f in result.findings}}),
        }}))
        """
    )
    output = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    report = json.loads(output)
    assert "IAC-AWS-S3-001" in report["findings"]
    loaded = [m for m in report["modules"] if not m.endswith("._index") and m.count(".") > 1]
    assert any(".aws.s3" in m for m in loaded)
    assert not any(".kubernetes." in m or ".azure." in m or ".gcp." in m for m in loaded)
    assert len(loaded) < len(builtin_modules()) // 4
