"""The table expectations and joins that the Azure and GCP checks share, on hand-built
resources: renamed azurerm attributes, settings spelled per format, "0 days keeps forever",
ARM child resources, GCP blocks that must be absent, Cloud SQL flags, IAM grant pairs and
firewall / NSG rules that open every port."""

from __future__ import annotations

from typing import Any

import pytest

from iacscan.check_table import Disabled, Enabled
from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Framework, Resource, Span, Unknown
from iacscan.model.azure_fields import OrOlderName, PerFramework, RetentionAtLeast, attached
from iacscan.model.azure_network import internet_source, opens_all_ports, rules_of
from iacscan.model.gcp_compute import Absent, is_default_compute_account
from iacscan.model.gcp_iam import grants
from iacscan.model.gcp_network import all_ports_exposure
from iacscan.model.gcp_sql import database_flag, engine


def make(framework: Framework, type_: str, name: str, attributes: dict[str, Any]) -> Resource:
    address = f"{type_}/{name}" if framework is Framework.ARM else f"{type_}.{name}"
    return Resource(
        id=f"t::{address}",
        address=address,
        framework=framework,
        type=type_,
        name=name,
        file="t",
        span=Span(1, 1),
        attributes=attributes,
    )


def tf(type_: str, **attributes: Any) -> Resource:
    return make(Framework.TERRAFORM, type_, "r", attributes)


def messages(expectation: Any, resource: Resource, *path: Any) -> list[tuple[tuple[Any, ...], str]]:
    found = expectation.judge(resource.field(*path), "the setting")
    return [(v.at.path, v.message) for v in found]


def test_older_name_is_judged_when_only_it_is_written() -> None:
    expect = OrOlderName(Disabled(), older=(("enable_non_ssl_port",),))
    old = tf("azurerm_redis_cache", enable_non_ssl_port=True)
    assert messages(expect, old, "non_ssl_port_enabled") == [
        (("enable_non_ssl_port",), "the setting is enabled")
    ]
    both = tf("azurerm_redis_cache", enable_non_ssl_port=True, non_ssl_port_enabled=False)
    assert messages(expect, both, "non_ssl_port_enabled") == []


def test_per_framework_expectation_follows_the_resource_format() -> None:
    expect = PerFramework({Framework.TERRAFORM: Disabled(default=True), Framework.ARM: Enabled()})
    terraform = tf("azurerm_servicebus_namespace")
    arm = make(Framework.ARM, "Microsoft.ServiceBus/namespaces", "n", {"properties": {}})
    assert messages(expect, terraform, "local_auth_enabled") == [
        (("local_auth_enabled",), "the setting is enabled (the default is on)")
    ]
    assert messages(expect, arm, "properties", "disableLocalAuth") == [
        (("properties", "disableLocalAuth"), "the setting is not enabled (the default is off)")
    ]


@pytest.mark.parametrize(
    ("days", "reported"),
    [(30, True), ("89", True), (90, False), (0, False), (None, False), (Unknown("v"), False)],
)
def test_retention_zero_and_unwritten_keep_forever(days: Any, reported: bool) -> None:
    policy = tf("azurerm_mssql_server_extended_auditing_policy", retention_in_days=days)
    found = messages(RetentionAtLeast(90), policy, "retention_in_days")
    assert bool(found) is reported


def test_attached_arm_children_by_parent_edge_and_unknown_parents() -> None:
    server = make(Framework.ARM, "Microsoft.Sql/servers", "sql", {})
    child = make(Framework.ARM, "Microsoft.Sql/servers/auditingSettings", "sql/default", {})
    graph = ResourceGraph([server, child], [Edge(child.id, server.id, "parent")])
    assert attached(server, graph, "Microsoft.Sql/servers/auditingSettings") == [child]
    orphan = make(Framework.ARM, "Microsoft.Sql/servers/auditingSettings", "[x]/default", {})
    unsure = ResourceGraph([server, orphan])
    assert attached(server, unsure, "Microsoft.Sql/servers/auditingSettings") is None


