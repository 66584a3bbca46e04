"""SAM `Globals`: the settings a SAM template gives every function, API or table at once.

The SAM transform copies `Globals.Function` (`Api`, `HttpApi`, ...) into each resource of that
type before deployment, so a runtime or tracing setting written once under `Globals` is the
resource's own setting. The adapter reads templates without running the transform; this
module does the one part of it that changes what a resource is: a global value is added to a
resource that does not write that property, and global maps are merged key by key into the
resource's maps. A value the resource writes itself wins. Lists are not concatenated (SAM
appends global list items): the resource's list is kept as written. Merged values keep the
spans of their lines under `Globals`, so a finding on one points there.
"""

from __future__ import annotations

from typing import Any, Final

from iacscan.graph.model import AttrPath, Span

SECTIONS: Final = {
    "AWS::Serverless::Function": "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::SimpleTable": "SimpleTable",
    "AWS::Serverless::StateMachine": "StateMachine",
    "AWS::Serverless::LayerVersion": "LayerVersion",
}


def globals_section(template: dict[Any, Any], resource_type: str) -> Any:
    """The raw `Globals` entry for this SAM type, or None."""
    section = SECTIONS.get(resource_type)
    table = template.get("Globals")
    if section is None or not isinstance(table, dict):
        return None
    return table.get(section)


def merge_globals(
    attributes: dict[str, Any],
    spans: dict[AttrPath, Span],
    defaults: dict[str, Any],
    default_spans: dict[AttrPath, Span],
    prefix: AttrPath = (),
) -> list[AttrPath]:
    """Add `defaults` (evaluated globals) into `attributes` in place, with their spans; return
    the paths of the values taken from the globals."""
    taken: list[AttrPath] = []
    for key, value in defaults.items():
        path = (*prefix, key)
        mine = attributes.get(key)
        if key not in attributes:
            attributes[key] = value
            spans.update((p, s) for p, s in default_spans.items() if p[: len(path)] == path)
            taken.append(path)
        elif isinstance(mine, dict) and isinstance(value, dict):
            taken.extend(merge_globals(mine, spans, value, default_spans, path))
    return taken
