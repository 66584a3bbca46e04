"""Find and read the files a scan looks at, safely, in a repository that may be hostile.

- Directories that hold caches or other people's code (`.git`, `.terraform`, `node_modules`,
  virtual environments) are skipped, unless named on the command line; `.terraform` (modules
  `terraform init` downloaded) is scanned with `include_terraform_cache`.
- Symbolic links to directories are not followed, unless `follow_symlinks`; then each real
  directory is walked once, so a link loop ends. A linked file is read only when it resolves
  inside the scan root, so a repository cannot make the scanner read (and report) files
  outside it; a link loop is a read error, not an exception.
- Only regular files are read: a FIFO, socket or device is reported, never opened for reading
  in a way that could block (O_NONBLOCK, then fstat on what was actually opened). At most
  `max_file_bytes` are read, even from a file that grows meanwhile.
- A directory or file that cannot be read becomes an error naming it; the walk goes on.
- Names that are not valid UTF-8 are shown with `\\xNN` escapes, so every report can encode them.
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

TERRAFORM_CACHE = ".terraform"
SKIPPED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        TERRAFORM_CACHE,
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
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class DiscoveryOptions:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False  # follow links to directories and to files outside the root
    include_terraform_cache: bool = False  # walk `.terraform` folders too

    def skips(self, name: str) -> bool:
        """Whether the walk leaves out a directory of this name."""
        if name == TERRAFORM_CACHE:
            return not self.include_terraform_cache
        return name in SKIPPED_DIRECTORIES


def display_path(text: str) -> str:
    """`text` with undecodable bytes of a file name (kept by Python as lone surrogates) as
    `\\xNN`: lone surrogates cannot be written as UTF-8, so JSON, SARIF or a terminal would fail."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def relative_posix(path: Path, root: Path) -> str:
    """`path` relative to `root` in POSIX form (a symbolic link by its own name), else relative
    once both are resolved, else the resolved absolute path."""
    text, base_text = os.path.abspath(path), os.path.abspath(root)
    prefix = base_text.rstrip(os.sep) + os.sep
    if text.startswith(prefix):  # the common case, without building Path objects
        return display_path(text[len(prefix) :].replace(os.sep, "/"))
    for candidate, base in (
        (Path(text), Path(base_text)),
        (Path(os.path.realpath(path)), Path(os.path.realpath(root))),
    ):
        if candidate.is_relative_to(base):
            return display_path(candidate.relative_to(base).as_posix())
    return display_path(Path(os.path.realpath(path)).as_posix())


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def find_candidates(
    paths: Sequence[Path], root: Path, options: DiscoveryOptions
) -> tuple[list[Path], list[FileError]]:
    """Every file under `paths` whose name may hold IaC, in a stable order."""
    walker = _Walker(root, options)
    for path in paths:
        walker.visit_named(path)
    unique = list(dict.fromkeys(walker.found))
    return [p for p in unique if not _excluded(p, root, options)], walker.errors


class _Walker:
    """A depth-first walk in name order, files of a directory before its subdirectories."""

    def __init__(self, root: Path, options: DiscoveryOptions) -> None:
        self.root = root
        self.options = options
        self.found: list[Path] = []
        self.errors: list[FileError] = []
        self.seen: set[tuple[int, int]] = set()  # real directories walked: (device, inode)

    def visit_named(self, path: Path) -> None:
        """A path the user named: a directory is walked, anything else read whatever its name
        (reading reports FIFOs, devices and links that leave the root)."""
        try:
            info = path.lstat()
        except OSError as exc:
            message = "no such file or directory" if not os.path.lexists(path) else exc.strerror
            self.errors.append(FileError(display_path(str(path)), 0, str(message), kind="read"))
            return
        if stat.S_ISLNK(info.st_mode) and os.path.isdir(path):
            if self.options.follow_symlinks or _inside(path, self.root):
                self.walk(path)
            else:
                self.error(path, "symbolic link points outside the scan root; not followed")
        elif stat.S_ISDIR(info.st_mode):
            self.walk(path)
        else:
            self.found.append(path)

    def walk(self, top: Path) -> None:
        stack = [top]
        while stack:
            directory = stack.pop()
            if not self._first_visit(directory):
                continue
            subdirectories = self._scan(directory)
            stack.extend(reversed(subdirectories))

    def _first_visit(self, directory: Path) -> bool:
        try:
            info = directory.stat()
        except OSError as exc:
            self.error(directory, f"cannot read directory: {exc.strerror}")
            return False
        key = (info.st_dev, info.st_ino)
        if key in self.seen:
            return False  # a link loop, or a folder reached twice through links
        self.seen.add(key)
        return True

    def _scan(self, directory: Path) -> list[Path]:
        """Record the candidate files of `directory`; return its subdirectories to walk."""
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            self.error(directory, f"cannot read directory: {exc.strerror}")
            return []
        subdirectories = []
        for entry in entries:
            path = Path(entry.path)
            if self._is_directory(entry):
                if not self.options.skips(entry.name):
                    subdirectories.append(path)
            elif is_candidate(entry.name):
                self.found.append(path)
        return subdirectories

    def _is_directory(self, entry: os.DirEntry[str]) -> bool:
        """A real directory, or a link to one that we follow."""
        try:
            if entry.is_dir(follow_symlinks=False):
                return True
            return self.options.follow_symlinks and entry.is_symlink() and entry.is_dir()
        except OSError:
            return False  # a dangling or looping link: reading it, if a candidate, says so

    def error(self, path: Path, message: str) -> None:
        self.errors.append(FileError(relative_posix(path, self.root), 0, message, kind="read"))


def _excluded(path: Path, root: Path, options: DiscoveryOptions) -> bool:
    if not options.exclude:
        return False
    rel = relative_posix(path, root)
    return any(fnmatch(rel, pattern) for pattern in options.exclude)


def read_source(
    path: Path, root: Path, max_bytes: int, follow_symlinks: bool = False
) -> SourceFile | FileError:
    """Read one file as text, or say why it cannot be read."""
    rel = relative_posix(path, root)
    try:
        if os.path.islink(path) and not follow_symlinks and not _inside(path, root):
            message = "symbolic link points outside the scan root; not followed"
            return FileError(rel, 0, message, kind="read")
        if not stat.S_ISREG(os.stat(path).st_mode):  # before opening: a device may act on open
            return _not_regular(rel)
        data = _read_regular(path, rel, max_bytes)
    except OSError as exc:
        return FileError(rel, 0, f"cannot read file: {exc.strerror or exc}", kind="read")
    if isinstance(data, FileError):
        return data
    return decode_source(path, rel, data)


def _read_regular(path: Path, rel: str, max_bytes: int) -> bytes | FileError:
    """The bytes of a regular file, checked again on the open descriptor (the file may have
    been swapped since it was looked at), never more than `max_bytes` of them."""
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return _not_regular(rel)
        if info.st_size > max_bytes:
            return _too_large(rel, info.st_size, max_bytes)
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return _too_large(rel, len(data), max_bytes)
    return data


def _not_regular(rel: str) -> FileError:
    return FileError(rel, 0, "not a regular file (FIFO, device or socket); skipped", kind="read")


def _too_large(rel: str, size: int, max_bytes: int) -> FileError:
    message = f"file is {size} bytes, above the limit of {max_bytes}; raise it with --max-file-size"
    return FileError(rel, 0, message, kind="limit")


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
        yield read_source(path, root, options.max_file_bytes, options.follow_symlinks)