@pytest.mark.parametrize(
    ("value", "reported"),
    [
        ([{}], True),
        ([{"nat_ip": Unknown("address")}], True),
        ([Unknown("dynamic block")], False),
        ([], False),
        (None, False),
    ],
)
def test_absent_block(value: Any, reported: bool) -> None:
    instance = tf("google_compute_instance", network_interface=[{"access_config": value}])
    found = messages(Absent(), instance, "network_interface", 0, "access_config")
    assert bool(found) is reported


def test_default_compute_account() -> None:
    instance = tf(
        "google_compute_instance",
        service_account=[
            {},
            {"email": "1-compute@developer.gserviceaccount.com"},
            {"email": "app@p.iam.gserviceaccount.com"},
            {"email": Unknown("sa")},
        ],
    )
    answers = [
        is_default_compute_account(instance.field("service_account", i, "email")) for i in range(4)
    ]
    assert answers == [True, True, False, None]


def test_cloud_sql_engine_and_flags() -> None:
    flags = [{"name": "log_connections", "value": "off"}, {"name": Unknown("n"), "value": "on"}]
    instance = tf(
        "google_sql_database_instance",
        database_version="POSTGRES_14",
        settings=[{"database_flags": flags}],
    )
    found = engine(instance)
    assert found is not None and (found.name, found.major) == ("POSTGRES", 14)
    hit = database_flag(instance, "log_connections")
    assert hit.value is not None and hit.value.path == ("settings", 0, "database_flags", 0, "value")
    miss = database_flag(instance, "log_checkpoints")
    assert miss.value is None and miss.decidable is False  # an unknown flag name may be it


def test_iam_grant_pairs_of_binding_and_policy() -> None:
    binding = tf("google_project_iam_binding", role="roles/editor", members=["user:a", "user:b"])
    document = make(
        Framework.TERRAFORM,
        "google_iam_policy",
        "p",
        {"binding": [{"role": "roles/owner", "members": ["serviceAccount:x"]}]},
    )
    document.kind = "data"
    policy = tf("google_project_iam_policy", policy_data=Unknown("ref"))
    graph = ResourceGraph([binding, document, policy], [Edge(policy.id, document.id)])
    pairs = [(r.value, m.value) for r, m in grants(binding, graph)]
    assert pairs == [("roles/editor", "user:a"), ("roles/editor", "user:b")]
    pairs = [(r.path, m.path) for r, m in grants(policy, graph)]
    assert pairs == [(("binding", 0, "role"), ("binding", 0, "members", 0))]


@pytest.mark.parametrize(
    ("allow", "opens"),
    [
        ({"protocol": "all"}, True),
        ({"protocol": "tcp"}, True),
        ({"protocol": "udp", "ports": ["1-65535"]}, True),
        ({"protocol": "tcp", "ports": ["1-1024"]}, False),
        ({"protocol": "icmp"}, False),
        ({"protocol": "tcp", "ports": Unknown("ports")}, False),
    ],
)
def test_gcp_firewall_all_ports(allow: dict[str, Any], opens: bool) -> None:
    rule = tf("google_compute_firewall", source_ranges=["0.0.0.0/0"], allow=[allow])
    assert (all_ports_exposure(rule) is not None) is opens


def test_nsg_udp_source_and_all_ports() -> None:
    group = make(
        Framework.ARM,
        "Microsoft.Network/networkSecurityGroups",
        "nsg",
        {
            "properties": {
                "securityRules": [
                    {
                        "name": "dns",
                        "properties": {
                            "direction": "Inbound",
                            "access": "Allow",
                            "protocol": "Udp",
                            "destinationPortRange": "*",
                            "sourceAddressPrefix": "Internet",
                        },
                    }
                ]
            }
        },
    )
    (rule,) = rules_of(group)
    assert internet_source(rule, frozenset({"udp"})) is not None
    assert internet_source(rule) is None  # TCP by default
    assert opens_all_ports(rule)
