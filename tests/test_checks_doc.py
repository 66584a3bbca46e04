"""docs/checks.md must match the check metadata it is generated from."""

from __future__ import annotations

from pathlib import Path

from iacscan.checkdocs import DOC_PATH, render
from iacscan.registry import load_checks

ROOT = Path(__file__).resolve().parent.parent


def test_generated_check_docs_are_current() -> None:
    expected = render([c.meta for c in load_checks()])
    actual = (ROOT / DOC_PATH).read_text(encoding="utf-8")
    assert actual == expected, "docs/checks.md is stale: run `python -m iacscan.checkdocs`"


def test_every_check_has_an_anchor() -> None:
    text = (ROOT / DOC_PATH).read_text(encoding="utf-8")
    for item in load_checks():
        assert f'<a id="{item.meta.id.lower()}"></a>' in text
