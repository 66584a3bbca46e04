"""Unrendered Helm templates: a clear error where they break the YAML, unknown values where
they do not.

A chart's `templates/*.yaml` is Go template text, not YAML: `name: {{ .Values.name }}` parses as
a mapping used as a key, `{{- if .Values.x }}` lines break the structure. Reading such a file as
it stands would scan something Helm never produces, so errors point at the template and say how
to render it; quoted expressions that do parse (`image: "{{ .Values.image }}"`) become unknown
values, which no check treats as a finding.
"""

from __future__ import annotations

from typing import Any, Final

from iacscan.frameworks.base import FileError
from iacscan.frameworks.yaml_positions import YamlError
from iacscan.graph.model import Unknown

OPEN: Final = "{{"
CLOSE: Final = "}}"
RENDER_HINT: Final = "render it with `helm template` first"


def has_templates(text: str) -> bool:
    return OPEN in text


def is_template(value: Any) -> bool:
    return isinstance(value, str) and OPEN in value and CLOSE in value


def template_line(text: str, error_line: int) -> int | None:
    """The line of the template expression that most likely caused an error at `error_line`:
    that line itself or the nearest one above it in the same document."""
    lines = text.split("\n")
    for number in range(min(error_line, len(lines)), 0, -1):
        line = lines[number - 1]
        if OPEN in line:
            return number
        if number < error_line and line.startswith("---"):
            return None
    return None


def template_error(file: str, text: str, error: YamlError) -> FileError | None:
    """The error to report when a YAML error comes from template syntax; None otherwise."""
    if error.kind != "parse":
        return None
    line = template_line(text, error.line)
    if line is None:
        return None
    message = (
        f"unrendered Helm template syntax at line {line}: {RENDER_HINT} "
        f"(YAML error at line {error.line}: {error.message})"
    )
    return FileError(file, line, message, 0, "parse")


def first_template_line(text: str) -> int:
    return text.count("\n", 0, max(text.find(OPEN), 0)) + 1


def unknown_templates(value: Any) -> tuple[Any, bool]:
    """`value` with every string holding a template expression replaced by `Unknown`, and
    whether there was any."""
    if isinstance(value, str):
        if is_template(value):
            return Unknown(f"unrendered Helm template {value!r}"), True
        return value, False
    if isinstance(value, dict):
        converted = {key: unknown_templates(item) for key, item in value.items()}
        return {k: v for k, (v, _) in converted.items()}, any(f for _, f in converted.values())
    if isinstance(value, list):
        pairs = [unknown_templates(item) for item in value]
        return [v for v, _ in pairs], any(f for _, f in pairs)
    return value, False
