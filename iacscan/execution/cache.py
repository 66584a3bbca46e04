"""A per-user cache of parse results, so an unchanged unit is not parsed again.

Parsing is most of a scan's time (python-hcl2's Lark grammar above all), and between two runs on
the same repository most units have not changed. A result is stored under a key that covers
everything it depends on: the unit's files (names and contents, tfvars included), the parse
options (variable and parameter files by content), the root, the framework, the iacscan version,
a fingerprint of iacscan's own code (so an edited checkout never reads stale results), and the
versions of the parsing libraries and of Python.

Only units whose result depends on nothing else are cached. A Terraform module that calls
other modules reads their folders (and `.terraform/modules/modules.json`) while it is
evaluated, so such a unit is parsed every time, as are Terraform plans, which read their
configuration.

Entries are pickles, and unpickling runs code named in the file: the cache therefore lives in
a folder of the current user's (`$XDG_CACHE_HOME/iacscan`, else `~/.cache/iacscan`), mode
0700, and is not used at all when that folder (or an entry) belongs to someone else or others
may write to it. Entries are written atomically with mode 0600.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit
from iacscan.graph.model import Framework

FORMAT = 1
CACHEABLE = frozenset(
    {Framework.TERRAFORM, Framework.CLOUDFORMATION, Framework.ARM, Framework.KUBERNETES}
)
# Libraries whose upgrade can change what a parse returns.
PARSERS = ("python-hcl2", "lark", "cfn-lint", "PyYAML")
# Folders of other iacscan versions are removed once unused this long.
STALE_SECONDS = 7 * 24 * 3600
_MODULE_CALL = re.compile(r'^\s*module\s+"|"module"\s*:', re.MULTILINE)


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "iacscan"


def private_folder(folder: Path) -> bool:
    """Create `folder` (mode 0700) if needed; True when it is a real directory of ours that
    nobody else can write to."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return os.access(folder, os.W_OK)


class ParseCache:
    """Parse results on disk, keyed by `key`. Never raises: a broken entry is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, folder: Path | None = None) -> ParseCache | None:
        """The cache in `folder` (default: the per-user folder), or None when it is unsafe."""
        base = folder or default_folder()
        if not private_folder(base):
            return None
        current = base / f"parse-{code_fingerprint()[:16]}"
        if not private_folder(current):
            return None
        _remove_stale(base, current)
        return cls(current)

    def key(self, unit: ScanUnit, options: ParseOptions) -> str | None:
        """The entry name for `unit`, or None when its result may depend on other files."""
        if unit.framework not in CACHEABLE:
            return None
        if unit.framework is Framework.TERRAFORM and any(
            _MODULE_CALL.search(source.text) for source in unit.files
        ):
            return None
        digest = hashlib.sha256()
        for part in _key_parts(unit, options):
            encoded = part.encode("utf-8", "surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        return digest.hexdigest()

    def get(self, key: str) -> ParseResult | None:
        path = self._path(key)
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            self.misses += 1
            return None
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(descriptor)
            if not _ours(info):
                self.misses += 1
                return None
            try:
                stored_key, result = pickle.load(stream)  # only our own private files get here
            except Exception:
                stored_key, result = None, None
        if stored_key != key or not isinstance(result, ParseResult):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: ParseResult) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".entry.", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, result), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except Exception:  # a result that does not pickle, a full disk: just not cached
            Path(temporary).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"


def _ours(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077:
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _key_parts(unit: ScanUnit, options: ParseOptions) -> Iterable[str]:
    yield f"format {FORMAT}"
    yield code_fingerprint()
    yield f"{unit.framework.value} {unit.root} {unit.directory}"
    for role, sources in (("file", unit.files), ("extra", unit.extra)):
        for source in sources:
            yield f"{role} {source.rel} {source.path}"
            yield source.text
    yield repr(sorted(options.tf_vars.items()))
    yield repr(sorted(options.cfn_parameters.items()))
    for path in (*options.tf_var_files, *options.parameter_files):
        yield f"side file {path}"
        yield _content(path)


def _content(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable: {exc.strerror}"


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """iacscan's version and code, the parsing libraries' versions, and Python's: any change
    makes every key new. Code is fingerprinted by file names, sizes and modification times
    (stat only: ~2 ms), so an edited checkout never reads results of older code."""
    from importlib import metadata

    import iacscan

    parts = [iacscan.__version__, sys.version, f"pickle {pickle.HIGHEST_PROTOCOL}"]
    for name in PARSERS:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    package = Path(iacscan.__file__).parent
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        parts.append(f"{path.relative_to(package)} {info.st_size} {info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _remove_stale(base: Path, current: Path) -> None:
    """Delete other versions' folders unused for `STALE_SECONDS`, and mark ours as used."""
    now = time.time()
    try:
        os.utime(current)
        for folder in base.glob("parse-*"):
            if folder != current and now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        pass
