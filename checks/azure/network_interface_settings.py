"""Network interface settings: IP forwarding."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName

NIC_IP_FORWARDING_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-NETWORK-014",
        name="nic-ip-forwarding-enabled",
        title="Network interface forwards traffic not addressed to it",
        severity=Severity.LOW,
        category="network",
        what="IP forwarding",
        where={
            Framework.TERRAFORM: {"azurerm_network_interface": ("ip_forwarding_enabled",)},
            Framework.ARM: {
                "Microsoft.Network/networkInterfaces": ("properties", "enableIPForwarding"),
            },
        },
        expect=OrOlderName(Disabled(), older=(("enable_ip_forwarding",),)),
        doc=Doc(
            what_it_does="""
Flags network interfaces with IP forwarding on: `ip_forwarding_enabled = true` (azurerm v3:
`enable_ip_forwarding`; ARM `enableIPForwarding`). It is off by default. Network virtual
appliances (firewalls, routers) need it; suppress the finding for them.
""",
            why_is_this_bad="""
A VM that forwards packets can route traffic around network security groups and route
tables; a compromised host becomes a pivot between subnets.
""",
            example="""
```hcl
resource "azurerm_network_interface" "app" {
  name                  = "app-nic"
  ip_forwarding_enabled = true
}
```
""",
            use_instead="""
```hcl
resource "azurerm_network_interface" "app" {
  name = "app-nic"
}
```
""",
        ),
        remediation="""
Turn IP forwarding off except on network virtual appliances.

```hcl
resource "azurerm_network_interface" "app" {
  name                  = "app-nic"
  location              = "westeurope"
  resource_group_name   = "rg-app"
  ip_forwarding_enabled = false # enable_ip_forwarding in azurerm v3

  ip_configuration {
    name                          = "internal"
    subnet_id                     = azurerm_subnet.app.id
    private_ip_address_allocation = "Dynamic"
  }
}
```

In an ARM template set `"enableIPForwarding": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_118"]},
        references=[
            "https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface#enable-or-disable-ip-forwarding",
        ],
    )
)
