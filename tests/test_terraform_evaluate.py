"""Evaluating Terraform expressions: values, functions, and unknowns that never raise."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacscan.frameworks.terraform.evaluate import EmptyScope, Evaluator
from iacscan.frameworks.terraform.hcl_syntax import parse_expression, parse_hcl
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.module_scope import ModuleScope
from iacscan.frameworks.terraform.syntax_tree import FileBody, HclSyntaxError
from iacscan.graph.model import Unknown


def value(source: str, **env: Any) -> Any:
    return Evaluator(EmptyScope()).value(parse_expression(source), env)


def scope_for(text: str, variables: dict[str, Any] | None = None) -> ModuleScope:
    body, _ = parse_hcl(text)
    index = ModuleIndex.build([FileBody("main.tf", body)])
    return ModuleScope(index, variables or {}, "modules/app", ".")


def in_scope(scope: ModuleScope, source: str) -> Any:
    return scope.evaluator.value(parse_expression(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2 * 3 + 1", 7),
        ("1 + 2 * 3", 7),
        ("10 - 2 - 3", 5),
        ("7 / 2", 3.5),
        ("8 / 2", 4),
        ("-7 % 3", -1),
        ('"5" + 1', 6),
        ("1 < 2 && 2 <= 2", True),
        ("!true || false", False),
        ('1 == "1"', False),
        ("[1, 2] == [1, 2]", True),
        ("{a = 1} != {a = 1}", False),
        ('true ? "yes" : "no"', "yes"),
        ('1 > 2 ? "yes" : "no"', "no"),
        ('"a-${1 + 1}-${true}"', "a-2-true"),
        ('"${[1, 2]}"', [1, 2]),
        ("[for x in [1, 2, 3] : x * 2 if x != 2]", [2, 6]),
        ("{for k, v in {b = 2, a = 1} : upper(k) => v}", {"A": 1, "B": 2}),
        ('{for s in ["a", "b", "a"] : s => s...}', {"a": ["a", "a"], "b": ["b"]}),
        ("[{n = 1}, {n = 2}][*].n", [1, 2]),
        ("{a = [10, 20]}.a[1]", 20),
        ('{a = {"b.c" = 1}}.a["b.c"]', 1),
    ],
)
def test_expressions(source: str, expected: Any) -> None:
    assert value(source) == expected


def test_env_bindings() -> None:
    assert value('"web-${count.index}"', count={"index": 2}) == "web-2"
    assert value("each.value.port", each={"key": "a", "value": {"port": 443}}) == 443


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('jsonencode({b = [1, "x"], a = true, n = null})', '{"a":true,"b":[1,"x"],"n":null}'),
        ('jsonencode("<a & b>")', '"\\u003ca \\u0026 b\\u003e"'),
        ('jsondecode("{\\"a\\": [1, 2]}")', {"a": [1, 2]}),
        ("merge({a = 1, b = 1}, {b = 2}, null)", {"a": 1, "b": 2}),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ('lookup({a = 1}, "a")', 1),
        ('lookup({a = 1}, "b", 0)', 0),
        ("element([1, 2, 3], 4)", 2),
        ('format("%s-%03d-%v-%q", "a", 7, true, "q")', 'a-007-true-"q"'),
        ('format("%v", ["a"])', '["a"]'),
        ('join(",", ["a", "b"], ["c"])', "a,b,c"),
        ('split(",", "a,b")', ["a", "b"]),
        ('lower("AbC")', "abc"),
        ('upper("AbC")', "ABC"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("v1.2.3", "/v(\\\\d+)\\\\..*/", "major $1")', "major 1"),
        ("tolist([1, 2])", [1, 2]),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ("tomap({a = 1})", {"a": 1}),
        ("tostring(12)", "12"),
        ("tostring(true)", "true"),
        ('tonumber("1.5")', 1.5),
        ('tobool("true")', True),
        ('coalesce(null, "", "x")', "x"),
        ("coalescelist([], [1])", [1]),
        ('length("abc")', 3),
        ("length({a = 1, b = 2})", 2),
        ('contains(["a", "b"], "b")', True),
        ('contains(["a"], "c")', False),
        ("keys({b = 1, a = 2})", ["a", "b"]),
        ("values({b = 1, a = 2})", [2, 1]),
        ("flatten([[1, [2]], 3])", [1, 2, 3]),
        ("distinct([1, 2, 1])", [1, 2]),
        ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
        ('cidrsubnet("10.1.0.0/16", 4, 15)', "10.1.240.0/20"),
        ('trimspace("  a \\n")', "a"),
        ('trim("?!a?!", "!?")', "a"),
        ('trimprefix("prod-app", "prod-")', "app"),
        ('trimsuffix("app.tf", ".tf")', "app"),
        ('substr("hello", 1, 3)', "ell"),
        ('substr("hello", -3, -1)', "llo"),
        ('startswith("arn:aws:s3", "arn:")', True),
        ('endswith("arn:aws:s3", "s4")', False),
        ("min(3, 1, 2)", 1),
        ("max([3, 1, 2]...)", 3),
        ("abs(-4)", 4),
        ('base64encode("hi")', "aGk="),
        ('base64decode("aGk=")', "hi"),
        ('sort(["b", "a", "c"])', ["a", "b", "c"]),
        ("reverse([1, 2, 3])", [3, 2, 1]),
        ("range(3)", [0, 1, 2]),
        ("range(1, 7, 3)", [1, 4]),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ("one([])", None),
        ('one(["x"])', "x"),
        ('compact(["a", "", null, "b"])', ["a", "b"]),
        ('regex("(\\\\d+)-(\\\\d+)", "port 80-443")', ["80", "443"]),
        ('regex("(?P<port>\\\\d+)", "port 8080")', {"port": "8080"}),
        ('regex("[a-z]+", "123abc")', "abc"),
        ('try({a = 1}.b, [1][5], "fallback")', "fallback"),
        ('try("first", "second")', "first"),
        ("can([1][5])", False),
        ("can([1][0])", True),
        ("anytrue([false, true])", True),
        ("anytrue([])", False),
        ("alltrue([true, true])", True),
        ("alltrue([true, false])", False),
    ],
)
def test_functions(source: str, expected: Any) -> None:
    assert value(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        'file("policy.json")',
        'templatefile("t.tpl", {})',
        "timestamp()",
        'unknown_function("x")',
        "[1][5]",  # an index Terraform rejects
        '"a" * 2',
        "{a = 1}.b",
        'lookup({a = 1}, "b")',
        'jsondecode("{bad")',
        'one(["a", "b"])',
        'regex("z", "abc")',
        '"a-${null}"',
        '"%{ if true }on%{ endif }"',
    ],
)
def test_what_cannot_be_known_or_would_fail_is_unknown(source: str) -> None:
    assert isinstance(value(source), Unknown)


def test_unknowns_propagate_and_keep_their_reason() -> None:
    unknown = Unknown("aws_s3_bucket.b.arn is known only after apply")
    env = {"x": unknown}
    for source in ('"arn-${x}"', "x + 1", "x == 1", "!x", "upper(x)", "x.attr", "x[0]"):
        assert value(source, **env) is unknown, source
    assert value('x ? "a" : "a"', **env) == "a"  # both branches agree
    assert isinstance(value('x ? "a" : "b"', **env), Unknown)
    assert value("false && x", **env) is False
    assert value("true || x", **env) is True
    assert isinstance(value("true && x", **env), Unknown)


def test_unknown_inside_collections_stays_inside() -> None:
    unknown = Unknown("not known")
    assert value('merge({a = x}, {b = "1"})', x=unknown) == {"a": unknown, "b": "1"}
    assert value("length([x, 1])", x=unknown) == 2
    assert value("anytrue([x, true])", x=unknown) is True
    assert value("anytrue([x, false])", x=unknown) is unknown
    assert value("keys({a = x})", x=unknown) == ["a"]
    assert isinstance(value("jsonencode({a = x})", x=unknown), Unknown)
    assert isinstance(value('contains([x], "a")', x=unknown), Unknown)
    assert value('contains([x, "a"], "a")', x=unknown) is True
    assert isinstance(value("[for v in x : v]", x=unknown), Unknown)


def test_try_keeps_an_unknown_first_argument() -> None:
    unknown = Unknown("later")
    assert value('try(x, "fallback")', x=unknown) is unknown
    assert isinstance(value("can(x)", x=unknown), Unknown)


def test_variables_locals_path_and_terraform() -> None:
    scope = scope_for(
        """\
