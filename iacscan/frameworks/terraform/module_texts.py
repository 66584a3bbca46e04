"""The text of module files a scan read only through module calls.

A root module may call a module outside the paths given to the scan (`iacscan live/prod`
calling `../../modules/bucket`): its resources are found through the call, but the scan's list
of source texts holds only the files it was given. Inline suppressions and diff-aware
filtering read that list, so the module files are added to it here. Light to import: no parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from iacscan.frameworks.base import SourceFile
from iacscan.graph.model import Framework, Resource


def module_texts(
    resources: Iterable[Resource], known: Mapping[str, str], root: Path
) -> dict[str, str]:
    """`file -> text` for the files of resources evaluated through module calls that `known`
    does not hold (read with the scan's own rules: inside the root, size limit, UTF-8)."""
    from iacscan.discovery import DEFAULT_MAX_FILE_BYTES, read_source

    found: dict[str, str] = {}
    for resource in resources:
        file = resource.file
        if (
            resource.framework is not Framework.TERRAFORM
            or "module_call" not in resource.meta
            or file in known
            or file in found
        ):
            continue
        source = read_source(root / file, root, DEFAULT_MAX_FILE_BYTES)
        if isinstance(source, SourceFile):
            found[file] = source.text
    return found
