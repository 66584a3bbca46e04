"""Intrinsic functions as the CloudFormation adapter evaluates them at scan time."""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path
from typing import Any

import pytest

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.cloudformation import CloudFormationAdapter
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource, Span, Unknown

HEADER = """\
Parameters:
  Env: {Type: String, Default: dev}
  Port: {Type: Number, Default: 8080}
  Subnets: {Type: CommaDelimitedList, Default: "subnet-a, subnet-b"}
  Ids: {Type: "List<AWS::EC2::Subnet::Id>"}
  Ami: {Type: "AWS::SSM::Parameter::Value<String>", Default: /ami/latest}
  NoDefault: {Type: String}
Mappings:
  Sizes:
    dev: {Instance: t3.micro, Disks: [a, b]}
    prod: {Instance: m5.large}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  InUsEast1: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Other:
    Type: AWS::SNS::Topic
  Thing:
    Type: Custom::Thing
    Properties:
"""


def evaluate(properties: str, **options: Any) -> tuple[Resource, ParseResult]:
    """Parse HEADER plus `properties` (indented under Thing.Properties); return Thing."""
    body = textwrap.indent(textwrap.dedent(properties), " " * 6)
    text = HEADER + body
    source = SourceFile(Path("t.yaml"), "t.yaml", text)
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
    result = CloudFormationAdapter().parse(unit, ParseOptions(**options))
    assert result.errors == []
    return next(r for r in result.resources if r.address == "Thing"), result


def value(properties: str, **options: Any) -> Any:
    return evaluate(properties, **options)[0].get("V")


FIRST_LINE = HEADER.count("\n") + 1  # the line of the first property under Thing


def test_ref_to_parameters() -> None:
    assert value("V: !Ref Env") == "dev"
    assert value("V: !Ref Env", cfn_parameters={"Env": "prod"}) == "prod"
    assert value("V: !Ref Port") == "8080"  # Ref gives numbers as strings
    assert value("V: !Ref Subnets") == ["subnet-a", "subnet-b"]
    assert value("V: !Ref Ids", cfn_parameters={"Ids": "s-1,s-2"}) == ["s-1", "s-2"]
    assert isinstance(value("V: !Ref Ids"), Unknown)
    assert isinstance(value("V: !Ref NoDefault"), Unknown)
    assert isinstance(value("V: !Ref Ami"), Unknown)  # SSM parameters resolve at deploy time
    assert isinstance(value("V: !Ref Undefined"), Unknown)
    assert value('V: {"Ref": "Env"}') == "dev"  # long form


@pytest.mark.parametrize(
    "pseudo",
    [
        "AWS::Region",
        "AWS::AccountId",
        "AWS::StackName",
        "AWS::StackId",
        "AWS::URLSuffix",
        "AWS::NotificationARNs",
    ],
)
def test_deploy_time_pseudo_parameters_are_unknown(pseudo: str) -> None:
    assert isinstance(value(f"V: !Ref {pseudo}"), Unknown)


def test_partition_is_aws() -> None:
    assert value("V: !Ref AWS::Partition") == "aws"


def test_no_value_removes_the_key_and_the_list_element() -> None:
    thing, _ = evaluate(
        """\
        Gone: !Ref AWS::NoValue
        V:
          - first
          - !If [IsProd, middle, !Ref AWS::NoValue]
          - last
        """
    )
    assert thing.attributes == {"V": ["first", "last"]}
    # The element after the removed one keeps its own line under its new index.
    assert thing.field("V", 1).span.line == FIRST_LINE + 4


def test_ref_and_get_att_to_resources_are_unknown_with_edges() -> None:
    thing, result = evaluate(
        """\
        A: !Ref Other
        B: !GetAtt Other.TopicName
        C: {"Fn::GetAtt": [Other, TopicArn]}
        D: [x, !GetAtt Other.TopicName]
        """
    )
    for key in ("A", "B", "C"):
        assert isinstance(thing.get(key), Unknown)
    assert thing.get("D", 0) == "x"
    assert isinstance(thing.get("D", 1), Unknown)
    assert result.edges == [
        Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("A",)),
        Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("B",)),
        Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("C",)),
        Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("D", 1)),
    ]


def test_sub() -> None:
    assert value('V: !Sub "${Env}-reports-${AWS::Partition}"') == "dev-reports-aws"
    assert value('V: !Sub ["${Prefix}-${Env}", {Prefix: !Join ["", [a, b]]}]') == "ab-dev"
    assert value('V: !Sub "${!Literal}-${Env}"') == "${Literal}-dev"
    assert value('V: !Sub "no placeholders"') == "no placeholders"
    assert isinstance(value('V: !Sub "${AWS::Region}-x"'), Unknown)
    thing, result = evaluate('V: !Sub "arn:${Other.TopicName}:${Other}"')
    assert isinstance(thing.get("V"), Unknown)
    assert result.edges == [Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("V",))]


