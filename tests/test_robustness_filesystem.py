"""What a hostile or odd file tree does to a scan: link loops, links out of the root, files and
folders that cannot be read, FIFOs, names that are not UTF-8, tool caches. Every case ends in
a finished scan that names what it could not read and still scans the rest.

Tests run as root in CI, where permission bits do not apply: there the unreadable cases make
the system calls fail instead (monkeypatched), and the chmod variants are skipped."""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iacscan.discovery import DiscoveryOptions, display_path, find_candidates, read_source
from iacscan.findings import ScanResult
from iacscan.frameworks.base import FileError, SourceFile
from iacscan.registry import load_checks
from iacscan.report import FORMATS, ReportOptions, render_report
from iacscan.scan import ScanConfig, scan

PUBLIC = 'resource "aws_s3_bucket" "{name}" {{\n  acl = "public-read"\n}}\n'
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _scan(
    root: Path, options: DiscoveryOptions | None = None, paths: list[Path] | None = None
) -> ScanResult:
    checks = [c for c in load_checks() if c.meta.id == "IAC-AWS-S3-001"]
    config = ScanConfig(root=root, checks=checks, discovery=options or DiscoveryOptions())
    # A FIFO opened for reading would block forever: abort with every stack instead of hanging.
    faulthandler.dump_traceback_later(60, exit=True)
    try:
        return scan(paths or [root], config)
    finally:
        faulthandler.cancel_dump_traceback_later()


def _found(result: ScanResult) -> list[tuple[str, int]]:
    return sorted((f.file, f.start_line) for f in result.findings)


def _errors(result: ScanResult) -> list[tuple[str, str, str]]:
    return [(e.file, e.kind, e.message) for e in result.errors]


def _rel(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_a_file_link_loop_is_a_read_error_and_the_rest_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "a.tf").symlink_to("b.tf")
    (tmp_path / "b.tf").symlink_to("a.tf")
    _write(tmp_path / "ok" / "main.tf", PUBLIC.format(name="ok"))
    result = _scan(tmp_path)
    loop = "cannot read file: Too many levels of symbolic links"
    assert _errors(result) == [("a.tf", "read", loop), ("b.tf", "read", loop)]
    assert _found(result) == [("ok/main.tf", 2)]


