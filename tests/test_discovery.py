from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacscan.discovery import DiscoveryOptions, find_candidates, read_source
from iacscan.frameworks.base import FileError, SourceFile


def test_walk_skips_caches_and_keeps_candidates_in_order(tmp_path: Path) -> None:
    for rel in [
        "b/main.tf",
        "a/x.yaml",
        ".git/config.json",
        ".terraform/modules/m/main.tf",
        "node_modules/p/package.json",
        "README.md",
        "a/vars.tfvars",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found, errors = find_candidates([tmp_path], tmp_path, DiscoveryOptions())
    assert errors == []
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/vars.tfvars",
        "a/x.yaml",
        "b/main.tf",
    ]


def test_exclude_globs(tmp_path: Path) -> None:
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "a.tf").write_text("")
    (tmp_path / "b.tf").write_text("")
    found, _ = find_candidates([tmp_path], tmp_path, DiscoveryOptions(exclude=("test/*",)))
    assert [p.name for p in found] == ["b.tf"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    _, errors = find_candidates([tmp_path / "nope"], tmp_path, DiscoveryOptions())
    assert errors[0].message == "no such file or directory"


def test_read_source_normalises_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_bytes(b"\xef\xbb\xbfa = 1\r\nb = 2\r\n")
    source = read_source(path, tmp_path, 1000)
    assert isinstance(source, SourceFile)
    assert source.text == "a = 1\nb = 2\n"
    assert source.rel == "a.tf"


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.tf"
    path.write_bytes(b'a = 1\nb = "\xff"\n')
    error = read_source(path, tmp_path, 1000)
    assert isinstance(error, FileError)
    assert (error.file, error.line, error.kind) == ("a.tf", 2, "read")


def test_large_file_is_reported_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.tf"
    path.write_text("x" * 2000)
    error = read_source(path, tmp_path, 1000)
    assert isinstance(error, FileError)
    assert error.kind == "limit" and "2000 bytes" in error.message


def test_symlink_outside_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.tf"
    outside.write_text("secret")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.tf").symlink_to(outside)
    error = read_source(root / "link.tf", root, 1000)
    assert isinstance(error, FileError)
    assert "outside the scan root" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.tf")
    error = read_source(tmp_path / "pipe.tf", tmp_path, 1000)
    assert isinstance(error, FileError)
    assert "not a regular file" in error.message
