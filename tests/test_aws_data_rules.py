"""The helpers behind the AWS data-service rows: expectations, engine and cluster membership,
parameter groups, and the TLS-only statement test."""

from __future__ import annotations

from typing import Any

from iacscan.graph import Framework, Resource, Span, Unknown
from iacscan.model.aws_data_rules import (
    AtMost,
    Contains,
    KeepsAtLeast,
    NonEmpty,
    not_serverless_v1,
    parameters,
    redis_like,
    standalone_instance,
)
from iacscan.model.aws_data_tls_policy import denies_insecure_transport
from iacscan.model.iam_policy import Statement


def resource(type_: str, framework: Framework = Framework.TERRAFORM, **attrs: Any) -> Resource:
    return Resource(
        id=f"m::{type_}.x",
        address=f"{type_}.x",
        framework=framework,
        type=type_,
        name="x",
        file="main.tf",
        span=Span(1, 20),
        attributes=dict(attrs),
    )


def messages(expectation: Any, **attrs: Any) -> list[str]:
    thing = resource("aws_thing", **attrs)
    return [v.message for v in expectation.judge(thing.field("value"), "the setting")]


def test_contains_reports_missing_item_but_not_unknown_lists() -> None:
    audit = Contains("audit")
    assert messages(audit) == ["the setting does not include 'audit'"]
    assert messages(audit, value=["profiler"]) == ["the setting does not include 'audit'"]
    assert messages(audit, value=["AUDIT"]) == []
    assert messages(audit, value=["profiler", Unknown()]) == []
    assert messages(audit, value=Unknown()) == []


def test_non_empty() -> None:
    assert messages(NonEmpty()) == ["the setting is not configured"]
    assert messages(NonEmpty(), value=[]) == ["the setting is empty"]
    assert messages(NonEmpty(), value=["error"]) == []
    assert messages(NonEmpty(), value=Unknown()) == []


def test_keeps_at_least_treats_zero_and_unwritten_as_forever() -> None:
    year = KeepsAtLeast(365)
    assert messages(year, value=30) == ["the setting is 30 days, below 365"]
    assert messages(year, value="90") == ["the setting is 90 days, below 365"]
    assert messages(year, value=0) == []
    assert messages(year) == []
    assert messages(year, value=400) == []
    assert messages(year, value=Unknown()) == []


def test_at_most() -> None:
    assert messages(AtMost(90), value=365) == ["the setting is 365, above 90"]
    assert messages(AtMost(90), value="90") == []
    assert messages(AtMost(90)) == []


def test_parameters_in_every_written_form() -> None:
    blocks = resource(
        "aws_docdb_cluster_parameter_group",
        parameter=[{"name": "TLS", "value": "disabled"}, {"name": Unknown(), "value": "x"}],
    )
    assert [(p.name, p.value.value, p.value.path) for p in parameters(blocks)] == [
        ("tls", "disabled", ("parameter", 0, "value")),
        (None, "x", ("parameter", 1, "value")),
    ]
    mapping = resource(
        "AWS::DocDB::DBClusterParameterGroup", Framework.CLOUDFORMATION, Parameters={"tls": "x"}
    )
    assert [(p.name, p.value.path) for p in parameters(mapping)] == [("tls", ("Parameters", "tls"))]
    listed = resource(
        "AWS::Redshift::ClusterParameterGroup",
        Framework.CLOUDFORMATION,
        Parameters=[{"ParameterName": "require_ssl", "ParameterValue": "false"}],
    )
    assert [(p.name, p.value.value) for p in parameters(listed)] == [("require_ssl", "false")]


def test_standalone_instance_and_engine_helpers() -> None:
    cfn = Framework.CLOUDFORMATION
    assert standalone_instance(resource("aws_db_instance", engine="postgres"))
    assert standalone_instance(resource("aws_db_instance", engine=Unknown()))
    assert not standalone_instance(resource("aws_db_instance", engine="aurora-mysql"))
    member = resource("AWS::RDS::DBInstance", cfn, DBClusterIdentifier="orders")
    assert not standalone_instance(member)
    assert standalone_instance(resource("aws_rds_cluster", engine="aurora-mysql"))
    assert redis_like(resource("aws_elasticache_replication_group"))
    assert not redis_like(resource("aws_elasticache_cluster"))
    assert not redis_like(resource("aws_elasticache_cluster", engine="memcached"))
    assert not redis_like(resource("aws_elasticache_replication_group", engine=Unknown()))
    assert not not_serverless_v1(resource("aws_rds_cluster", engine_mode="serverless"))
    assert not not_serverless_v1(resource("aws_rds_cluster", engine_mode=Unknown()))
    assert not_serverless_v1(resource("aws_rds_cluster", engine_mode="provisioned"))


def statement(origin: str, **data: Any) -> Statement:
    anchor = resource("aws_s3_bucket_policy").field("policy")
    return Statement(data=data, anchor=anchor, origin=origin)


def test_denies_insecure_transport() -> None:
    tls = {"Bool": {"aws:SecureTransport": "false"}}
    assert denies_insecure_transport(statement("mapping", Effect="Deny", Condition=tls))
    spelled = {"bool": {"AWS:SecureTransport": [False]}}
    assert denies_insecure_transport(statement("mapping", Effect="Deny", Condition=spelled))
    assert not denies_insecure_transport(statement("mapping", Effect="Allow", Condition=tls))
    true = {"Bool": {"aws:SecureTransport": "true"}}
    assert not denies_insecure_transport(statement("mapping", Effect="Deny", Condition=true))
    assert denies_insecure_transport(statement("mapping", Effect=Unknown())) is None
    unknown = {"Bool": {"aws:SecureTransport": Unknown()}}
    assert denies_insecure_transport(statement("mapping", Effect="Deny", Condition=unknown)) is None
    block = [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
    assert denies_insecure_transport(statement("document", Effect="Deny", Condition=block))
    version = [{"test": "NumericLessThan", "variable": "s3:TlsVersion", "values": ["1.2"]}]
    assert not denies_insecure_transport(statement("document", Effect="Deny", Condition=version))
