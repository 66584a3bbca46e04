"""Loading checks: the built-in `iacscan_checks` package and folders the user names.

Check modules do not register themselves; loading a module and collecting its module-level
`Check` values is the only way a check enters a scan. Ids must be unique across everything
loaded, and a user check cannot silently replace a built-in one.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from iacscan.check import CHECK_ID, Check, CheckMeta
from iacscan.graph.model import Framework

if TYPE_CHECKING:
    from iacscan.check_index import FoundCheck

BUILTIN_PACKAGE = "iacscan_checks"


class CheckLoadError(Exception):
    """A check folder or module could not be loaded; the message names the file."""


@dataclass(frozen=True, slots=True)
class CheckSelection:
    """Which checks to run: `include` and `skip` hold ids, names, aliases or other scanners'
    equivalent ids (so `--skip-check CKV_AWS_20` skips ours)."""

    include: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    frameworks: tuple[Framework, ...] = ()

    def wants(self, meta: CheckMeta) -> bool:
        if self.include and not any(meta.matches_id(i) for i in self.include):
            return False
        if any(meta.matches_id(s) for s in self.skip):
            return False
        return not self.frameworks or any(f in self.frameworks for f in meta.frameworks)


def checks_in_module(module: ModuleType) -> list[Check]:
    return [value for value in vars(module).values() if isinstance(value, Check)]


def builtin_modules() -> list[str]:
    """The names of the built-in check modules (modules whose name starts with `_` are helpers
    or the generated index)."""
    package = importlib.import_module(BUILTIN_PACKAGE)
    return [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{BUILTIN_PACKAGE}.")
        if not info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_")
    ]


def builtin_checks() -> list[Check]:
    """The built-in checks: from the generated index when it matches the modules (then a check
    module is imported only when its check first runs), else by importing every module."""
    from iacscan.check_index import indexed_checks

    modules = builtin_modules()
    indexed = indexed_checks(modules)
    if indexed is not None:
        return indexed
    return [found.check for found in imported_builtin_checks(modules)]


def imported_builtin_checks(modules: Sequence[str] | None = None) -> list[FoundCheck]:
    """Every built-in check with its module, by importing the modules: what the index is
    generated from."""
    from iacscan.check_index import FoundCheck

    names = builtin_modules() if modules is None else modules
    return [
        FoundCheck(check, name)
        for name in names
        for check in checks_in_module(importlib.import_module(name))
    ]


def checks_from_directory(directory: Path) -> list[Check]:
    """Load every Python check (`*.py`) and YAML policy (`*.yaml`, `*.yml`) under a folder
    the user named (never one found by scanning)."""
    from iacscan.policies.loader import PolicyError, load_policy

    if not directory.is_dir():
        raise CheckLoadError(f"{directory}: checks directory does not exist")
    found: list[Check] = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if path.name.startswith("_"):
            continue
        if path.suffix == ".py":
            found.extend(_python_checks(path))
        elif path.suffix in (".yaml", ".yml"):
            try:
                found.append(load_policy(path))
            except PolicyError as exc:
                raise CheckLoadError(str(exc)) from exc
    return found


def _python_checks(path: Path) -> list[Check]:
    name = f"iacscan_user_checks.{abs(hash(path.resolve()))}.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CheckLoadError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a user's module may fail in any way; name the file
        raise CheckLoadError(f"{path}: failed to load: {type(exc).__name__}: {exc}") from exc
    return checks_in_module(module)


def validate_unique(checks: Iterable[Check]) -> list[Check]:
    seen: dict[str, str] = {}
    result = []
    for item in checks:
        meta = item.meta
        if not CHECK_ID.match(meta.id):
            raise CheckLoadError(
                f"{meta.source}: check id {meta.id!r} is not of the form "
                "PREFIX-<SERVICE>-NNN (e.g. ACME-S3-001)"
            )
        if meta.id in seen:
            raise CheckLoadError(
                f"{meta.source}: check id {meta.id} is already used by {seen[meta.id]}"
            )
        seen[meta.id] = meta.source
        result.append(item)
    return sorted(result, key=lambda c: c.meta.id)


def load_checks(
    extra_directories: Sequence[Path] = (), selection: CheckSelection | None = None
) -> list[Check]:
    everything = builtin_checks()
    for directory in extra_directories:
        everything.extend(checks_from_directory(directory))
    checks = validate_unique(everything)
    if selection is None:
        return checks
    return [c for c in checks if selection.wants(c.meta)]