def test_join_select_split() -> None:
    assert value("V: !Join [',', [a, !Ref Env, 3]]") == "a,dev,3"
    assert value("V: !Join ['-', !Ref Subnets]") == "subnet-a-subnet-b"
    assert isinstance(value("V: !Join ['', [a, !Ref AWS::Region]]"), Unknown)
    assert value("V: !Select [1, [a, b, c]]") == "b"
    assert value("V: !Select ['0', !Ref Subnets]") == "subnet-a"
    assert value("V: !Select [0, [known, !Ref AWS::Region]]") == "known"
    assert isinstance(value("V: !Select [5, [a]]"), Unknown)
    assert isinstance(value("V: !Select [0, !GetAZs '']"), Unknown)
    assert value("V: !Split [',', 'a,b,,c']") == ["a", "b", "", "c"]
    assert value("V: !Select [2, !Split ['/', 'x/y/z']]") == "z"


def test_find_in_map() -> None:
    assert value("V: !FindInMap [Sizes, !Ref Env, Instance]") == "t3.micro"
    assert value("V: !FindInMap [Sizes, dev, Disks]") == ["a", "b"]
    assert value("V: !FindInMap [Sizes, prod, Instance]") == "m5.large"
    assert isinstance(value("V: !FindInMap [Sizes, prod, Disks]"), Unknown)
    assert isinstance(value("V: !FindInMap [Sizes, !Ref AWS::Region, Instance]"), Unknown)
    default = "V: !FindInMap [Sizes, test, Instance, {DefaultValue: t3.nano}]"
    assert value(default) == "t3.nano"


def test_if_with_known_and_unknown_conditions() -> None:
    assert value("V: !If [IsProd, big, small]") == "small"
    assert value("V: !If [IsProd, big, small]", cfn_parameters={"Env": "prod"}) == "big"
    thing, result = evaluate("V: !If [InUsEast1, !Ref Other, !GetAtt Other.TopicName]")
    assert isinstance(thing.get("V"), Unknown)
    # Either branch may deploy, so both keep their references.
    assert result.edges == [Edge("t.yaml::Thing", "t.yaml::Other", "reference", ("V",))]


def test_if_choosing_a_mapping_keeps_the_branch_lines() -> None:
    thing, _ = evaluate(
        """\
        V: !If
          - IsDev
          - Enabled: true
            Mode: strict
          - Enabled: false
        """
    )
    assert thing.get("V") == {"Enabled": True, "Mode": "strict"}
    assert thing.field("V", "Mode").span == Span(FIRST_LINE + 3, FIRST_LINE + 3, 11)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("!Equals [!Ref Env, dev]", True),
        ("!Equals [!Ref Port, 8080]", True),  # compared as strings
        ("!Not [!Equals [!Ref Env, dev]]", False),
        ("!And [!Condition IsDev, !Equals [a, a]]", True),
        ("!And [!Condition IsDev, !Condition IsProd]", False),
        ("!Or [!Condition IsProd, !Condition IsDev]", True),
        ("!Or [!Condition IsProd, !Equals [a, b]]", False),
        ("!Or [!Condition InUsEast1, !Condition IsDev]", True),
        ("!And [!Condition InUsEast1, !Condition IsProd]", False),
        ("!And [!Condition InUsEast1, !Condition IsDev]", None),
        ("!Not [!Condition InUsEast1]", None),
    ],
)
def test_condition_functions(condition: str, expected: bool | None) -> None:
    text = HEADER.replace("Conditions:\n", f"Conditions:\n  Test: {condition}\n")
    text += "      V: !If [Test, chosen, other]\n"
    source = SourceFile(Path("t.yaml"), "t.yaml", text)
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
    thing = CloudFormationAdapter().parse(unit, ParseOptions()).resources[1]
    if expected is None:
        assert isinstance(thing.get("V"), Unknown)
    else:
        assert thing.get("V") == ("chosen" if expected else "other")


def test_condition_cycle_is_unknown_not_a_crash() -> None:
    text = HEADER.replace(
        "Conditions:\n",
        "Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n",
    )
    text += "      V: !If [A, chosen, other]\n"
    source = SourceFile(Path("t.yaml"), "t.yaml", text)
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
    result = CloudFormationAdapter().parse(unit, ParseOptions())
    assert isinstance(result.resources[1].get("V"), Unknown)


def test_base64_get_azs_import_value() -> None:
    encoded = value('V: !Base64 {"Fn::Sub": "#!/bin/bash\\necho ${Env}"}')
    assert base64.b64decode(encoded).decode() == "#!/bin/bash\necho dev"
    assert isinstance(value("V: !Base64 {Ref: AWS::StackName}"), Unknown)
    assert isinstance(value("V: !GetAZs ''"), Unknown)
    thing, result = evaluate("V: !ImportValue {'Fn::Sub': '${Other}-export'}")
    assert isinstance(thing.get("V"), Unknown)
    assert [edge.path for edge in result.edges] == [("V",)]
    assert isinstance(value("V: !Cidr [10.0.0.0/16, 4, 8]"), Unknown)


def test_language_extension_functions() -> None:
    assert value("V: {'Fn::Length': [a, b, c]}") == 3
    assert value("V: {'Fn::ToJsonString': {a: [1, !Ref Env]}}") == '{"a":[1,"dev"]}'
    assert isinstance(value("V: {'Fn::ToJsonString': [!Ref AWS::Region]}"), Unknown)


def test_plain_mapping_named_condition_is_data_not_a_function() -> None:
    # An IAM statement's Condition key is data; only Conditions/If read it as a function.
    thing, _ = evaluate("V: {Condition: {Bool: {aws:SecureTransport: 'false'}}}")
    assert thing.get("V") == {"Condition": {"Bool": {"aws:SecureTransport": "false"}}}
