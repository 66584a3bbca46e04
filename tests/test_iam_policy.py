"""The IAM policy statement model: shapes, wildcards, principals, conditions, data sources."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Field, Framework, Resource, Span, Unknown
from iacscan.model.iam_policy import (
    IDENTITY_POLICIES,
    backing_document,
    document_statements,
    parse_policy,
    policy_paths,
    policy_statements,
    wildcard_match,
)


def resource(
    address: str,
    attributes: dict[str, Any],
    *,
    type_: str = "aws_iam_policy",
    kind: str = "resource",
    framework: Framework = Framework.TERRAFORM,
    spans: dict[tuple[str | int, ...], Span] | None = None,
) -> Resource:
    return Resource(
        id=f".::{address}",
        address=address,
        framework=framework,
        type=type_,
        name=address.rsplit(".", 1)[-1],
        file="main.tf",
        span=Span(1, 20),
        attributes=attributes,
        spans=spans or {},
        kind=kind,
    )


def statements_of(value: Any, **kwargs: Any) -> list[Any]:
    return parse_policy(resource("aws_iam_policy.p", {"policy": value}, **kwargs).field("policy"))


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("*", "s3:PutObject", True),
        ("s3:*", "s3:PutObject", True),
        ("s3:Put*", "s3:PutObject", True),
        ("S3:PUTOBJECT", "s3:PutObject", True),
        ("s3:Get*", "s3:PutObject", False),
        ("s3:?utObject", "s3:PutObject", True),
        ("s3:PutObject.", "s3:PutObjectX", False),
        ("iam:*", "s3:PutObject", False),
    ],
)
def test_wildcard_match(pattern: str, action: str, expected: bool) -> None:
    assert wildcard_match(pattern, action) is expected


def test_mapping_statement_points_at_its_keys_and_list_elements() -> None:
    policy = {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": "*"}]}
    (statement,) = statements_of(policy)
    assert statement.allows
    assert statement.field("Resource").path == ("policy", "Statement", 0, "Resource")
    assert statement.element("Action", "*").path == ("policy", "Statement", 0, "Action", 1)
    assert statement.granting("s3:DeleteObject") == statement.element("Action", "*")


def test_single_statement_and_single_values_are_accepted() -> None:
    (statement,) = statements_of({"Statement": {"Effect": "Deny", "Action": "s3:*"}})
    assert not statement.allows
    assert statement.anchor.path == ("policy", "Statement")
    assert statement.grants("s3:PutObject")


def test_json_string_is_read_under_the_attribute_path() -> None:
    text = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*"}]})
    spans = {("policy",): Span(3, 9), ("policy", "Statement", 0, "Principal"): Span(6, 6)}
    (statement,) = statements_of(text, spans=spans)
    (principal,) = statement.public_principals()
    assert principal.path == ("policy", "Statement", 0, "Principal")
    assert principal.span.line == 6
    assert statement.field("Action").span.line == 3  # no span of its own: the attribute's


@pytest.mark.parametrize("value", ["not json", "[1, 2]", Unknown("var.policy"), None, 42])
def test_unreadable_or_unknown_policies_have_no_statements(value: Any) -> None:
    assert statements_of(value) == []


class PartlyKnown(Unknown):
    """What an adapter may give for `jsonencode` of a value with unknown leaves."""

    __slots__ = ("partial",)

    def __init__(self, partial: Any) -> None:
        super().__init__("jsonencode() of a value that is not fully known")
        self.partial = partial


def test_known_parts_of_a_partly_unknown_policy_are_read() -> None:
    arn = Unknown("aws_s3_bucket.site.arn is known only after apply")
    policy = {"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": arn}]}
    (statement,) = statements_of(PartlyKnown(policy))
    assert [f.path for f in statement.public_principals()] == [
        ("policy", "Statement", 0, "Principal")
    ]
    assert statement.get("Resource") is arn


def test_not_action_grants_what_it_leaves_out_only_when_fully_known() -> None:
    (known,) = statements_of({"Statement": {"Effect": "Allow", "NotAction": "s3:GetObject"}})
    assert known.grants("s3:PutObject")
    assert not known.grants("s3:GetObject")
    assert known.granting("s3:PutObject") == known.field("NotAction")
    unknown = {"Statement": {"Effect": "Allow", "NotAction": ["s3:Get*", Unknown("x")]}}
    assert not statements_of(unknown)[0].grants("s3:PutObject")


def test_unknown_actions_never_grant() -> None:
    (statement,) = statements_of({"Statement": {"Effect": "Allow", "Action": Unknown("p")}})
    assert not statement.grants("s3:PutObject")


@pytest.mark.parametrize(
    ("principal", "paths"),
    [
        ("*", [("policy", "Statement", "Principal")]),
        ({"AWS": "*"}, [("policy", "Statement", "Principal", "AWS")]),
        ({"AWS": ["arn:aws:iam::1:root", "*"]}, [("policy", "Statement", "Principal", "AWS", 1)]),
        ({"AWS": "arn:aws:iam::111122223333:root"}, []),
        ({"Service": "sns.amazonaws.com"}, []),
        ({"AWS": Unknown("var.principal")}, []),
        (Unknown("principal"), []),
    ],
)
def test_public_principals(principal: Any, paths: list[tuple[Any, ...]]) -> None:
    (statement,) = statements_of({"Statement": {"Effect": "Allow", "Principal": principal}})
    assert [f.path for f in statement.public_principals()] == paths


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"Bool": {"aws:SecureTransport": "false"}}, True),
        (Unknown("condition"), True),
        ({}, False),
        (None, False),
    ],
)
def test_has_condition(condition: Any, expected: bool) -> None:
    (statement,) = statements_of({"Statement": {"Effect": "Allow", "Condition": condition}})
    assert statement.has_condition is expected
    (bare,) = statements_of({"Statement": {"Effect": "Allow"}})
    assert not bare.has_condition


def document(address: str, statements: list[dict[str, Any]], **extra: Any) -> Resource:
    return resource(
        f"data.aws_iam_policy_document.{address}",
        {"statement": statements, **extra},
        type_="aws_iam_policy_document",
        kind="data",
    )


def test_document_statements_use_the_json_vocabulary_and_default_to_allow() -> None:
    doc = document(
        "d",
        [
            {
                "actions": ["*"],
                "resources": ["*"],
                "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::1:root", "*"]}],
                "condition": [{"test": "Bool", "variable": "aws:SecureTransport"}],
            }
        ],
    )
    (statement,) = document_statements(doc, ResourceGraph([doc]))
    assert statement.allows
    assert statement.get("Action") == ["*"]
    assert statement.element("Action", "*").path == ("statement", 0, "actions", 0)
    assert statement.get("Principal") == {"AWS": ["arn:aws:iam::1:root", "*"]}
    assert [f.path for f in statement.public_principals()] == [
        ("statement", 0, "principals", 0, "identifiers", 1)
    ]
    assert statement.has_condition


def test_document_principal_type_star_is_everyone() -> None:
    doc = document("d", [{"principals": [{"type": "*", "identifiers": ["*"]}]}])
    (statement,) = document_statements(doc, ResourceGraph([doc]))
    assert statement.get("Principal") == "*"
    assert [f.path for f in statement.public_principals()] == [
        ("statement", 0, "principals", 0, "identifiers", 0)
    ]


def test_override_documents_replace_statements_with_the_same_sid() -> None:
    narrow = document("narrow", [{"sid": "Main", "actions": ["ec2:Describe*"]}])
    base = document("base", [{"sid": "Other", "actions": ["s3:GetObject"]}])
    doc = document(
        "d",
        [{"sid": "Main", "actions": ["*"]}, {"actions": ["logs:*"]}],
        source_policy_documents=['{"Statement": [{"Sid": "Extra", "Effect": "Deny"}]}', "{}"],
        override_policy_documents=["{}"],
    )
    graph = ResourceGraph(
        [narrow, base, doc],
        [
            Edge(doc.id, base.id, path=("source_policy_documents", 1)),
            Edge(doc.id, narrow.id, path=("override_policy_documents", 0)),
        ],
    )
    merged = document_statements(doc, graph)
    assert [(s.sid, s.anchor.resource.address) for s in merged] == [
        ("Extra", doc.address),
        ("Other", base.address),
        ("Main", narrow.address),
        ("", doc.address),
    ]


def test_documents_that_include_each_other_do_not_loop() -> None:
    merged = [Unknown("merged policy documents are not evaluated")]
    a = document("a", [{"sid": "A"}], source_policy_documents=merged)
    b = document("b", [{"sid": "B"}], source_policy_documents=merged)
    graph = ResourceGraph(
        [a, b],
        [
            Edge(a.id, b.id, path=("source_policy_documents", 0)),
            Edge(b.id, a.id, path=("source_policy_documents", 0)),
        ],
    )
    # Source documents come first; `a` met again inside `b` is not read twice.
    assert [s.sid for s in document_statements(a, graph)] == ["B", "A"]


def test_policy_backed_by_a_document_reads_the_document() -> None:
    doc = document("d", [{"actions": ["*"], "resources": ["*"]}])
    policy = resource("aws_iam_policy.p", {"policy": '{"Statement": []}'})
    graph = ResourceGraph([doc, policy], [Edge(policy.id, doc.id, path=("policy",))])
    assert backing_document(policy, ("policy",), graph) is doc
    (statement,) = policy_statements(policy, ("policy",), graph)
    assert statement.anchor.resource is doc


def test_policy_choosing_between_documents_reads_its_rendered_value() -> None:
    a = document("a", [{"actions": ["*"], "resources": ["*"]}])
    b = document("b", [{"actions": ["s3:GetObject"], "resources": ["*"]}])
    rendered = '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'
    policy = resource("aws_iam_policy.p", {"policy": rendered})
    edges = [Edge(policy.id, a.id, path=("policy",)), Edge(policy.id, b.id, path=("policy",))]
    graph = ResourceGraph([a, b, policy], edges)
    assert backing_document(policy, ("policy",), graph) is None
    (statement,) = policy_statements(policy, ("policy",), graph)
    assert statement.anchor.resource is policy
    assert statement.get("Action") == "s3:GetObject"


def test_policy_paths_for_single_and_listed_policies() -> None:
    role = resource(
        "Role",
        {"Policies": [{"PolicyName": "a", "PolicyDocument": {}}, {"PolicyName": "b"}]},
        type_="AWS::IAM::Role",
        framework=Framework.CLOUDFORMATION,
    )
    assert policy_paths(role, IDENTITY_POLICIES) == [("Policies", 0, "PolicyDocument")]
    policy = resource("aws_iam_policy.p", {"policy": "{}"})
    assert policy_paths(policy, IDENTITY_POLICIES) == [("policy",)]
    empty = resource("aws_iam_policy.q", {})
    assert policy_paths(empty, IDENTITY_POLICIES) == []


def test_field_paths_are_relative_to_the_resource() -> None:
    policy = resource("aws_iam_policy.p", {"policy": {"Statement": [{"Effect": "Allow"}]}})
    (statement,) = parse_policy(Field(policy, ("policy",), policy.get("policy")))
    assert statement.anchor.path == ("policy", "Statement", 0)
