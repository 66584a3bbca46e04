"""Property test: any shape of ARM resources and expressions reads without an internal error,
and resource ids stay unique."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks.arm import ArmAdapter
from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework

TEXTS = ["a", "A.B/c", "Microsoft.X/y", "Microsoft.X/y/z", "a/b", "", "[", "]", "[]", "[[x]"]
TEXTS += ["[parameters('p')]", "[variables('v')]", "[resourceId('A.B/c', 'a')]"]
TEXTS += ["[concat('a', '/b')]", "[reference('a')]", "[uniqueString('a')]"]
TEXTS += ["[if(true(), 'a', 'b')]", "[if(equals(parameters('p'), 'a'), 'a', 'b')]"]
KEYS = ["properties", "name", "type", "dependsOn", "resources", "condition", "x"]
SCALARS = st.one_of(st.sampled_from(TEXTS), st.integers(-2, 3), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=5), VALUES, VALUES)
def test_random_templates_never_break_the_adapter(
    resources: list[Any], variables: Any, default: Any
) -> None:
    template = {
        "parameters": {"p": {"type": "string", "defaultValue": default}},
        "variables": {"v": variables},
        "resources": resources,
    }
    source = SourceFile(Path("t.json"), "t.json", json.dumps(template, indent=1))
    unit = ScanUnit(Framework.ARM, ".", (source,), Path("."))
    result = ArmAdapter().parse(unit, ParseOptions())
    assert [e for e in result.errors if e.kind == "eval"] == []
    ResourceGraph(result.resources, result.edges)  # raises on a duplicate id
