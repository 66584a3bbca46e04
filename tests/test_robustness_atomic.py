"""An output written while something goes wrong leaves the previous file whole and no temporary
file behind (`iacscan.atomic`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacscan.atomic import write_text_atomic

OLD = '{"version": "2.1.0", "runs": []}\n'


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "results.sarif"
    path.parent.mkdir()
    path.write_text(OLD)
    return path


def _interrupt(*args: object) -> None:
    raise KeyboardInterrupt


def _disk_full(*args: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    "where, failure",
    [
        ("write", _disk_full),  # half the text is on disk when the disk fills
        ("fsync", _disk_full),
        ("fsync", _interrupt),  # Ctrl-C after the data was written
        ("replace", _interrupt),  # Ctrl-C just before the rename
    ],
)
def test_an_interrupted_write_keeps_the_old_file(
    report: Path, monkeypatch: pytest.MonkeyPatch, where: str, failure: object
) -> None:
    if where == "write":
        real_fdopen = os.fdopen

        def half_then_fail(fd: int, *args: object, **kwargs: object) -> object:
            stream = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

            def write(text: str) -> int:
                stream.buffer.write(text[: len(text) // 2].encode())
                stream.buffer.flush()
                _disk_full()
                return 0

            stream.write = write
            return stream

        monkeypatch.setattr(os, "fdopen", half_then_fail)
    else:
        monkeypatch.setattr(os, where, failure)
    with pytest.raises((OSError, KeyboardInterrupt)):
        write_text_atomic(report, '{"version": "2.1.0", "runs": [' + "x" * 100_000 + "]}\n")
    assert report.read_text() == OLD
    assert sorted(p.name for p in report.parent.iterdir()) == ["results.sarif"]


def test_a_completed_write_replaces_the_file_and_cleans_up(report: Path) -> None:
    write_text_atomic(report, "new\n")
    assert report.read_text() == "new\n"
    assert sorted(p.name for p in report.parent.iterdir()) == ["results.sarif"]


def test_a_new_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "baseline.json"
    write_text_atomic(target, "{}\n")
    assert target.read_text() == "{}\n"


def test_a_new_file_gets_the_umask_mode_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    old_umask = os.umask(0o027)
    try:
        fresh = tmp_path / "results.sarif"
        write_text_atomic(fresh, "{}\n")
        assert fresh.stat().st_mode & 0o777 == 0o640  # not mkstemp's 0600
        kept = tmp_path / "baseline.json"
        kept.write_text("{}\n")
        kept.chmod(0o604)
        write_text_atomic(kept, "[]\n")
        assert kept.stat().st_mode & 0o777 == 0o604
    finally:
        os.umask(old_umask)
