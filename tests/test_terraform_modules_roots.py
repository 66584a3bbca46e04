"""Which Terraform directories of a scan are reported as roots: a module directory that a root
calls is reported through the calls only; each error once."""

from __future__ import annotations

from pathlib import Path

from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

CHECKS = [c for c in load_checks() if c.meta.id == "IAC-AWS-S3-001"]

MODULE = """\
variable "acl" {
  default = "private"
}

resource "aws_s3_bucket" "this" {
  bucket = "acme"
  acl    = var.acl
}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def scanned(root: Path) -> tuple[list[tuple[str, str, int]], list[str], list[str]]:
    result = scan([root], ScanConfig(root=root, checks=CHECKS))
    found = sorted((f.resource.address, f.file, f.start_line) for f in result.findings)
    errors = [f"{e.file}:{e.line}" for e in result.errors]
    notices = [f"{n.file}:{n.line}: {n.message}" for n in result.notices]
    return found, errors, notices


def test_a_called_module_directory_is_reported_only_through_its_callers(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "live/prod/main.tf": 'module "b" {\n  source = "../../modules/bucket"\n'
            '  acl    = "public-read"\n}\n',
            "live/dev/main.tf": 'module "b" {\n  source = "../../modules/bucket"\n}\n',
            "modules/bucket/main.tf": MODULE,
        },
    )
    result = scan([root], ScanConfig(root=root, checks=CHECKS))
    addresses = sorted(r.address for r in [f.resource for f in result.findings])
    assert addresses == ["module.b.aws_s3_bucket.this"]
    (finding,) = result.findings
    assert (finding.resource.id, finding.file, finding.start_line) == (
        "live/prod::module.b.aws_s3_bucket.this",
        "modules/bucket/main.tf",
        7,
    )
    assert finding.resource.meta["module_call"] == {
        "address": "module.b",
        "file": "live/prod/main.tf",
        "line": 1,
    }
    assert result.stats.files_scanned["terraform"] == 3


def test_a_module_directory_nobody_calls_is_a_root(tmp_path: Path) -> None:
    root = write(tmp_path, {"modules/bucket/main.tf": MODULE.replace('"private"', '"public-read"')})
    found, errors, notices = scanned(root)
    assert found == [("aws_s3_bucket.this", "modules/bucket/main.tf", 7)]
    assert (errors, notices) == ([], [])


def test_directories_that_only_call_each_other_are_both_reported(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a/main.tf": 'module "b" {\n  source = "../b"\n}\n'
            'resource "aws_s3_bucket" "a" {\n  acl = "public-read"\n}\n',
            "b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
        },
    )
    found, _, notices = scanned(root)
    assert found == [
        ("aws_s3_bucket.a", "a/main.tf", 5),
        ("module.a.aws_s3_bucket.a", "a/main.tf", 5),
    ]
    assert notices == [
        "b/main.tf:1: module.b.module.a (source ../a) not evaluated: module cycle (a -> b -> a)",
        "a/main.tf:1: module.a.module.b (source ../b) not evaluated: module cycle (b -> a -> b)",
    ]


def test_errors_in_a_called_module_are_reported_once(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "one/main.tf": 'module "m" {\n  source = "../shared"\n  count  = 2\n}\n',
            "two/main.tf": 'module "m" {\n  source = "../shared"\n}\n',
            "shared/main.tf": 'resource "aws_s3_bucket" "x" {\n  acl = \n}\n',
        },
    )
    _, errors, _ = scanned(root)
    assert errors == ["shared/main.tf:2"]


def test_suppressions_apply_in_modules_outside_the_scanned_paths(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "live/main.tf": 'module "b" {\n  source = "../modules/bucket"\n'
            '  acl    = "public-read"\n}\n',
            "modules/bucket/main.tf": MODULE.replace(
                "  acl    = var.acl\n",
                '  acl    = var.acl # iacscan:ignore IAC-AWS-S3-001 reason="log delivery"\n',
            ),
        },
    )
    result = scan([root / "live"], ScanConfig(root=root, checks=CHECKS))
    assert result.findings == []
    (suppressed,) = result.suppressed
    assert (suppressed.resource.address, suppressed.file, suppressed.start_line) == (
        "module.b.aws_s3_bucket.this",
        "modules/bucket/main.tf",
        7,
    )
    assert result.stats.files_scanned["terraform"] == 1
