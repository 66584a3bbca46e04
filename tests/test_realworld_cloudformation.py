"""CloudFormation forms met in real repositories (see bench/compare_findings.py)."""

from __future__ import annotations

from pathlib import Path

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.cloudformation import CloudFormationAdapter
from iacscan.graph.model import Framework, Resource

SAM = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.6
    Tracing: Active
    Environment:
      Variables:
        STAGE: prod
        TABLE: global
    Layers:
      - !Ref SharedLayer
  Api:
    TracingEnabled: true
Resources:
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          TABLE: mine
  Modern:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Layers: []
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
  Web:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
"""


def parse(text: str) -> dict[str, Resource]:
    source = SourceFile(Path("/r/template.yaml"), "template.yaml", text)
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("/r"))
    result: ParseResult = CloudFormationAdapter().parse(unit, ParseOptions())
    assert result.errors == []
    return {r.address: r for r in result.resources}


def test_sam_globals_fill_what_a_resource_does_not_write() -> None:
    hello = parse(SAM)["Hello"]
    assert hello.attributes["Runtime"] == "python3.6"
    assert hello.spans[("Runtime",)].line == 5
    assert hello.attributes["Tracing"] == "Active"
    assert hello.attributes["Environment"]["Variables"] == {"STAGE": "prod", "TABLE": "mine"}
    assert hello.spans[("Environment", "Variables", "STAGE")].line == 9
    assert hello.spans[("Environment", "Variables", "TABLE")].line == 26


def test_a_value_the_resource_writes_wins() -> None:
    modern = parse(SAM)["Modern"]
    assert modern.attributes["Runtime"] == "python3.12"
    assert modern.spans[("Runtime",)].line == 30
    assert modern.attributes["Layers"] == []


def test_globals_apply_only_to_their_sam_type() -> None:
    resources = parse(SAM)
    assert "Runtime" not in resources["Plain"].attributes
    assert resources["Web"].attributes == {"StageName": "prod", "TracingEnabled": True}
    assert resources["SharedLayer"].attributes == {"ContentUri": "layer/"}


def test_references_under_globals_become_edges() -> None:
    source = SourceFile(Path("/r/template.yaml"), "template.yaml", SAM)
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("/r"))
    result = CloudFormationAdapter().parse(unit, ParseOptions())
    ids = {r.address: r.id for r in result.resources}
    edges = {(e.source, e.target, e.kind) for e in result.edges}
    assert (ids["Hello"], ids["SharedLayer"], "reference") in edges
    assert (ids["Modern"], ids["SharedLayer"], "reference") not in edges


def test_a_template_without_globals_is_unchanged() -> None:
    text = SAM.split("Resources:\n", 1)[1]
    hello = parse("Transform: AWS::Serverless-2016-10-31\nResources:\n" + text)["Hello"]
    assert hello.attributes == {
        "Handler": "app.handler",
        "Environment": {"Variables": {"TABLE": "mine"}},
    }