locals {
  name   = "${var.env}-app"
  labels = { app = local.name, env = var.env }
  full   = "${local.labels.app}/${terraform.workspace}"
}
""",
        {"env": "prod"},
    )
    assert in_scope(scope, "local.name") == "prod-app"
    assert in_scope(scope, "local.labels") == {"app": "prod-app", "env": "prod"}
    assert in_scope(scope, "local.full") == "prod-app/default"
    assert in_scope(scope, "path.module") == "modules/app"
    assert isinstance(in_scope(scope, "var.missing"), Unknown)
    assert isinstance(in_scope(scope, "local.missing"), Unknown)


def test_local_cycle_is_unknown() -> None:
    scope = scope_for("locals {\n  a = local.b\n  b = local.a\n  c = 1\n}\n")
    assert isinstance(in_scope(scope, "local.a"), Unknown)
    assert isinstance(in_scope(scope, "local.b"), Unknown)
    assert in_scope(scope, "local.c") == 1


def test_references_to_resources_data_and_modules_are_unknown() -> None:
    scope = scope_for('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n')
    arn = in_scope(scope, "aws_s3_bucket.b.arn")
    assert isinstance(arn, Unknown)
    assert arn.reason == "aws_s3_bucket.b.arn is known only after apply"
    assert isinstance(in_scope(scope, "data.aws_caller_identity.me.account_id"), Unknown)
    assert isinstance(in_scope(scope, "module.net.vpc_id"), Unknown)
    assert isinstance(in_scope(scope, "count.index"), Unknown)


POLICY_DOCUMENT = """\
data "aws_iam_policy_document" "read" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.bucket}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    effect        = "Deny"
    not_actions   = ["iam:*"]
    resources     = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
