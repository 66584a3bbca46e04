"""Plan and state documents of any shape: errors or resources, never an exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.terraform_plan import TerraformPlanAdapter
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework

KEYS = st.sampled_from(
    [
        "address",
        "mode",
        "type",
        "name",
        "index",
        "values",
        "resources",
        "child_modules",
        "root_module",
        "after_unknown",
        "change",
        "references",
        "expressions",
        "module_calls",
        "module",
        "outputs",
        "expression",
        "instances",
        "attributes",
        "index_key",
        "dependencies",
        "deposed",
        "count_expression",
        "depends_on",
        "variables",
        "value",
    ]
)
SCALARS = st.one_of(
    st.sampled_from(
        [
            "managed",
            "data",
            "aws_s3_bucket.b",
            "module.m[0]",
            "var.x",
            "module.m.out",
            "b",
            "aws_s3_bucket",
            'module.m["k"].aws_s3_bucket.b[0]',
            "local.l",
            "[",
            "",
        ]
    ),
    st.integers(-1, 3),
    st.booleans(),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


def parse(document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=1)
    source = SourceFile(Path("/nowhere/plan.json"), "plan.json", text)
    unit = ScanUnit(Framework.TERRAFORM_PLAN, ".", (source,), Path("/nowhere"))
    result = TerraformPlanAdapter().parse(unit, ParseOptions())
    ResourceGraph(result.resources, result.edges)  # raises on a duplicate id
    for error in result.errors:
        assert error.file == "plan.json" and error.line >= 1


@settings(max_examples=100, deadline=None)
@given(VALUES, VALUES, VALUES, VALUES)
def test_random_plans_never_raise(
    planned: Any, changes: Any, configuration: Any, prior: Any
) -> None:
    parse(
        {
            "format_version": "1.2",
            "planned_values": {"root_module": planned} if isinstance(planned, dict) else planned,
            "resource_changes": changes,
            "configuration": configuration,
            "prior_state": {"values": {"root_module": prior}},
        }
    )


@settings(max_examples=50, deadline=None)
@given(VALUES)
def test_random_raw_states_never_raise(resources: Any) -> None:
    parse({"version": 4, "lineage": "x", "resources": resources})


NAMES = st.sampled_from(["b", "c"])
ENTRIES = st.fixed_dictionaries(
    {
        "address": st.sampled_from(
            ["aws_s3_bucket.b", "aws_s3_bucket.b[0]", 'aws_s3_bucket.c["k"]', "data.x.b"]
        ),
        "mode": st.sampled_from(["managed", "data"]),
        "type": st.sampled_from(["aws_s3_bucket", "x"]),
        "name": NAMES,
        "index": st.one_of(st.none(), st.integers(0, 1), st.just("k")),
        "values": VALUES,
    }
)
REFERENCES = st.lists(
    st.sampled_from(
        [
            "aws_s3_bucket.b",
            "aws_s3_bucket.b[0].id",
            "var.x",
            "module.m.out",
            "module.m[1].out",
            "data.x.b",
            "local.l",
            "each.value",
            "module",
            "var",
            "aws_s3_bucket",
        ]
    ),
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(ENTRIES, max_size=4),
    st.lists(ENTRIES, max_size=3),
    REFERENCES,
    REFERENCES,
    VALUES,
)
def test_plans_with_modules_and_references_never_raise(
    root: list[Any], child: list[Any], references: list[str], outputs: list[str], unknown: Any
) -> None:
    for entry in child:
        entry["address"] = f"module.m[1].{entry['address']}"
    module_config = {
        "resources": [
            {
                "mode": "managed",
                "type": "aws_s3_bucket",
                "name": "b",
                "expressions": {"bucket": {"references": references}},
            },
        ],
        "outputs": {"out": {"expression": {"references": outputs}}},
    }
    parse(
        {
            "format_version": "1.2",
            "planned_values": {
                "root_module": {
                    "resources": root,
                    "child_modules": [{"address": "module.m[1]", "resources": child}],
                }
            },
            "resource_changes": [
                {"address": e["address"], "change": {"after_unknown": unknown}} for e in root
            ],
            "configuration": {
                "root_module": {
                    **module_config,
                    "module_calls": {
                        "m": {
                            "expressions": {"x": {"references": references}},
                            "module": module_config,
                        },
                    },
                }
            },
        }
    )
