"""Event Hubs and Service Bus namespace settings, one row builder for both services: minimum
TLS version, local (SAS key) authentication and public network access."""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.check import Check, Severity
from iacscan.check_table import Disabled, Doc, Enabled, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import PerFramework


@dataclass(frozen=True)
class _Service:
    prefix: str  # id prefix, e.g. IAC-AZURE-EVENTHUB
    label: str  # "Event Hubs", "Service Bus"
    slug: str  # "eventhub", "servicebus"
    tf_type: str
    arm_type: str
    local_auth: str  # azurerm attribute name
    checkov_tls: str
    checkov_local: str
    checkov_public: str
    reference: str


def _doc(service: _Service, what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        f'resource "{service.tf_type}" "main" {{\n'
        f'  name = "acme-{service.slug}"\n  sku  = "Standard"\n'
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


def _fix(service: _Service, line: str, arm: str) -> str:
    return (
        f'```hcl\nresource "{service.tf_type}" "main" {{\n  name = "acme-{service.slug}"\n'
        f'  sku  = "Standard"\n  {line}\n}}\n```\n\nIn an ARM template set {arm} under '
        "`properties`."
    )


def _equivalent(checkov: str) -> dict[str, list[str]]:
    return {"checkov": [checkov]} if checkov else {}


def _min_tls(service: _Service) -> Check:
    return setting_check(
        SettingRule(
            id=f"{service.prefix}-001",
            name=f"{service.slug}-min-tls-below-1-2",
            title=f"{service.label} namespace accepts TLS versions older than 1.2",
            severity=Severity.MEDIUM,
            category="encryption",
            what="the minimum TLS version",
            where={
                Framework.TERRAFORM: {service.tf_type: ("minimum_tls_version",)},
                Framework.ARM: {service.arm_type: ("properties", "minimumTlsVersion")},
            },
            expect=NoneOf(frozenset({"1.0", "1.1"})),
            doc=_doc(
                service,
                f"Flags {service.label} namespaces whose minimum TLS version is `1.0` or `1.1`: "
                "`minimum_tls_version` (ARM `minimumTlsVersion`). The default is 1.2, so an "
                "unwritten value is not reported.",
                "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); "
                "messages and SAS tokens sent over them can be read.",
                '  minimum_tls_version = "1.0"\n',
                '  minimum_tls_version = "1.2"\n',
            ),
            remediation="Require TLS 1.2.\n\n"
            + _fix(service, 'minimum_tls_version = "1.2"', '`"minimumTlsVersion": "1.2"`'),
            compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
            equivalents=_equivalent(service.checkov_tls),
            references=[service.reference],
        )
    )


def _local_auth(service: _Service) -> Check:
    return setting_check(
        SettingRule(
            id=f"{service.prefix}-002",
            name=f"{service.slug}-local-auth-enabled",
            title=f"{service.label} namespace accepts shared access keys",
            severity=Severity.LOW,
            category="iam",
            what="local (SAS key) authentication",
            where={
                Framework.TERRAFORM: {service.tf_type: (service.local_auth,)},
                Framework.ARM: {service.arm_type: ("properties", "disableLocalAuth")},
            },
            # azurerm says "enabled", ARM says "disable": the same setting, opposite spelling.
            expect=PerFramework(
                {Framework.TERRAFORM: Disabled(default=True), Framework.ARM: Enabled()}
            ),
            doc=_doc(
                service,
                f"Flags {service.label} namespaces that accept shared access signature keys: "
                f"`{service.local_auth}` true or not written (ARM `disableLocalAuth` false "
                "or not written). Keys are accepted by default.",
                "SAS keys are shared secrets that grant send, listen or manage rights to "
                "whoever holds them, never expire unless rotated and leave no identity in "
                "the logs; Microsoft Entra ID authorization is scoped and revocable.",
                "",
                f"  {service.local_auth} = false\n",
            ),
            remediation="Authorize with Microsoft Entra ID and disable SAS keys.\n\n"
            + _fix(service, f"{service.local_auth} = false", '`"disableLocalAuth": true`'),
            compliance={"nist-800-53-r5": ["IA-2", "AC-2"]},
            equivalents=_equivalent(service.checkov_local),
            references=[service.reference],
        )
    )


def _public_network(service: _Service) -> Check:
    return setting_check(
        SettingRule(
            id=f"{service.prefix}-003",
            name=f"{service.slug}-public-network-access",
            title=f"{service.label} namespace is reachable from public networks",
            severity=Severity.LOW,
            category="network",
            what="public network access",
            where={
                Framework.TERRAFORM: {service.tf_type: ("public_network_access_enabled",)},
                Framework.ARM: {service.arm_type: ("properties", "publicNetworkAccess")},
            },
            expect=Disabled(default=True),
            doc=_doc(
                service,
                f"Flags {service.label} namespaces reachable from public networks: "
                "`public_network_access_enabled` (ARM `publicNetworkAccess`) true or not "
                "written, which is the default.",
                "A namespace on the internet can be used from anywhere with a leaked key; "
                "private endpoints keep messaging traffic inside your networks.",
                "",
                "  public_network_access_enabled = false\n",
            ),
            remediation="Use private endpoints and disable public network access.\n\n"
            + _fix(
                service,
                "public_network_access_enabled = false",
                '`"publicNetworkAccess": "Disabled"`',
            ),
            compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
            equivalents=_equivalent(service.checkov_public),
            references=[service.reference],
        )
    )


_EVENT_HUBS = _Service(
    prefix="IAC-AZURE-EVENTHUB",
    label="Event Hubs",
    slug="eventhub",
    tf_type="azurerm_eventhub_namespace",
    arm_type="Microsoft.EventHub/namespaces",
    local_auth="local_authentication_enabled",
    checkov_tls="CKV_AZURE_223",
    checkov_local="",
    checkov_public="",
    reference="https://learn.microsoft.com/azure/event-hubs/network-security",
)
_SERVICE_BUS = _Service(
    prefix="IAC-AZURE-SERVICEBUS",
    label="Service Bus",
    slug="servicebus",
    tf_type="azurerm_servicebus_namespace",
    arm_type="Microsoft.ServiceBus/namespaces",
    local_auth="local_auth_enabled",
    checkov_tls="CKV_AZURE_205",
    checkov_local="CKV_AZURE_203",
    checkov_public="CKV_AZURE_204",
    reference="https://learn.microsoft.com/azure/service-bus-messaging/network-security",
)

EVENTHUB_MIN_TLS_BELOW_1_2 = _min_tls(_EVENT_HUBS)
EVENTHUB_LOCAL_AUTH_ENABLED = _local_auth(_EVENT_HUBS)
EVENTHUB_PUBLIC_NETWORK_ACCESS = _public_network(_EVENT_HUBS)
SERVICEBUS_MIN_TLS_BELOW_1_2 = _min_tls(_SERVICE_BUS)
SERVICEBUS_LOCAL_AUTH_ENABLED = _local_auth(_SERVICE_BUS)
SERVICEBUS_PUBLIC_NETWORK_ACCESS = _public_network(_SERVICE_BUS)
