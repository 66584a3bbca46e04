"""HCL and `.tf.json` syntax -> the typed syntax tree, with exact positions.

These tests pin line numbers coming from python-hcl2's Lark grammar: an upgrade that loses token
positions fails here first.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from iacscan.frameworks.terraform.hcl_lark import _cache_file
from iacscan.frameworks.terraform.hcl_syntax import parse_expression, parse_hcl
from iacscan.frameworks.terraform.json_syntax import parse_tf_json
from iacscan.frameworks.terraform.syntax_tree import (
    BinaryOp,
    Block,
    Body,
    Conditional,
    ForObject,
    ForTuple,
    FunctionCall,
    GetAttr,
    HclSyntaxError,
    Index,
    Literal,
    ObjectExpr,
    Reference,
    Splat,
    Template,
    Traversal,
    TupleExpr,
    UnaryOp,
    Unsupported,
    references,
)
from iacscan.frameworks.terraform.templates import Directive, Interpolation, split_template
from iacscan.graph.model import Span

BUCKET = """\
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
  tags = {
    Name = "logs"
    "team" = "platform"
  }
  cors = [
    "a",
    "b",
  ]

  versioning {
    enabled = true
  }
}
"""


def only_block(text: str) -> Block:
    body, problems = parse_hcl(text)
    assert problems == []
    assert len(body.blocks) == 1
    return body.blocks[0]


def attr_expr(text: str) -> object:
    body, _ = parse_hcl(text)
    return body.attributes[0].expr


def test_block_attribute_and_nested_block_spans() -> None:
    block = only_block(BUCKET)
    assert (block.type, block.labels) == ("resource", ("aws_s3_bucket", "logs"))
    assert block.span == Span(1, 16, 1)
    spans = {a.name: (a.span.line, a.span.end_line) for a in block.body.attributes}
    assert spans == {"bucket": (2, 2), "acl": (3, 3), "tags": (4, 7), "cors": (8, 11)}
    assert block.body.attributes[1].span.column == 3
    versioning = block.body.blocks[0]
    assert versioning.type == "versioning"
    assert (versioning.span.line, versioning.span.end_line) == (13, 15)
    assert versioning.body.attributes[0].span == Span(14, 14, 5)


def test_object_and_tuple_element_spans() -> None:
    block = only_block(BUCKET)
    tags = block.body.attributes[2].expr
    assert isinstance(tags, ObjectExpr)
    keys = [(item.key, item.span.line) for item in tags.items]
    assert keys == [(Literal("Name", Span(5, 5)), 5), (Literal("team", Span(6, 6)), 6)]
    cors = block.body.attributes[3].expr
    assert isinstance(cors, TupleExpr)
    assert cors.span == Span(8, 11)
    assert [(i.value, i.span.line) for i in cors.items if isinstance(i, Literal)] == [
        ("a", 9),
        ("b", 10),
    ]


def test_trailing_comment_does_not_stretch_an_attribute() -> None:
    body, _ = parse_hcl("x = a + 1 # note\ny = 2\n")
    assert [(a.name, a.span.line, a.span.end_line) for a in body.attributes] == [
        ("x", 1, 1),
        ("y", 2, 2),
    ]


def test_block_closing_brace_on_the_last_attribute_line() -> None:
    block = only_block('a "b" {\n  x = 1 }\nz = 1\n')
    assert block.span == Span(1, 2, 1)
    assert only_block("empty {}\n").span == Span(1, 1, 1)


def test_operator_precedence_is_restored() -> None:
    expr = parse_expression("2 * 3 + 1")
    assert isinstance(expr, BinaryOp) and expr.op == "+"
    assert isinstance(expr.left, BinaryOp) and expr.left.op == "*"
    chain = parse_expression("a || b && c == d")
    assert isinstance(chain, BinaryOp) and chain.op == "||"
    assert isinstance(chain.right, BinaryOp) and chain.right.op == "&&"
    left_assoc = parse_expression("10 - 2 - 3")
    assert isinstance(left_assoc, BinaryOp) and isinstance(left_assoc.left, BinaryOp)


def test_comparison_before_conditional() -> None:
    expr = parse_expression('var.env == "prod" ? 3 : 1')
    assert isinstance(expr, Conditional)
    assert isinstance(expr.condition, BinaryOp) and expr.condition.op == "=="
    assert expr.true == Literal(3, Span(1, 1))


def test_unary_and_negative_literal() -> None:
    assert parse_expression("-1") == Literal(-1, Span(1, 1))
    expr = parse_expression("!var.enabled")
    assert isinstance(expr, UnaryOp) and expr.op == "!"


def test_references_and_traversals() -> None:
    expr = parse_expression("aws_s3_bucket.b[0].id")
    assert isinstance(expr, Reference)
    assert expr.name == "aws_s3_bucket"
    assert expr.steps[0] == GetAttr("b")
    assert isinstance(expr.steps[1], Index)
    assert expr.steps[2] == GetAttr("id")
    call = parse_expression("values(m)[0]")
    assert isinstance(call, Traversal) and isinstance(call.source, FunctionCall)
    legacy = parse_expression("list.0")
    assert isinstance(legacy, Reference) and isinstance(legacy.steps[0], Index)


def test_splats() -> None:
    full = parse_expression("aws_instance.web[*].id")
    assert isinstance(full, Splat) and full.steps == (GetAttr("id"),)
    assert isinstance(full.source, Reference) and full.source.steps == (GetAttr("web"),)
    attr = parse_expression("aws_instance.web.*.id")
    assert isinstance(attr, Splat) and attr.steps == (GetAttr("id"),)


def test_function_call_with_expansion() -> None:
    expanded = parse_expression("merge(local.maps...)")
    assert isinstance(expanded, FunctionCall) and expanded.expand_final
    plain = parse_expression("merge(a, b)")
    assert isinstance(plain, FunctionCall) and not plain.expand_final and len(plain.args) == 2
    provider = parse_expression('provider::aws::arn_parse("x")')
    assert isinstance(provider, FunctionCall) and provider.name == "provider::aws::arn_parse"


def test_for_expressions() -> None:
    tuple_for = parse_expression('[for k, v in var.m : upper(v) if k != ""]')
    assert isinstance(tuple_for, ForTuple)
    assert (tuple_for.key_var, tuple_for.value_var) == ("k", "v")
    assert tuple_for.condition is not None
    object_for = parse_expression("{for s in var.list : s => s...}")
    assert isinstance(object_for, ForObject)
    assert object_for.key_var is None and object_for.group


def test_strings_escapes_and_templates() -> None:
    assert parse_expression(r'"a\"b\n\u00e9"') == Literal('a"b\né', Span(1, 1))
    assert parse_expression('"$${literal}"') == Literal("${literal}", Span(1, 1))
    template = parse_expression('"acme-${var.env}-logs"')
    assert isinstance(template, Template)
    assert template.parts[0] == "acme-" and template.parts[2] == "-logs"
    assert isinstance(template.parts[1], Reference)
    directive = parse_expression('"%{ if var.x }on%{ endif }"')
    assert isinstance(directive, Template)
    assert any(isinstance(p, Unsupported) for p in directive.parts)


def test_heredoc_span_trim_and_interpolation_line() -> None:
    text = 'policy = <<-EOT\n    {\n      "Resource": "${var.arn}"\n    }\n    EOT\nnext = 1\n'
    body, _ = parse_hcl(text)
    policy, after = body.attributes
    assert policy.span == Span(1, 5, 1)
    assert after.span.line == 6
    assert isinstance(policy.expr, Template)
    assert policy.expr.parts[0] == '{\n  "Resource": "'
    ref = policy.expr.parts[1]
    assert isinstance(ref, Reference) and ref.span.line == 3
    assert policy.expr.parts[2] == '"\n}\n'


def test_heredoc_without_interpolation_is_a_literal() -> None:
    body, _ = parse_hcl("x = <<EOT\nline one\n  line two\nEOT\n")
    assert body.attributes[0].expr == Literal("line one\n  line two\n", Span(1, 4))


def test_object_keys_of_every_kind() -> None:
    expr = parse_expression('{(var.k) = 1, a.b = 2, "c" = 3, 4 = 5}')
    assert isinstance(expr, ObjectExpr)
    keys = [item.key for item in expr.items]
    assert isinstance(keys[0], Reference)
    assert [getattr(k, "value", None) for k in keys[1:]] == ["a.b", "c", "4"]


def test_references_lists_every_reference() -> None:
    expr = parse_expression('"${aws_s3_bucket.a.id}-${var.x[local.i]}"')
    names = [r.name for r in references(expr)]
    assert names == ["aws_s3_bucket", "var", "local"]


def test_syntax_error_position_and_message() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_hcl('resource "a" "b" {\n  x = 1\n  y == 2\n}\n')
    assert caught.value.line == 3
    assert caught.value.column == 5
    assert caught.value.message == 'expected "=", a new line or an expression, got "=="'


def test_missing_closing_brace() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_hcl('resource "a" "b" {\n  x = 1\n')
    assert caught.value.line == 3
    assert caught.value.message == 'expected "}", got the end of the file'


def test_duplicate_attribute_is_a_problem_not_a_failure() -> None:
    body, problems = parse_hcl('a = 1\na = 2\nb = "x"\n')
    assert [a.name for a in body.attributes] == ["a", "b"]
    assert [(p.line, p.message) for p in problems] == [
        (2, "attribute 'a' is already defined on line 1; remove one of the two definitions")
    ]


def test_crlf_and_bom_are_accepted() -> None:
    body, _ = parse_hcl('\ufeffa = 1\r\nb = "x"\r\n')
    assert [(a.name, a.span.line) for a in body.attributes] == [("a", 1), ("b", 2)]


def test_template_splitting() -> None:
    parts = split_template('a ${x} $${y} %{ if z }b%{ endif }\n${ {"k" = "}"}["k"] }')
    assert parts[0] == "a "
    assert parts[1] == Interpolation("x", 0)
    assert parts[2] == " ${y} "
    assert parts[3] == Directive(0)
    assert parts[-1] == Interpolation(' {"k" = "}"}["k"] ', 1)
    assert split_template("a ${~ x ~} b") == ["a", Interpolation(" x ", 0), "b"]


TF_JSON = """\
{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "acme-${var.env}",
        "acl": "private",
        "tags": {"Name": "logs"},
        "versioning": {"enabled": true},
        "depends_on": ["aws_kms_key.k"],
        "dynamic": {"rule": {"for_each": "${var.rules}", "content": {"id": "x"}}}
      }
    }
  },
  "variable": {"env": {"default": "dev"}},
  "locals": {"name": "x"}
}
"""


def json_body() -> Body:
    body, problems = parse_tf_json(TF_JSON)
    assert problems == []
    return body


def test_tf_json_blocks_and_lines() -> None:
    blocks = json_body().blocks
    assert [(b.type, b.labels, b.span.line, b.span.end_line) for b in blocks] == [
        ("resource", ("aws_s3_bucket", "logs"), 4, 11),
        ("variable", ("env",), 14, 14),
        ("locals", (), 15, 15),
    ]


def test_tf_json_attributes_blocks_and_maps() -> None:
    bucket = json_body().blocks[0].body
    attributes = {a.name: a for a in bucket.attributes}
    assert list(attributes) == ["bucket", "acl", "tags", "depends_on"]
    assert attributes["acl"].span == Span(6, 6)
    assert isinstance(attributes["bucket"].expr, Template)
    assert isinstance(attributes["tags"].expr, ObjectExpr)  # a map, not a block
    depends_on = attributes["depends_on"].expr
    assert isinstance(depends_on, TupleExpr) and isinstance(depends_on.items[0], Reference)
    nested = [(b.type, b.labels, b.span.line) for b in bucket.blocks]
    assert nested == [("versioning", (), 8), ("dynamic", ("rule",), 10)]


def test_tf_json_syntax_error_line() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_tf_json('{\n  "resource": {\n    "a": 1,\n  \n}\n')
    assert caught.value.line == 5
    assert caught.value.message == "expected a quoted property name"


def test_tf_json_bad_template_is_unknown_and_reported() -> None:
    body, problems = parse_tf_json('{"locals": {\n"x": "${var.}"\n}}')
    expr = body.blocks[0].body.attributes[0].expr
    assert isinstance(expr, Unsupported)
    assert [p.line for p in problems] == [2]


def test_new_lines_before_operators_inside_parentheses() -> None:
    text = 'x = (\n  var.a == "b"\n  ? "yes"\n  : "no"\n)\ny = (\n  1\n  + 2\n)\nz = 3\n'
    body, _ = parse_hcl(text)
    spans = [(a.name, a.span.line, a.span.end_line) for a in body.attributes]
    assert spans == [("x", 1, 5), ("y", 6, 9), ("z", 10, 10)]
    condition = body.attributes[0].expr
    assert isinstance(condition, Conditional) and isinstance(condition.condition, BinaryOp)
    total = body.attributes[1].expr
    assert isinstance(total, BinaryOp) and total.op == "+"


def test_an_operator_that_ends_the_file_is_still_an_error() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_hcl("x = 1 +\n")
    assert (caught.value.line, caught.value.message) == (
        2,
        "expected an expression, got the end of the file",
    )


def test_grammar_cache_lives_in_a_private_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache_file() == str(tmp_path / "iacscan" / "hcl2-grammar.lark-cache")
    assert (tmp_path / "iacscan").stat().st_mode & 0o777 == 0o700


def test_grammar_cache_refuses_a_folder_others_can_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "iacscan"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    assert _cache_file() == str(
        tmp_path / "tmp" / f"iacscan-{os.getuid()}" / "hcl2-grammar.lark-cache"
    )
