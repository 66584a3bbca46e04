"""The Azure and GCP normalised views on hand-built resources: the corner cases the fixtures
do not spell out (API versions, null values, protocol spellings, IAM v2 principals)."""

from __future__ import annotations

from typing import Any

import pytest

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Span, Unknown
from iacscan.model.azure_fields import api_version_at_least, setting
from iacscan.model.azure_network import allows_from_internet, rules_of, shadowed_by_deny
from iacscan.model.azure_storage import is_weak_tls, storage_account
from iacscan.model.gcp_iam import is_public_principal, public_members
from iacscan.model.gcp_network import internet_exposure


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


@pytest.mark.parametrize(
    ("version", "expected"),
    [("2019-04-01", True), ("2023-01-01", True), ("2018-07-01-preview", False), (None, None)],
)
def test_api_version_at_least(version: str | None, expected: bool | None) -> None:
    attributes = {"apiVersion": version} if version else {}
    account = make(Framework.ARM, "Microsoft.Storage/storageAccounts", "a", attributes)
    assert api_version_at_least(account, "2019-04-01") is expected


def test_arm_https_default_follows_the_api_version() -> None:
    old = make(
        Framework.ARM, "Microsoft.Storage/storageAccounts", "o", {"apiVersion": "2018-02-01"}
    )
    new = make(
        Framework.ARM, "Microsoft.Storage/storageAccounts", "n", {"apiVersion": "2021-01-01"}
    )
    assert storage_account(old).https_only_default is False
    assert storage_account(new).https_only_default is True


def test_terraform_null_reads_as_unset_and_keeps_its_path() -> None:
    vault = make(Framework.TERRAFORM, "azurerm_key_vault", "kv", {"purge_protection_enabled": None})
    field = setting(vault, terraform=["purge_protection_enabled"], arm=("enablePurgeProtection",))
    assert not field.present
    assert field.path == ("purge_protection_enabled",)


def test_newer_terraform_name_wins_over_the_older_one() -> None:
    account = make(
        Framework.TERRAFORM,
        "azurerm_storage_account",
        "a",
        {"https_traffic_only_enabled": True, "enable_https_traffic_only": False},
    )
    assert storage_account(account).https_only.value is True


@pytest.mark.parametrize(
    ("value", "weak"),
    [("TLS1_0", True), ("tls1_1", True), ("TLS1_2", False), (Unknown("x"), False), (None, False)],
)
def test_is_weak_tls(value: Any, weak: bool) -> None:
    assert is_weak_tls(value) is weak


def _arm_nsg(rules: list[dict[str, Any]]) -> Resource:
    entries = [{"name": f"r{i}", "properties": rule} for i, rule in enumerate(rules)]
    return make(
        Framework.ARM,
        "Microsoft.Network/networkSecurityGroups",
        "nsg",
        {"properties": {"securityRules": entries}},
    )


SSH_FROM_ANY = {
    "priority": 200,
    "direction": "Inbound",
    "access": "Allow",
    "protocol": "TCP",
    "destinationPortRange": "20-25",
    "sourceAddressPrefix": "Any",
}


def test_nsg_rule_spellings_are_case_insensitive() -> None:
    nsg = _arm_nsg([SSH_FROM_ANY])
    (rule,) = rules_of(nsg)
    source = allows_from_internet(rule, 22)
    assert source is not None
    assert source.path == ("properties", "securityRules", 0, "properties", "sourceAddressPrefix")
    assert allows_from_internet(rule, 3389) is None


@pytest.mark.parametrize(
    ("deny", "shadowed"),
    [
        ({"priority": 100, "protocol": "Tcp", "sourceAddressPrefix": "Internet"}, True),
        ({"priority": 100, "protocol": "Udp", "sourceAddressPrefix": "Internet"}, False),
        ({"priority": 300, "protocol": "*", "sourceAddressPrefix": "*"}, False),
        ({"priority": 100, "protocol": "*", "sourceAddressPrefix": "10.0.0.0/8"}, False),
        ({"priority": Unknown("p"), "protocol": "*", "sourceAddressPrefix": "*"}, False),
    ],
)
def test_deny_rule_shadows_only_with_higher_precedence_for_tcp_from_the_internet(
    deny: dict[str, Any], shadowed: bool
) -> None:
    deny_rule = {"direction": "Inbound", "access": "Deny", "destinationPortRange": "22", **deny}
    nsg = _arm_nsg([SSH_FROM_ANY, deny_rule])
    graph = ResourceGraph([nsg])
    allow = rules_of(nsg)[0]
    assert shadowed_by_deny(allow, 22, graph) is shadowed


def _firewall(**attributes: Any) -> Resource:
    return make(Framework.TERRAFORM, "google_compute_firewall", "fw", attributes)


def test_gcp_firewall_protocol_number_and_integer_ports() -> None:
    rule = _firewall(source_ranges=["0.0.0.0/0"], allow=[{"protocol": "6", "ports": [3389]}])
    exposure = internet_exposure(rule, 3389)
    assert exposure is not None and exposure.at.path == ("source_ranges", 0)


def test_gcp_firewall_without_source_is_open_to_the_world() -> None:
    rule = _firewall(allow=[{"protocol": "all"}])
    exposure = internet_exposure(rule, 22)
    assert exposure is not None and exposure.at.path == ("allow", 0)


@pytest.mark.parametrize(
    "attributes",
    [
        {"source_service_accounts": ["sa@p.iam.gserviceaccount.com"]},
        {"source_ranges": Unknown("var")},
        {"source_ranges": ["0.0.0.0/0"], "direction": Unknown("var")},
        {"source_ranges": ["0.0.0.0/0"], "disabled": Unknown("var")},
        {"source_ranges": ["0.0.0.0/0"], "direction": "EGRESS"},
    ],
)
def test_gcp_firewall_stays_silent(attributes: dict[str, Any]) -> None:
    rule = _firewall(allow=[{"protocol": "tcp", "ports": ["22"]}], **attributes)
    assert internet_exposure(rule, 22) is None


@pytest.mark.parametrize(
    ("member", "public"),
    [
        ("allUsers", True),
        ("allAuthenticatedUsers", True),
        ("principalSet://goog/public:all", True),
        ("user:alice@example.com", False),
        (Unknown("var"), False),
    ],
)
def test_public_principals(member: Any, public: bool) -> None:
    assert is_public_principal(member) is public


def test_literal_json_policy_points_at_policy_data_and_names_the_member() -> None:
    policy = make(
        Framework.TERRAFORM,
        "google_kms_crypto_key_iam_policy",
        "p",
        {"policy_data": '{"bindings": [{"role": "r", "members": ["allAuthenticatedUsers"]}]}'},
    )
    found = [(f.path, who) for f, who in public_members(policy, ResourceGraph([policy]))]
    assert found == [(("policy_data",), "allAuthenticatedUsers")]
