"""Property test: any shape of intrinsic functions evaluates without an internal error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.cloudformation import CloudFormationAdapter
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework

NAMES = ["Sub", "Join", "Select", "Split", "FindInMap", "If", "Base64", "GetAtt", "GetAZs"]
NAMES += ["ImportValue", "Equals", "And", "Or", "Not", "Length", "ToJsonString", "Cidr"]
FUNCTIONS = ["Ref", "Condition", *(f"Fn::{name}" for name in NAMES)]
WORDS = ["A", "B", "Env", "AWS::NoValue", "AWS::Region", "AWS::Partition", "C1", "C2", "M", "k"]
WORDS += ["${A}", "${A.Arn}", "${!x}", "${Env}", "x,y", ",", "0", "1"]
SCALARS = st.one_of(st.sampled_from(WORDS), st.integers(-3, 5), st.booleans(), st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from([*FUNCTIONS, "p", "q"]), inner, max_size=2),
        st.builds(lambda name, args: {name: args}, st.sampled_from(FUNCTIONS), inner),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(VALUES, VALUES, VALUES)
def test_random_intrinsics_never_break_the_adapter(props: Any, condition: Any, other: Any) -> None:
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
        "Mappings": {"M": {"k": {"k": "v"}}},
        "Conditions": {"C1": condition, "C2": {"Fn::Not": [{"Condition": "C1"}]}},
        "Resources": {
            "A": {"Type": "AWS::S3::Bucket", "Condition": "C2", "Properties": props},
            "B": {"Type": "AWS::S3::Bucket", "DependsOn": "A", "Properties": {"x": [props, other]}},
        },
    }
    source = SourceFile(Path("t.json"), "t.json", json.dumps(template, indent=1))
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
    result = CloudFormationAdapter().parse(unit, ParseOptions())
    assert [e for e in result.errors if e.kind == "eval"] == []
    assert "t.json::B" in {r.id for r in result.resources}
    ResourceGraph(result.resources, result.edges)