def test_directory_links_are_not_followed_by_default(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside" / "main.tf", PUBLIC.format(name="outside")).parent
    root = tmp_path / "repo"
    _write(root / "real" / "main.tf", PUBLIC.format(name="real"))
    (root / "to_outside").symlink_to(outside)
    (root / "to_real").symlink_to(root / "real")
    (root / "real" / "up").symlink_to(root)  # a loop
    result = _scan(root)
    assert _found(result) == [("real/main.tf", 2)]
    assert result.errors == []


def test_following_links_walks_each_real_directory_once(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside" / "main.tf", PUBLIC.format(name="outside")).parent
    root = tmp_path / "repo"
    _write(root / "real" / "main.tf", PUBLIC.format(name="real"))
    (root / "to_outside").symlink_to(outside)
    (root / "real" / "up").symlink_to(root)  # a loop: walked once, then recognised
    (root / "real" / "self").symlink_to(".")
    found, errors = find_candidates([root], root, DiscoveryOptions(follow_symlinks=True))
    assert errors == []
    assert _rel(found, root) == ["real/main.tf", "to_outside/main.tf"]
    result = _scan(root, DiscoveryOptions(follow_symlinks=True))
    assert _found(result) == [("real/main.tf", 2), ("to_outside/main.tf", 2)]


def test_a_linked_file_outside_the_root_is_refused_unless_links_are_followed(
    tmp_path: Path,
) -> None:
    secret = _write(tmp_path / "secret.tf", PUBLIC.format(name="secret"))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").symlink_to(secret)
    result = _scan(root)
    refused = "symbolic link points outside the scan root; not followed"
    assert _errors(result) == [("main.tf", "read", refused)]
    assert _found(result) == []
    assert _found(_scan(root, DiscoveryOptions(follow_symlinks=True))) == [("main.tf", 2)]


def test_a_named_directory_link_that_leaves_the_root_is_refused(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside" / "main.tf", PUBLIC.format(name="o")).parent
    root = tmp_path / "repo"
    _write(root / "inside" / "main.tf", PUBLIC.format(name="i"))
    (root / "out").symlink_to(outside)
    (root / "in").symlink_to(root / "inside")
    found, errors = find_candidates([root / "out", root / "in"], root, DiscoveryOptions())
    refused = "symbolic link points outside the scan root; not followed"
    assert [(e.file, e.message) for e in errors] == [("out", refused)]
    assert _rel(found, root) == ["in/main.tf"]


def test_a_named_fifo_is_reported_not_ignored(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.tf")
    _write(tmp_path / "ok.tf", PUBLIC.format(name="ok"))
    result = _scan(tmp_path, paths=[tmp_path / "pipe.tf", tmp_path / "ok.tf"])
    message = "not a regular file (FIFO, device or socket); skipped"
    assert _errors(result) == [("pipe.tf", "read", message)]
    assert _found(result) == [("ok.tf", 2)]


def test_a_fifo_in_the_tree_does_not_block_the_walk(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    _write(tmp_path / "ok.tf", PUBLIC.format(name="ok"))
    result = _scan(tmp_path)
    message = "not a regular file (FIFO, device or socket); skipped"
    assert _errors(result) == [("pipe.yaml", "read", message)]
    assert _found(result) == [("ok.tf", 2)]


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their mode")
def test_unreadable_file_and_directory_with_chmod(tmp_path: Path) -> None:
    locked = _write(tmp_path / "locked.tf", PUBLIC.format(name="locked"))
    closed = _write(tmp_path / "closed" / "main.tf", PUBLIC.format(name="closed")).parent
    _write(tmp_path / "ok.tf", PUBLIC.format(name="ok"))
    locked.chmod(0)
    closed.chmod(0)
    try:
        result = _scan(tmp_path)
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    assert _errors(result) == [
        ("closed", "read", "cannot read directory: Permission denied"),
        ("locked.tf", "read", "cannot read file: Permission denied"),
    ]
    assert _found(result) == [("ok.tf", 2)]


def test_unreadable_file_and_directory_when_the_system_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as with chmod, for root: the open and the listing fail with EACCES."""
    locked = _write(tmp_path / "locked.tf", PUBLIC.format(name="locked"))
    closed = _write(tmp_path / "closed" / "main.tf", PUBLIC.format(name="closed")).parent
    _write(tmp_path / "ok.tf", PUBLIC.format(name="ok"))
    real_open, real_scandir = os.open, os.scandir

    def refuse(real: Callable[..., Any], target: Path) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(path) == target:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "open", refuse(real_open, locked))
    monkeypatch.setattr(os, "scandir", refuse(real_scandir, closed))
    result = _scan(tmp_path)
    assert _errors(result) == [
        ("closed", "read", "cannot read directory: Permission denied"),
        ("locked.tf", "read", "cannot read file: Permission denied"),
    ]
    assert _found(result) == [("ok.tf", 2)]


@pytest.mark.skipif(sys.platform == "darwin", reason="APFS refuses names that are not UTF-8")
def test_names_that_are_not_utf8_reach_every_report(tmp_path: Path) -> None:
    odd = os.fsdecode(b"caf\xe9")
    _write(tmp_path / odd / "main.tf", PUBLIC.format(name="odd"))
    (tmp_path / os.fsdecode(b"bad\xff.tf")).write_bytes(b'x = "\xff"\n')
    result = _scan(tmp_path)
    assert _found(result) == [("caf\\xe9/main.tf", 2)]
    assert _errors(result) == [("bad\\xff.tf", "read", "not valid UTF-8 text (byte 5)")]
    for fmt in sorted(FORMATS):
        output = render_report(fmt, result, ReportOptions())
        output.encode("utf-8")  # no lone surrogate left
        # as encoded there: SARIF's URI carries the name's own byte (%E9), percent-encoded
        shown = {"json": "caf\\\\xe9/main.tf", "sarif": '"uri": "caf%E9/main.tf"'}
        assert shown.get(fmt, "caf\\xe9/main.tf") in output, fmt
    report = json.loads(render_report("json", result, ReportOptions()))
    assert [e["file"] for e in report["errors"]] == ["bad\\xff.tf"]


def test_display_path_escapes_only_what_cannot_be_encoded() -> None:
    assert display_path("modules/vpc/main.tf") == "modules/vpc/main.tf"
    assert display_path("d\u00e9p\u00f4t/main.tf") == "d\u00e9p\u00f4t/main.tf"
    assert display_path(os.fsdecode(b"a\xff/b.tf")) == "a\\xff/b.tf"


def test_tool_caches_are_skipped_unless_asked(tmp_path: Path) -> None:
    _write(tmp_path / "main.tf", 'module "vpc" {\n  source = "git::https://example.com/vpc"\n}\n')
    _write(tmp_path / ".terraform" / "modules" / "vpc" / "main.tf", PUBLIC.format(name="cached"))
    _write(tmp_path / ".git" / "x.tf", PUBLIC.format(name="git"))
    found, _ = find_candidates([tmp_path], tmp_path, DiscoveryOptions())
    assert _rel(found, tmp_path) == ["main.tf"]
    with_cache = DiscoveryOptions(include_terraform_cache=True)
    found, _ = find_candidates([tmp_path], tmp_path, with_cache)
    assert _rel(found, tmp_path) == ["main.tf", ".terraform/modules/vpc/main.tf"]
    # Naming a skipped folder on the command line is asking for it.
    named = tmp_path / ".terraform" / "modules"
    found, _ = find_candidates([named], tmp_path, DiscoveryOptions())
    assert _rel(found, tmp_path) == [".terraform/modules/vpc/main.tf"]


def test_reading_stops_at_the_limit_even_when_the_size_lied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows between fstat and read: at most max_bytes + 1 bytes are read."""
    path = _write(tmp_path / "grows.tf", "x" * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    error = read_source(path, tmp_path, 1000)
    assert error == FileError(
        "grows.tf",
        0,
        "file is 1001 bytes, above the limit of 1000; raise it with --max-file-size",
        kind="limit",
    )


def test_missing_path_named_on_the_command_line(tmp_path: Path) -> None:
    result = _scan(tmp_path, paths=[tmp_path / "nope.tf"])
    assert [(e.kind, e.message) for e in result.errors] == [("read", "no such file or directory")]


def test_a_source_file_keeps_the_path_it_can_be_read_from(tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe9seau.tf")
    _write(tmp_path / name, PUBLIC.format(name="n"))
    source = read_source(tmp_path / name, tmp_path, 1000)
    assert isinstance(source, SourceFile)
    assert (source.rel, source.path) == ("r\\xe9seau.tf", tmp_path / name)