"""


def test_policy_document_json() -> None:
    scope = scope_for(POLICY_DOCUMENT, {"bucket": "logs"})
    document = json.loads(in_scope(scope, "data.aws_iam_policy_document.read.json"))
    assert document == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": "arn:aws:s3:::logs/*",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Condition": {"Bool": {"aws:SecureTransport": "true"}},
            },
            {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Principal": "*"},
        ],
    }
    minified = in_scope(scope, "data.aws_iam_policy_document.read.minified_json")
    assert json.loads(minified) == document and "\n" not in minified


def test_policy_document_with_unknown_parts_is_unknown() -> None:
    scope = scope_for(POLICY_DOCUMENT, {"bucket": Unknown("no value")})
    assert isinstance(in_scope(scope, "data.aws_iam_policy_document.read.json"), Unknown)
    merged = scope_for(
        'data "aws_iam_policy_document" "m" {\n  source_policy_documents = ["{}"]\n}\n'
    )
    assert isinstance(in_scope(merged, "data.aws_iam_policy_document.m.json"), Unknown)


def test_nesting_limits_are_errors_not_crashes() -> None:
    nested = "[" * 60 + "1" + "]" * 60
    assert value(f"jsonencode({nested})") == nested
    with pytest.raises(HclSyntaxError) as caught:
        parse_expression("[" * 2000 + "1" + "]" * 2000)
    assert caught.value.message == "expressions are nested too deeply to read"
