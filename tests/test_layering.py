"""Imports flow one way: cli -> scan/engine -> checks -> model -> frameworks/graph.

Lower layers never import higher ones, so a reader can guess where a change goes and a
format adapter can never depend on a check or a reporter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "iacscan/graph": (
        "iacscan.frameworks",
        "iacscan.model",
        "iacscan.engine",
        "iacscan.scan",
        "iacscan.cli",
        "iacscan.report",
        "iacscan.registry",
        "iacscan_checks",
        "iacscan.check",
    ),
    "iacscan/frameworks": (
        "iacscan.model",
        "iacscan.engine",
        "iacscan.scan",
        "iacscan.cli",
        "iacscan.report",
        "iacscan.registry",
        "iacscan_checks",
    ),
    "iacscan/model": (
        "iacscan.engine",
        "iacscan.scan",
        "iacscan.cli",
        "iacscan.report",
        "iacscan.registry",
        "iacscan_checks",
    ),
    "iacscan/report": (
        "iacscan.cli",
        "iacscan.scan",
        "iacscan.engine",
        "iacscan_checks",
        "iacscan.frameworks.terraform",
        "iacscan.frameworks.cloudformation",
        "iacscan.frameworks.arm",
        "iacscan.frameworks.kubernetes",
    ),
    "iacscan/drift": ("iacscan.cli",),
    "checks": (
        "iacscan.cli",
        "iacscan.scan",
        "iacscan.engine",
        "iacscan.report",
        "iacscan.registry",
    ),
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_higher_layers(layer: str) -> None:
    offenders = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
