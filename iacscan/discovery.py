"""Find and read the files a scan looks at.

Directories that hold caches or other people's code (`.git`, `.terraform`, `node_modules`, virtual
environments) are skipped on purpose. Symbolic links to directories are not followed, and a linked
file is read only when it resolves inside the scan root, so a hostile repository cannot point
the scanner at files outside it or into a loop.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from iacscan.frameworks.base import FileError, SourceFile
from iacscan.frameworks.detect import is_candidate

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".terraform",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".idea",
        ".vscode",
    }
)
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DiscoveryOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()


def relative_posix(path: Path, root: Path) -> str:
    """`path` relative to `root` in POSIX form; the absolute path when it lies outside root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def find_candidates(
    paths: Sequence[Path], root: Path, options: DiscoveryOptions
) -> tuple[list[Path], list[FileError]]:
    """Every file under `paths` whose name may hold IaC, in a stable order."""
    found: list[Path] = []
    errors: list[FileError] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            _walk(path, root, options, found, errors)
        elif path.is_file():
            found.append(path)  # named explicitly: scanned whatever its name
        elif not path.exists():
            errors.append(FileError(str(path), 0, "no such file or directory", kind="read"))
    unique = list(dict.fromkeys(found))
    return [p for p in unique if not _excluded(p, root, options)], errors


def _walk(
    top: Path, root: Path, options: DiscoveryOptions, found: list[Path], errors: list[FileError]
) -> None:
    def on_error(exc: OSError) -> None:
        where = relative_posix(Path(exc.filename or top), root)
        errors.append(FileError(where, 0, f"cannot read directory: {exc.strerror}", kind="read"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRECTORIES)
        for name in sorted(filenames):
            if is_candidate(name):
                found.append(Path(dirpath) / name)


def _excluded(path: Path, root: Path, options: DiscoveryOptions) -> bool:
    rel = relative_posix(path, root)
    return any(fnmatch(rel, pattern) for pattern in options.exclude)


def read_source(path: Path, root: Path, max_bytes: int) -> SourceFile | FileError:
    """Read one file as text, or say why it cannot be read."""
    rel = relative_posix(path, root)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return FileError(
                    rel, 0, "symbolic link points outside the scan root; not followed", kind="read"
                )
            info = target.stat()
        if not stat.S_ISREG(info.st_mode):
            return FileError(
                rel, 0, "not a regular file (FIFO, device or socket); skipped", kind="read"
            )
        if info.st_size > max_bytes:
            return FileError(
                rel,
                0,
                f"file is {info.st_size} bytes, above the limit of "
                f"{max_bytes}; raise it with --max-file-size",
                kind="limit",
            )
        data = path.read_bytes()
    except OSError as exc:
        return FileError(rel, 0, f"cannot read file: {exc.strerror or exc}", kind="read")
    return decode_source(path, rel, data)


def decode_source(path: Path, rel: str, data: bytes) -> SourceFile | FileError:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return FileError(rel, line, f"not valid UTF-8 text (byte {exc.start})", kind="read")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return FileError(rel, line, "file contains NUL bytes; not a text file", kind="read")
    return SourceFile(path=path, rel=rel, text=text)


def iter_sources(
    paths: Sequence[Path], root: Path, options: DiscoveryOptions
) -> Iterator[SourceFile | FileError]:
    candidates, errors = find_candidates(paths, root, options)
    yield from errors
    for path in candidates:
        yield read_source(path, root, options.max_file_bytes)
