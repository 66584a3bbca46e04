"""The CloudFormation adapter: resources, exact lines, meta, edges, conditions, errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.cloudformation import CloudFormationAdapter
from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Framework, Resource, Span, Unknown

DATA = Path(__file__).parent / "data" / "cloudformation"


def parse_text(text: str, name: str = "template.yaml", **options: object) -> ParseResult:
    source = SourceFile(Path(name), name, textwrap.dedent(text))
    unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
    return CloudFormationAdapter().parse(unit, ParseOptions(**options))  # type: ignore[arg-type]


def parse_fixture(name: str, **options: object) -> ParseResult:
    path = DATA / name
    source = SourceFile(path, f"cfn/{name}", path.read_text(encoding="utf-8"))
    unit = ScanUnit(Framework.CLOUDFORMATION, "cfn", (source,), DATA.parent)
    return CloudFormationAdapter().parse(unit, ParseOptions(**options))  # type: ignore[arg-type]


def by_address(result: ParseResult) -> dict[str, Resource]:
    return {resource.address: resource for resource in result.resources}


def test_yaml_resources_have_exact_attributes_and_lines() -> None:
    result = parse_fixture("storage.yaml")
    assert result.errors == []
    bucket = by_address(result)["ReportsBucket"]
    assert bucket.id == "cfn/storage.yaml::ReportsBucket"
    assert (bucket.type, bucket.name) == ("AWS::S3::Bucket", "ReportsBucket")
    assert bucket.file == "cfn/storage.yaml"
    assert bucket.framework is Framework.CLOUDFORMATION
    assert bucket.kind == "resource"
    assert bucket.attributes == {
        "AccessControl": "PublicRead",
        "VersioningConfiguration": {"Status": "Enabled"},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "IgnorePublicAcls": False},
        "Tags": [{"Key": "team", "Value": "data"}, {"Key": "retention", "Value": 30}],
    }
    # From the logical id to the last line of the resource (DeletionPolicy), not the comment.
    assert bucket.span == Span(3, 17, 3)
    assert bucket.field("AccessControl").span == Span(6, 6, 7)
    assert bucket.field("VersioningConfiguration").span == Span(7, 8, 7)
    # Booleans carry no mark of their own: the key's line.
    assert bucket.field("PublicAccessBlockConfiguration", "IgnorePublicAcls").span.line == 11
    assert bucket.field("Tags").span == Span(12, 16, 7)
    assert bucket.field("Tags", 1).span == Span(15, 16, 11)
    assert bucket.field("Tags", 1, "Value").span == Span(16, 16, 11)
    assert bucket.meta == {"DeletionPolicy": "Retain"}


def test_references_and_depends_on_become_edges_with_paths() -> None:
    result = parse_fixture("storage.yaml")
    policy = by_address(result)["ReportsPolicy"]
    assert isinstance(policy.get("Bucket"), Unknown)
    assert isinstance(policy.get("PolicyDocument", "Statement", 0, "Resource"), Unknown)
    assert policy.get("PolicyDocument", "Statement", 0, "Action") == "s3:GetObject"
    assert policy.meta == {"DependsOn": "ReportsBucket"}
    source, target = "cfn/storage.yaml::ReportsPolicy", "cfn/storage.yaml::ReportsBucket"
    assert result.edges == [
        Edge(source, target, "reference", ("Bucket",)),
        Edge(source, target, "reference", ("PolicyDocument", "Statement", 0, "Resource")),
        Edge(source, target, "depends_on"),
    ]
    graph = ResourceGraph(result.resources, result.edges)
    bucket = by_address(result)["ReportsBucket"]
    assert graph.referenced_by(bucket, "AWS::S3::BucketPolicy") == [policy]


def test_json_template_lines_match_the_yaml_rules() -> None:
    result = parse_fixture("storage.json")
    assert result.errors == []
    resources = by_address(result)
    bucket = resources["ReportsBucket"]
    assert bucket.span == Span(4, 20, 5)
    assert bucket.field("AccessControl").span == Span(7, 7, 9)
    assert bucket.field("PublicAccessBlockConfiguration", "RestrictPublicBuckets").span.line == 10
    assert bucket.get("PublicAccessBlockConfiguration", "RestrictPublicBuckets") is False
    assert bucket.field("Tags", 0).span == Span(13, 13, 11)
    assert bucket.field("Tags", 1).span == Span(14, 17, 11)
    assert bucket.field("Tags", 1, "Value").span.line == 16
    topic = resources["Topic"]
    assert topic.attributes == {"TopicName": "aws-reports"}
    assert topic.meta == {"DependsOn": ["ReportsBucket"]}
    topic_id, bucket_id = "cfn/storage.json::Topic", "cfn/storage.json::ReportsBucket"
    assert result.edges == [Edge(topic_id, bucket_id, "depends_on")]


def test_sam_template_keeps_its_types() -> None:
    result = parse_fixture("sam.yaml")
    function = by_address(result)["ApiFunction"]
    assert function.type == "AWS::Serverless::Function"
    assert function.attributes == {
        "Handler": "app.handler",
        "Runtime": "python3.12",
        "Timeout": 30,
        "Environment": {"Variables": {"STAGE": "prod"}},
    }
    assert function.field("Environment", "Variables", "STAGE").span.line == 12


def test_yaml_syntax_error_is_a_file_error_with_its_line() -> None:
    result = parse_fixture("broken.yaml")
    assert result.resources == []
    [error] = result.errors
    assert (error.file, error.line, error.column, error.kind) == ("cfn/broken.yaml", 6, 26, "parse")
    assert error.message == "invalid YAML: mapping values are not allowed in this context"


def test_json_syntax_error_is_a_file_error_with_its_line() -> None:
    result = parse_fixture("broken.json")
    [error] = result.errors
    assert (error.file, error.line) == ("cfn/broken.json", 5)
    assert error.message == "invalid JSON: Expecting ',' delimiter"


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    result = parse_text(
        """\
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          Bucket:
            Type: AWS::SNS::Topic
        """
    )
    assert result.resources == []
    errors = [(e.line, e.message) for e in result.errors]
    assert errors == [
        (2, "Duplicate found 'Bucket' (line 2)"),
        (4, "Duplicate found 'Bucket' (line 4)"),
    ]


def test_template_shapes_that_cannot_be_read_are_errors() -> None:
    listed = parse_text("- a\n- b\n")
    assert [(e.line, e.message) for e in listed.errors] == [
        (1, "a CloudFormation template must be a mapping with a Resources section")
    ]
    no_resources = parse_text('AWSTemplateFormatVersion: "2010-09-09"\nResources: []\n')
    assert [e.line for e in no_resources.errors] == [2]
    untyped = parse_text(
        """\
        Resources:
          Good:
            Type: AWS::SNS::Topic
          Bad:
            Properties: {}
        """
    )
    assert [r.address for r in untyped.resources] == ["Good"]
    assert [(e.line, e.message) for e in untyped.errors] == [
        (4, "resource Bad needs a Type such as AWS::S3::Bucket")
    ]


def test_multi_document_yaml_is_an_error_not_a_crash() -> None:
    result = parse_text("Resources: {}\n---\nResources: {}\n")
    [error] = result.errors
    assert error.line == 2
    assert error.message == (
        "invalid YAML: expected a single document in the stream, but found another document"
    )


def test_resource_with_false_condition_is_not_emitted() -> None:
    text = """\
    Parameters:
      Env:
        Type: String
        Default: dev
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
      IsDev: !Not [!Condition IsProd]
    Resources:
      ProdBucket:
        Type: AWS::S3::Bucket
        Condition: IsProd
      DevBucket:
        Type: AWS::S3::Bucket
        Condition: IsDev
      Unconditional:
        Type: AWS::S3::Bucket
    """
    default = parse_text(text)
    assert [r.address for r in default.resources] == ["DevBucket", "Unconditional"]
    assert by_address(default)["DevBucket"].meta == {"Condition": "IsDev"}
    prod = parse_text(text, cfn_parameters={"Env": "prod"})
    assert [r.address for r in prod.resources] == ["ProdBucket", "Unconditional"]


def test_unknown_condition_keeps_the_resource() -> None:
    result = parse_text(
        """\
        Conditions:
          InUsEast1: !Equals [!Ref AWS::Region, us-east-1]
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Condition: InUsEast1
        """
    )
    assert [r.address for r in result.resources] == ["Bucket"]


def test_parameter_overrides_beat_files_and_files_beat_defaults(tmp_path: Path) -> None:
    text = """\
    Parameters:
      Acl: {Type: String, Default: Private}
      Env: {Type: String, Default: dev}
      Name: {Type: String, Default: reports}
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          AccessControl: !Ref Acl
          BucketName: !Sub "${Name}-${Env}"
    """
    assert parse_text(text).resources[0].attributes == {
        "AccessControl": "Private",
        "BucketName": "reports-dev",
    }
    with_file = parse_text(text, parameter_files=(DATA / "params.json",))
    assert with_file.resources[0].attributes == {
        "AccessControl": "AuthenticatedRead",
        "BucketName": "reports-prod",
    }
    both = parse_text(text, parameter_files=(DATA / "params.json",), cfn_parameters={"Env": "test"})
    assert both.resources[0].attributes["BucketName"] == "reports-test"
    config = tmp_path / "config.json"
    config.write_text('{"Parameters": {"Name": "logs"}}', encoding="utf-8")
    assert parse_text(text, parameter_files=(config,)).resources[0].get("BucketName") == "logs-dev"


def test_unreadable_parameter_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n  {"ParameterKey": "A",\n}\n]', encoding="utf-8")
    result = parse_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n", parameter_files=(bad,))
    assert [r.address for r in result.resources] == ["T"]
    [error] = result.errors
    assert (error.file, error.line, error.kind) == (str(bad), 3, "read")


def test_foreach_is_a_notice_not_a_silent_skip() -> None:
    result = parse_text(
        """\
        Transform: AWS::LanguageExtensions
        Resources:
          Fn::ForEach::Topics:
            - Name
            - [A, B]
            - Topic${Name}:
                Type: AWS::SNS::Topic
          Plain:
            Type: AWS::SNS::Topic
        """
    )
    assert [r.address for r in result.resources] == ["Plain"]
    assert [(n.line, n.message) for n in result.notices] == [
        (3, "Fn::ForEach::Topics is not expanded: the resources it makes are not scanned")
    ]


def test_unknown_properties_are_a_notice() -> None:
    result = parse_text(
        """\
        Conditions:
          C: !Equals [!Ref AWS::Region, x]
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties: !If [C, {TopicName: a}, {TopicName: b}]
        """
    )
    [topic] = result.resources
    assert topic.attributes == {}
    assert [n.line for n in result.notices] == [4]


def test_cfn_lint_is_imported_only_for_templates_it_must_read() -> None:
    script = textwrap.dedent(
        """\
        import sys
        from pathlib import Path
        import iacscan.frameworks.cloudformation, iacscan.frameworks.arm
        from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
        from iacscan.graph.model import Framework
        assert not [m for m in sys.modules if m.startswith("cfnlint")], "imported early"
        text = "Resources:\\n  T:\\n    Type: AWS::SNS::Topic\\n"
        source = SourceFile(Path("t.yaml"), "t.yaml", text)
        unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
        adapter = iacscan.frameworks.cloudformation.CloudFormationAdapter()
        assert len(adapter.parse(unit, ParseOptions()).resources) == 1
        assert "cfnlint" not in sys.modules, "an ordinary template needed cfn-lint"
        source = SourceFile(Path("t.yaml"), "t.yaml", text + "  T:\\n    Type: X\\n")
        unit = ScanUnit(Framework.CLOUDFORMATION, ".", (source,), Path("."))
        assert adapter.parse(unit, ParseOptions()).errors  # a duplicate key, worded by cfn-lint
        assert "cfnlint" in sys.modules
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_logical_ids_yaml_would_read_as_booleans_or_numbers_keep_their_text() -> None:
    result = parse_text(
        """\
        Resources:
          Off:
            Type: AWS::S3::Bucket
          Policy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Off
          "No": {Type: AWS::SQS::Queue}
          1234: {Type: AWS::SQS::Queue}
        """
    )
    resources = by_address(result)
    assert sorted(resources) == ["1234", "No", "Off", "Policy"]
    assert [resources[a].span.line for a in ("Off", "1234")] == [2, 9]
    assert result.edges == [
        Edge("template.yaml::Policy", "template.yaml::Off", "reference", ("Bucket",))
    ]
