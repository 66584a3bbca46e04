"""Cosmos DB account settings: reachable from all networks, key-based metadata writes and
local (key) authentication (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_list, as_str, is_true
from iacscan.model.azure_fields import PerFramework, setting

_TF = "azurerm_cosmosdb_account"
_ARM = "Microsoft.DocumentDB/databaseAccounts"
_NON_NOSQL_CAPABILITIES = frozenset({"enablecassandra", "enabletable", "enablegremlin"})


def _doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "azurerm_cosmosdb_account" "main" {\n'
        '  name       = "acme-cosmos"\n'
        '  offer_type = "Standard"\n'
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


def _without_network_filter(account: Resource) -> bool:
    """True when neither an IP filter nor a virtual network filter is known to be set; an
    unknown filter counts as set, so nothing is guessed."""
    ip_filter = setting(account, terraform=["ip_range_filter"], arm=("ipRules",))
    vnet_filter = setting(
        account,
        terraform=["is_virtual_network_filter_enabled"],
        arm=("isVirtualNetworkFilterEnabled",),
    )
    if ip_filter.unknown or vnet_filter.unknown or is_true(vnet_filter.value):
        return False
    value = ip_filter.value
    return not ip_filter.present or value in ("", []) or as_list(value) == []


def _nosql_account(account: Resource) -> bool:
    """Local authentication can only be disabled for the NoSQL API (not MongoDB, Cassandra,
    Table or Gremlin accounts)."""
    kind = as_str(account.get("kind"))
    if kind is not None and kind.lower() == "mongodb":
        return False
    path = (
        ("capabilities",)
        if account.framework is Framework.TERRAFORM
        else (
            "properties",
            "capabilities",
        )
    )
    for capability in as_list(account.get(*path)):
        name = as_str(capability.get("name")) if isinstance(capability, dict) else None
        if name is not None and name.lower() in _NON_NOSQL_CAPABILITIES:
            return False
    return True


COSMOSDB_OPEN_TO_ALL_NETWORKS = setting_check(
    SettingRule(
        id="IAC-AZURE-COSMOSDB-001",
        name="cosmosdb-open-to-all-networks",
        title="Cosmos DB account accepts connections from every network",
        severity=Severity.MEDIUM,
        category="network",
        what="public network access without a firewall",
        where={
            Framework.TERRAFORM: {_TF: ("public_network_access_enabled",)},
            Framework.ARM: {_ARM: ("properties", "publicNetworkAccess")},
        },
        expect=Disabled(default=True),
        applies=_without_network_filter,
        doc=_doc(
            "Flags Cosmos DB accounts reachable from every network: public network access "
            "on (`public_network_access_enabled`, ARM `publicNetworkAccess`; on by default) "
            "with no IP firewall (`ip_range_filter`, ARM `ipRules`) and no virtual network "
            "filter (`is_virtual_network_filter_enabled`).",
            "Anyone on the internet who obtains an account key or token can read and write "
            "the data; the firewall is what keeps a leaked key from working everywhere.",
            "",
            '  ip_range_filter = ["203.0.113.0/24"]\n',
        ),
        remediation="""
Disable public network access (use private endpoints) or restrict it with a firewall.

```hcl
resource "azurerm_cosmosdb_account" "main" {
  name                          = "acme-cosmos"
  offer_type                    = "Standard"
  public_network_access_enabled = false
}
```

In an ARM template set `"publicNetworkAccess": "Disabled"` or add `ipRules` /
`"isVirtualNetworkFilterEnabled": true` under `properties`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["4.5.1"], "nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_99"]},
        references=["https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall"],
    )
)

COSMOSDB_KEY_METADATA_WRITES = setting_check(
    SettingRule(
        id="IAC-AZURE-COSMOSDB-002",
        name="cosmosdb-key-metadata-writes",
        title="Cosmos DB account keys can change databases and containers",
        severity=Severity.LOW,
        category="iam",
        what="metadata writes with account keys",
        where={
            Framework.TERRAFORM: {_TF: ("access_key_metadata_writes_enabled",)},
            Framework.ARM: {_ARM: ("properties", "disableKeyBasedMetadataWriteAccess")},
        },
        # The two formats spell the setting with opposite meanings.
        expect=PerFramework(
            {Framework.TERRAFORM: Disabled(default=True), Framework.ARM: Enabled()}
        ),
        doc=_doc(
            "Flags Cosmos DB accounts whose keys may create, change or delete databases and "
            "containers: `access_key_metadata_writes_enabled` true or not written (ARM "
            "`disableKeyBasedMetadataWriteAccess` false or not written).",
            "Account keys are shared by applications; if one leaks, the holder can drop or "
            "reconfigure every container. Restricting metadata changes to Azure Resource "
            "Manager puts them behind RBAC and the activity log.",
            "",
            "  access_key_metadata_writes_enabled = false\n",
        ),
        remediation="""
Allow metadata changes only through Azure Resource Manager.

```hcl
resource "azurerm_cosmosdb_account" "main" {
  name                               = "acme-cosmos"
  offer_type                         = "Standard"
  access_key_metadata_writes_enabled = false
}
```

In an ARM template set `"disableKeyBasedMetadataWriteAccess": true` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
        equivalents={"checkov": ["CKV_AZURE_132"]},
        references=[
            "https://learn.microsoft.com/azure/cosmos-db/role-based-access-control#prevent-sdk-changes",
        ],
    )
)

COSMOSDB_LOCAL_AUTH_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-COSMOSDB-003",
        name="cosmosdb-local-auth-enabled",
        title="Cosmos DB account accepts account keys for data access",
        severity=Severity.LOW,
        category="iam",
        what="disabling local authentication",
        where={
            Framework.TERRAFORM: {_TF: ("local_authentication_disabled",)},
            Framework.ARM: {_ARM: ("properties", "disableLocalAuth")},
        },
        expect=Enabled(),
        applies=_nosql_account,
        doc=_doc(
            "Flags NoSQL API Cosmos DB accounts that accept account keys: "
            "`local_authentication_disabled` (ARM `disableLocalAuth`) false or not written. "
            "MongoDB, Cassandra, Table and Gremlin accounts cannot disable keys and are "
            "skipped.",
            "Account keys grant full data access, never expire and leave no identity in the "
            "logs; Microsoft Entra ID with data-plane RBAC is scoped and revocable.",
            "",
            "  local_authentication_disabled = true\n",
        ),
        remediation="""
Use Microsoft Entra ID data-plane RBAC and disable key authentication.

```hcl
resource "azurerm_cosmosdb_account" "main" {
  name                          = "acme-cosmos"
  offer_type                    = "Standard"
  local_authentication_disabled = true
}
```

In an ARM template set `"disableLocalAuth": true` under `properties`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["4.5.3"], "nist-800-53-r5": ["IA-2", "AC-2"]},
        equivalents={"checkov": ["CKV_AZURE_140"]},
        references=["https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac"],
    )
)
