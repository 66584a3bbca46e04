"""Is this file a Kubernetes manifest? A cheap look at the text, no YAML parsing.

A manifest has `apiVersion:` and `kind:` as top-level keys of one document. CloudFormation,
GitHub workflows, docker-compose, Helm values and Chart.yaml, Ansible playbooks and OpenAPI
documents never have both at column 0. Helm templates do, so they are claimed here and their
template syntax is reported clearly by the adapter. JSON manifests are read as JSON.
"""

from __future__ import annotations

import json
import re
from typing import Final

_DOCUMENT_MARKER: Final = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)
_API_VERSION: Final = re.compile(r"""^(?:apiVersion|"apiVersion"|'apiVersion')[ \t]*:""", re.M)
_KIND: Final = re.compile(r"""^(?:kind|"kind"|'kind')[ \t]*:""", re.MULTILINE)
_JSON_START: Final = re.compile(r"""\A\s*\{\s*"(?:apiVersion|kind)"\s*:""")
# A document written as one YAML flow mapping (`{apiVersion: v1, kind: Pod, ...}`, as some
# upstream examples are): its keys are indented or share a line, so the column-0 test misses them.
_FLOW_START: Final = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*\{(?!\{)")
_FLOW_API_VERSION: Final = re.compile(r"""[{,\s](?:apiVersion|"apiVersion"|'apiVersion')[ \t]*:""")
_FLOW_KIND: Final = re.compile(r"""[{,\s](?:kind|"kind"|'kind')[ \t]*:""")


def looks_like_kubernetes(text: str) -> bool:
    start = text.lstrip()
    if start.startswith("{") and not start.startswith("{{"):  # `{{` opens a Helm template
        return _json_object_is_kubernetes(text)
    return any(_document_is_kubernetes(part) for part in _DOCUMENT_MARKER.split(text))


def _document_is_kubernetes(part: str) -> bool:
    if _API_VERSION.search(part) and _KIND.search(part):
        return True
    return bool(
        _FLOW_START.match(part) and _FLOW_API_VERSION.search(part) and _FLOW_KIND.search(part)
    )


def _json_object_is_kubernetes(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        # Broken JSON that opens like a manifest: claim it so the parse error gets reported.
        # Not JSON at all may still be a YAML flow mapping.
        return _JSON_START.match(text) is not None or _document_is_kubernetes(text)
    return (
        isinstance(data, dict)
        and isinstance(data.get("apiVersion"), str)
        and isinstance(data.get("kind"), str)
    )
