"""Partly known values: JSON documents (jsonencode, heredocs) whose known parts stay readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.terraform import TerraformAdapter
from iacscan.frameworks.terraform.evaluate import EmptyScope, Evaluator
from iacscan.frameworks.terraform.hcl_syntax import parse_expression
from iacscan.frameworks.terraform.partial_json import fill_markers
from iacscan.graph.model import Framework, PartlyKnown, Resource, Unknown, is_unknown
from iacscan.model.iam_policy import parse_policy

ARN = Unknown("aws_s3_bucket.b.arn is known only after apply")


def value(source: str, **env: Any) -> Any:
    return Evaluator(EmptyScope()).value(parse_expression(source), env)


def parse(text: str) -> dict[str, Resource]:
    source = SourceFile(Path("/scan/main.tf"), "main.tf", text)
    unit = ScanUnit(Framework.TERRAFORM, ".", (source,), Path("/scan"))
    result = TerraformAdapter().parse(unit, ParseOptions())
    assert result.errors == []
    return {r.address: r for r in result.resources}


def test_partly_known_is_unknown_to_everyone_who_does_not_look_inside() -> None:
    partly = PartlyKnown({"a": 1, "b": ARN}, "why")
    assert isinstance(partly, Unknown)
    assert is_unknown(partly) and is_unknown([partly])
    assert (partly.partial, partly.reason) == ({"a": 1, "b": ARN}, "why")
    with pytest.raises(TypeError):
        bool(partly)


def test_jsonencode_of_a_partly_unknown_object_keeps_the_object() -> None:
    encoded = value('jsonencode({Principal = "*", Resource = "${x}/*", N = 1.0})', x=ARN)
    assert isinstance(encoded, PartlyKnown)
    assert encoded.partial["Principal"] == "*"
    assert encoded.partial["N"] == 1 and isinstance(encoded.partial["N"], int)
    assert encoded.partial["Resource"] is ARN
    assert value('jsonencode({a = "b"})') == '{"a":"b"}'
    # Wholly unknown stays a plain unknown: there is nothing known to keep.
    plain = value("jsonencode(x)", x=ARN)
    assert plain is ARN


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{"P": "*", "R": "${x}/*"}', {"P": "*", "R": Unknown}),
        ('{"P": "*", "R": "${x}"}', {"P": "*", "R": ARN}),
        ('[{"P": "*"}, ${x}]', [{"P": "*"}, ARN]),
        ('{"Q": "say \\"${x}\\"", "N": ${n}}', {"Q": Unknown, "N": 3}),
    ],
)
def test_json_text_with_unknown_interpolations_is_partly_known(
    template: str, expected: Any
) -> None:
    result = value(f'"{_hcl_escape(template)}"', x=ARN, n=3)
    assert isinstance(result, PartlyKnown)
    assert _shape(result.partial) == _shape(expected)
    assert "not known" in result.reason


def _hcl_escape(text: str) -> str:
    """The text as the body of a quoted HCL string (interpolations kept)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if value is ARN:
        return "ARN"
    if value is Unknown or isinstance(value, Unknown):
        return "unknown"
    return value


@pytest.mark.parametrize(
    "template",
    [
        '{"${x}": "key not known"}',  # the document's shape is not known
        "arn:${x}/*",  # not JSON at all
        '{"broken": ${x}',  # not valid JSON
    ],
)
def test_text_that_cannot_be_read_stays_plainly_unknown(template: str) -> None:
    result = value(f'"{_hcl_escape(template)}"', x=ARN)
    assert result is ARN


def test_fill_markers_quotes_markers_outside_strings() -> None:
    text = fill_markers(['{"a": "x', None, '", "b": ', None, ', "c": "\\"', None, '"}'])
    assert text == (
        '{"a": "x__iacscan_unknown_0__", "b": "__iacscan_unknown_1__", '
        '"c": "\\"__iacscan_unknown_2__"}'
    )


POLICIES = """\
resource "aws_s3_bucket" "b" {}

resource "aws_s3_bucket_policy" "encoded" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Resource  = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}

resource "aws_s3_bucket_policy" "heredoc" {
  bucket = aws_s3_bucket.b.id
  policy = <<-EOT
    {
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": "*",
          "Resource": "${aws_s3_bucket.b.arn}/*"
        }
      ]
    }
  EOT
}
"""


def test_spans_of_known_parts_are_recorded_as_for_known_policies() -> None:
    found = parse(POLICIES)
    encoded = found["aws_s3_bucket_policy.encoded"]
    policy = encoded.get("policy")
    assert isinstance(policy, PartlyKnown)
    assert policy.partial["Statement"][0]["Principal"] == "*"
    assert encoded.span_of(("policy", "Statement", 0, "Principal")).line == 8
    assert encoded.span_of(("policy", "Statement", 0, "Resource")).line == 9
    heredoc = found["aws_s3_bucket_policy.heredoc"]
    assert isinstance(heredoc.get("policy"), PartlyKnown)
    assert heredoc.span_of(("policy", "Statement", 0, "Principal")).line == 21
    assert heredoc.span_of(("policy", "Statement", 0, "Resource")).line == 22


def test_the_policy_reader_sees_the_known_statements() -> None:
    found = parse(POLICIES)
    for address, line in (("encoded", 8), ("heredoc", 21)):
        resource = found[f"aws_s3_bucket_policy.{address}"]
        (statement,) = parse_policy(resource.field("policy"))
        assert statement.allows
        (where,) = statement.public_principals()
        assert where.span.line == line
        assert isinstance(statement.get("Resource"), Unknown)


def test_policy_document_json_with_unknown_parts_is_partly_known() -> None:
    found = parse(
        """\
resource "aws_s3_bucket" "b" {}

data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = [aws_s3_bucket.b.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

locals {
  policy = data.aws_iam_policy_document.d.json
}
"""
    )
    policy = found["local.policy"].get("value")
    assert isinstance(policy, PartlyKnown)
    assert _shape(policy.partial["Statement"]) == [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["unknown"], "Principal": "*"}
    ]
