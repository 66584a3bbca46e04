"""Every file under `fixtures/`, and every folder named in `IACSCAN_CORPUS` (separated like
PATH, for large real-world trees), scans with no crash: no internal error, no check error.

    IACSCAN_CORPUS=~/src/infra:~/src/terraform-aws-modules pytest -s tests/test_robustness_corpus.py

prints, for each tree, the files, resources, findings and errors it counted."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _corpora() -> list[Path]:
    extra = [Path(p).expanduser() for p in os.environ.get("IACSCAN_CORPUS", "").split(os.pathsep)]
    return [FIXTURES, *(p for p in extra if str(p) not in ("", "."))]


@pytest.mark.parametrize("corpus", _corpora(), ids=str)
def test_corpus_scans_without_crashes(corpus: Path) -> None:
    assert corpus.is_dir(), f"IACSCAN_CORPUS names {corpus}, which is not a folder"
    root = corpus.resolve()
    result = scan([root], ScanConfig(root=root, checks=load_checks()))
    kinds = Counter(e.kind for e in result.errors)
    files = sum(result.stats.files_scanned.values())
    print(
        f"\n{corpus}: {files} files scanned ({dict(result.stats.files_scanned)}), "
        f"{result.stats.files_skipped} skipped, {result.stats.resources} resources, "
        f"{len(result.findings)} findings, errors {dict(kinds) or 0}, "
        f"{result.stats.seconds:.1f} s"
    )
    crashes = [e for e in result.errors if e.kind in ("internal", "check")]
    assert crashes == [], "\n".join(f"{e.file}:{e.line}: {e.message}" for e in crashes[:20])
    if corpus == FIXTURES:
        assert files > 200 and result.stats.resources > 500 and len(result.findings) > 200
