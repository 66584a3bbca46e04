from __future__ import annotations

import pytest

from iacscan.graph import MISSING, Edge, Framework, Resource, ResourceGraph, Span, Unknown
from iacscan.graph.model import is_unknown
from iacscan.graph.values import as_bool, as_int, as_list, as_str, is_false, is_true


def make(address: str, type_: str = "aws_s3_bucket", **attributes: object) -> Resource:
    return Resource(
        id=f".::{address}",
        address=address,
        framework=Framework.TERRAFORM,
        type=type_,
        name=address.split(".")[-1],
        file="main.tf",
        span=Span(1, 10),
        attributes=dict(attributes),
        spans={("acl",): Span(3, 3), ("versioning", 0): Span(4, 6)},
    )


def test_get_walks_dicts_and_lists() -> None:
    bucket = make("aws_s3_bucket.b", acl="private", versioning=[{"enabled": True}])
    assert bucket.get("acl") == "private"
    assert bucket.get("versioning", 0, "enabled") is True
    assert bucket.get("versioning", 1, "enabled") is MISSING
    assert bucket.get("nope", default=None) is None


def test_unknown_stops_the_walk_and_is_contagious() -> None:
    unknown = Unknown("var.x")
    bucket = make("aws_s3_bucket.b", tags=unknown, policy={"a": [1, unknown]})
    assert bucket.get("tags", "Name") is unknown
    assert is_unknown(bucket.get("policy"))
    assert bucket.field("tags", "Name").unknown
    assert not bucket.field("tags", "Name").known


def test_unknown_refuses_truth_testing() -> None:
    with pytest.raises(TypeError):
        bool(Unknown("x"))
    assert Unknown("x") != Unknown("x")
    assert Unknown("x") not in {"public-read"}


def test_span_of_falls_back_to_nearest_written_ancestor() -> None:
    bucket = make("aws_s3_bucket.b", acl="private", versioning=[{"enabled": True}])
    assert bucket.span_of(("acl",)) == Span(3, 3)
    assert bucket.span_of(("versioning", 0, "enabled")) == Span(4, 6)
    assert bucket.span_of(("logging", 0)) == Span(1, 10)
    assert bucket.field("versioning").get(0, "enabled").span == Span(4, 6)


def test_type_key_separates_block_kinds() -> None:
    data = make("data.aws_iam_policy_document.p", "aws_iam_policy_document")
    data.kind = "data"
    assert data.type_key == "data.aws_iam_policy_document"
    variable = make("var.env", "variable")
    variable.kind = "variable"
    assert variable.type_key == "variable"


def test_graph_indexes_types_and_edges_both_ways() -> None:
    bucket = make("aws_s3_bucket.b")
    acl = make("aws_s3_bucket_acl.b", "aws_s3_bucket_acl")
    other = make("aws_s3_bucket.c")
    graph = ResourceGraph([bucket, acl, other], [Edge(acl.id, bucket.id, "reference", ("bucket",))])
    assert graph.of_type(Framework.TERRAFORM, "aws_s3_bucket") == [bucket, other]
    assert graph.referenced_by(bucket, "aws_s3_bucket_acl") == [acl]
    assert graph.references(acl) == [bucket]
    assert graph.neighbours(other) == []
    assert [e.path for e in graph.edges_to(bucket)] == [("bucket",)]


def test_graph_drops_edges_to_unknown_targets_and_rejects_duplicate_ids() -> None:
    bucket = make("aws_s3_bucket.b")
    graph = ResourceGraph([bucket])
    graph.connect(Edge(bucket.id, "elsewhere::x"))
    assert list(graph.edges) == []
    with pytest.raises(ValueError, match="duplicate"):
        graph.add(make("aws_s3_bucket.b"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("true", True),
        ("Enabled", True),
        (False, False),
        ("FALSE", False),
        ("maybe", None),
        (Unknown(), None),
        (MISSING, None),
        (1, None),
    ],
)
def test_as_bool(value: object, expected: bool | None) -> None:
    assert as_bool(value) is expected
    assert is_true(value) is (expected is True)
    assert is_false(value) is (expected is False)


def test_scalar_readers() -> None:
    assert as_int("22") == 22 and as_int(22.0) == 22 and as_int(True) is None
    assert as_int("x") is None and as_int(Unknown()) is None
    assert as_str(3) == "3" and as_str(False) == "false" and as_str([1]) is None
    assert as_list("a") == ["a"] and as_list(["a"]) == ["a"]
    assert as_list(MISSING) == [] and as_list(Unknown()) == []


def test_null_means_not_set() -> None:
    bucket = make("aws_s3_bucket.b", acl=None)
    assert not bucket.field("acl").present
    assert not bucket.field("acl").known
    assert not bucket.field("acl").unknown


def test_arm_types_are_indexed_case_insensitively() -> None:
    account = make("Microsoft.Storage/storageaccounts/a", "Microsoft.Storage/storageaccounts")
    account.framework = Framework.ARM
    graph = ResourceGraph([account])
    assert graph.of_type(Framework.ARM, "Microsoft.Storage/storageAccounts") == [account]
    assert graph.of_type(Framework.TERRAFORM, "Microsoft.Storage/storageAccounts") == []


def test_resources_and_results_survive_pickling_between_processes() -> None:
    import pickle

    from iacscan.frameworks.base import FileError, ParseResult

    resource = Resource(
        id="main.tf::aws_s3_bucket.b",
        address="aws_s3_bucket.b",
        framework=Framework.TERRAFORM,
        type="aws_s3_bucket",
        name="b",
        file="main.tf",
        span=Span(1, 4),
        attributes={"acl": "private", "tags": {"a": Unknown("computed")}},
        spans={("acl",): Span(2, 2, 3)},
        kind="resource",
        module="module.m",
        meta={"count": 1},
    )
    result = ParseResult(
        resources=[resource],
        edges=[Edge(resource.id, "x", "reference", ("acl",))],
        errors=[FileError("main.tf", 3, "bad", 2, "eval")],
    )
    copy = pickle.loads(pickle.dumps(result))
    again = copy.resources[0]
    for name in ("id", "address", "framework", "type", "name", "file", "span", "spans", "kind"):
        assert getattr(again, name) == getattr(resource, name)
    assert (again.module, again.meta, again.get("acl")) == ("module.m", {"count": 1}, "private")
    assert isinstance(again.get("tags", "a"), Unknown)
    assert (copy.edges, copy.errors) == (result.edges, result.errors)
