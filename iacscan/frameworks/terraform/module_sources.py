"""Where a module call's source is on disk, and its files, read once per directory.

Local sources (`./x`, `../x`) are directories relative to the calling module. Any other source
(registry, git, http, ...) is used only when `terraform init` has already downloaded it: the
root module's `.terraform/modules/modules.json` maps each call's key (`net`, nested `net.subnets`)
to the directory it was unpacked into. Nothing is ever fetched, and no directory outside the
scan root is read.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacscan.frameworks.base import FileError
from iacscan.frameworks.terraform.source_files import read_directory
from iacscan.frameworks.terraform.syntax_tree import FileBody

MANIFEST = ".terraform/modules/modules.json"
# Module instances one root module may evaluate in all (nested for_each multiplies quickly).
MAX_MODULE_INSTANCES = 2000
_LOCAL_PREFIXES = ("./", "../", ".\\", "..\\")


@dataclass(frozen=True, slots=True)
class Located:
    """The directory of a module source (relative to the scan root), or why there is none:
    `problem` completes "module.x (source ...) not evaluated: ..."."""

    directory: str | None
    problem: str = ""
    kind: str = "eval"


class SourceLoader:
    """Finds and reads module directories for one root module (`root_directory`, relative to
    the scan root `root`). Parse errors of the files it reads collect in `errors`."""

    def __init__(self, root: Path, root_directory: str) -> None:
        self.root = root
        self.root_directory = root_directory
        self.errors: list[FileError] = []
        self.budget = MAX_MODULE_INSTANCES  # module instances still allowed
        self._files: dict[str, tuple[FileBody, ...]] = {}
        self._manifest: dict[str, str] | None = None

    def locate(self, source: Any, caller: str, key: str) -> Located:
        """The directory for a call with `source`, written in the module at `caller`; `key`
        is the call's key in the manifest."""
        if not isinstance(source, str) or not source:
            return Located(None, "the source is not a literal string")
        if source.startswith(_LOCAL_PREFIXES):
            joined = posixpath.normpath(posixpath.join(caller, source.replace("\\", "/")))
            return self._inside(joined)
        downloaded = self.manifest().get(key)
        if downloaded is None:
            return Located(None, "run `terraform init` to download it")
        joined = posixpath.normpath(posixpath.join(self.root_directory, downloaded))
        return self._inside(joined)

    def _inside(self, directory: str) -> Located:
        if directory == ".." or directory.startswith("../") or posixpath.isabs(directory):
            return Located(None, "it lies outside the scan root and is not read", "read")
        try:
            resolved = (self.root / directory).resolve()
            inside = resolved.is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):  # a symbolic link loop
            return Located(None, f"{directory} cannot be read", "read")
        if not inside:
            return Located(None, f"{directory} leads outside the scan root and is not read", "read")
        if not resolved.is_dir():
            return Located(None, f"{directory} is not a directory")
        return Located(directory)

    def manifest(self) -> dict[str, str]:
        """Module key -> directory (relative to the root module) from `modules.json`."""
        if self._manifest is None:
            path = self.root / self.root_directory / MANIFEST
            try:
                inside = path.resolve().is_relative_to(self.root.resolve())
            except (OSError, RuntimeError):
                inside = False
            self._manifest = _read_manifest(path) if inside else {}
        return self._manifest

    def files(self, directory: str) -> tuple[FileBody, ...]:
        cached = self._files.get(directory)
        if cached is None:
            cached = tuple(read_directory(self.root, directory, self.errors))
            self._files[directory] = cached
        return cached


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    modules = data.get("Modules") if isinstance(data, dict) else None
    if not isinstance(modules, list):
        return {}
    found: dict[str, str] = {}
    for entry in modules:
        if not isinstance(entry, dict):
            continue
        key, directory = entry.get("Key"), entry.get("Dir")
        if isinstance(key, str) and key and isinstance(directory, str) and directory:
            found[key] = directory.replace("\\", "/")
    return found
