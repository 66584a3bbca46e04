"""Parsing one Terraform file, and reading the files of a module directory from disk.

A module call reads a directory the scan may not have listed itself, so the reading here keeps
the scan's rules: only regular `.tf` / `.tf.json` files, inside the scan root (symbolic links
that leave it are refused), under the size limit, valid UTF-8.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from iacscan.frameworks.base import FileError, SourceFile
from iacscan.frameworks.terraform.hcl_syntax import parse_hcl
from iacscan.frameworks.terraform.json_syntax import parse_tf_json
from iacscan.frameworks.terraform.syntax_tree import FileBody, HclSyntaxError

TERRAFORM_FILE_SUFFIXES = (".tf", ".tf.json")


# Parsed files by (path reported, text): a module directory is parsed once, not again for its
# own unit and for every root that calls it. Syntax trees are immutable, so sharing is safe.
# The cache holds at most _PARSED_CHARACTERS characters of source text.
_PARSED: OrderedDict[tuple[str, str], tuple[FileBody | None, tuple[FileError, ...]]] = OrderedDict()
_PARSED_CHARACTERS = 32_000_000
_parsed_size = 0


def parse_source(source: SourceFile, errors: list[FileError]) -> FileBody | None:
    """One file's syntax tree, or None (with the error recorded) when it does not parse."""
    global _parsed_size
    key = (source.rel, source.text)
    cached = _PARSED.get(key)
    if cached is not None:
        _PARSED.move_to_end(key)
    else:
        found: list[FileError] = []
        cached = (_parse(source, found), tuple(found))
        _PARSED[key] = cached
        _parsed_size += len(source.text)
        while _parsed_size > _PARSED_CHARACTERS and _PARSED:
            (_, text), _ = _PARSED.popitem(last=False)
            _parsed_size -= len(text)
    errors.extend(cached[1])
    return cached[0]


def _parse(source: SourceFile, errors: list[FileError]) -> FileBody | None:
    parse = parse_tf_json if source.rel.endswith(".json") else parse_hcl
    try:
        body, problems = parse(source.text)
    except HclSyntaxError as error:
        errors.append(FileError(source.rel, error.line, error.message, error.column))
        return None
    except RecursionError:
        errors.append(FileError(source.rel, 1, "the file is nested too deeply to read"))
        return None
    errors.extend(FileError(source.rel, p.line, p.message, p.column) for p in problems)
    return FileBody(source.rel, body)


def read_directory(root: Path, directory: str, errors: list[FileError]) -> list[FileBody]:
    """The parsed `.tf` / `.tf.json` files of `directory` (POSIX, relative to the scan root
    `root`), in name order; files that cannot be read or parsed become errors."""
    parsed: list[FileBody] = []
    for source in read_sources(root, directory, TERRAFORM_FILE_SUFFIXES, errors):
        body = parse_source(source, errors)
        if body is not None:
            parsed.append(body)
    return parsed


def read_sources(
    root: Path, directory: str, suffixes: tuple[str, ...], errors: list[FileError]
) -> list[SourceFile]:
    """The files of `directory` whose names end with one of `suffixes`, in name order."""
    from iacscan.discovery import DEFAULT_MAX_FILE_BYTES, read_source

    folder = root / directory
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if not entry.is_dir())
    except OSError as exc:
        message = f"cannot read directory: {exc.strerror}"
        errors.append(FileError(directory, 0, message, kind="read"))
        return []
    sources: list[SourceFile] = []
    for name in names:
        if not name.endswith(suffixes):
            continue
        source = read_source(folder / name, root, DEFAULT_MAX_FILE_BYTES)
        if isinstance(source, FileError):
            errors.append(source)
        else:
            sources.append(source)
    return sources
