"""Helpers shared by the reporters."""

from __future__ import annotations

import pytest

from iacscan.report.common import first_paragraph, frameworks_by_count, plural, sorted_findings
from tests.report_support import findings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set `acl` to private.", "Set `acl` to private."),
        ("Set `acl`\nto private.\n\nMore text.", "Set `acl` to private."),
        ('```hcl\nacl = "private"\n```\nUse a private ACL.', "Use a private ACL."),
        ("~~~\ncode\n~~~\n\nUse a private ACL.", "Use a private ACL."),
        ('    acl = "private"\n\nUse a private ACL.', "Use a private ACL."),
        ("## Fix\n\nUse a private ACL.\n## Next", "Use a private ACL."),
        ("```\nonly code\n```", ""),
        ("", ""),
    ],
)
def test_first_paragraph_skips_headings_and_code(text: str, expected: str) -> None:
    assert first_paragraph(text) == expected


def test_plural() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]


def test_frameworks_by_count_drops_empty_and_orders_by_count_then_name() -> None:
    counts = {"arm": 2, "terraform": 8, "kubernetes": 2, "cloudformation": 0}
    assert frameworks_by_count(counts) == [("terraform", 8), ("arm", 2), ("kubernetes", 2)]


def test_sorted_findings_by_file_line_check() -> None:
    ordered = sorted_findings(findings())
    assert [(f.file, f.start_line, f.check.id) for f in ordered] == [
        ("k8s/cart deploy.yaml", 19, "IAC-K8S-IMG-005"),
        ("k8s/cart deploy.yaml", 21, "IAC-K8S-POD-003"),
        ("main.tf", 3, "IAC-AWS-S3-004"),
        ("main.tf", 5, "IAC-AWS-S3-001"),
        ("main.tf", 17, "IAC-AWS-EC2-002"),
    ]
