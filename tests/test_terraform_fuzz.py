"""Property tests: any Terraform text, valid or not, reads without an exception, every problem
comes back as a FileError, and resource ids stay unique."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.terraform import TerraformAdapter
from iacscan.frameworks.terraform.functions import FUNCTION_NAMES
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework

LEAVES = [
    "1",
    "-2.5",
    '"a"',
    '""',
    "true",
    "null",
    "var.x",
    "var.m",
    "local.l",
    "local.cycle",
    "each.key",
    "each.value",
    "count.index",
    "aws_s3_bucket.b.id",
    "aws_s3_bucket.b[0].arn",
    "data.aws_iam_policy_document.d.json",
    "module.m.out",
    '"${var.x}-a"',
    "[]",
    "{}",
    "path.module",
    '["a", "b"]',
    "{ k = 1, j = [2] }",
    '{ a = { k = "v" } }',
    "3",
]
FUNCTIONS = [*sorted(FUNCTION_NAMES), "file", "nope"]


def _compose(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        pair.map(lambda p: f"{{ k = {p[0]}, (var.x) = {p[1]} }}"),
        st.tuples(inner, st.sampled_from(["+", "*", "/", "%", "==", "&&", "<"]), inner).map(
            lambda t: f"{t[0]} {t[1]} {t[2]}"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        inner.map(lambda e: f"[for k, v in {e} : v if k != null]"),
        inner.map(lambda e: f"{{for v in {e} : tostring(v) => v...}}"),
        inner.map(lambda e: f"({e})[0]"),
        inner.map(lambda e: f"({e}).k"),
        inner.map(lambda e: f"({e})[*].k"),
        inner.map(lambda e: f"!({e})"),
        inner.map(lambda e: f'"x-${{{e}}}"'),
    )


EXPRESSIONS = st.recursive(st.sampled_from(LEAVES), _compose, max_leaves=12)
META = st.sampled_from(["", "count = {}", "for_each = {}"])


@st.composite
def modules(draw: Any) -> str:
    parts = [
        'variable "x" {\n  default = ' + draw(EXPRESSIONS) + "\n}",
        'variable "m" {}',
        "locals {\n  l = " + draw(EXPRESSIONS) + "\n  cycle = local.cycle\n}",
        'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = '
        + draw(EXPRESSIONS)
        + "\n  }\n}",
    ]
    for index in range(draw(st.integers(1, 3))):
        meta = draw(META).format(draw(EXPRESSIONS))
        attributes = "\n".join(f"  a{n} = {draw(EXPRESSIONS)}" for n in range(3))
        dynamic = (
            f'  dynamic "rule" {{\n    for_each = {draw(EXPRESSIONS)}\n'
            f"    content {{\n      v = rule.value\n    }}\n  }}"
        )
        parts.append(
            f'resource "aws_s3_bucket" "b{index}" {{\n  {meta}\n{attributes}\n{dynamic}\n}}'
        )
    parts.append('output "o" {\n  value = ' + draw(EXPRESSIONS) + "\n}")
    return "\n\n".join(parts) + "\n"


def parse(files: dict[str, str]) -> ParseResult:
    sources = tuple(SourceFile(Path(name), name, text) for name, text in files.items())
    unit = ScanUnit(Framework.TERRAFORM, ".", sources, Path("."))
    return TerraformAdapter().parse(unit, ParseOptions())


def assert_sound(result: ParseResult) -> None:
    assert all(e.kind in ("parse", "eval", "read", "limit") for e in result.errors)
    for error in result.errors:
        assert error.line >= 0 and error.message
    ResourceGraph(result.resources, result.edges)  # raises on a duplicate id


@settings(max_examples=150, deadline=None)
@given(modules())
def test_random_modules_evaluate_without_exceptions(text: str) -> None:
    result = parse({"main.tf": text})
    assert [e for e in result.errors if e.kind == "parse"] == [], result.errors
    assert_sound(result)
    addresses = {r.address for r in result.resources}
    assert {"var.x", "var.m", "local.l", "output.o"} <= addresses


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet='resourcdat "{}[]()=.,:?!*$%<>#/\n\\-+01xy', max_size=120))
def test_random_text_is_an_error_not_an_exception(text: str) -> None:
    assert_sound(parse({"main.tf": text, "ok.tf": 'resource "a" "b" {\n  x = 1\n}\n'}))


JSON_SCALARS = st.one_of(
    st.sampled_from(["a", "${var.x}", "${", "${aws_s3_bucket.b.id}", "%{ if x }", ""]),
    st.integers(-2, 3),
    st.booleans(),
    st.none(),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["resource", "aws_s3_bucket", "b", "tags", "count", "dynamic"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(JSON_VALUES)
def test_random_tf_json_never_breaks_the_adapter(document: Any) -> None:
    assert_sound(parse({"main.tf.json": json.dumps(document, indent=1)}))
