"""Data Factory settings: public network access."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.graph.model import Framework

DATA_FACTORY_PUBLIC_NETWORK_ACCESS = setting_check(
    SettingRule(
        id="IAC-AZURE-DATAFACTORY-001",
        name="data-factory-public-network-access",
        title="Data Factory is reachable from public networks",
        severity=Severity.LOW,
        category="network",
        what="public network access",
        where={
            Framework.TERRAFORM: {"azurerm_data_factory": ("public_network_enabled",)},
            Framework.ARM: {
                "Microsoft.DataFactory/factories": ("properties", "publicNetworkAccess")
            },
        },
        expect=Disabled(default=True),
        doc=Doc(
            what_it_does="""
Flags data factories reachable from public networks: `public_network_enabled` (ARM
`publicNetworkAccess`) true or not written, which is the default.
""",
            why_is_this_bad="""
A factory's integration runtimes and linked services hold credentials for many data stores;
exposing its endpoints to the internet widens who can attempt to use them. Private
endpoints keep authoring and runtime traffic on your networks.
""",
            example="""
```hcl
resource "azurerm_data_factory" "main" {
  name                = "acme-adf"
  location            = "westeurope"
  resource_group_name = "rg-data"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_data_factory" "main" {
  name                   = "acme-adf"
  location               = "westeurope"
  resource_group_name    = "rg-data"
  public_network_enabled = false
}
```
""",
        ),
        remediation="""
Use private endpoints and disable public network access.

```hcl
resource "azurerm_data_factory" "main" {
  name                   = "acme-adf"
  location               = "westeurope"
  resource_group_name    = "rg-data"
  public_network_enabled = false
}
```

In an ARM template set `"publicNetworkAccess": "Disabled"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_104"]},
        references=["https://learn.microsoft.com/azure/data-factory/data-factory-private-link"],
    )
)
