"""SSH and RDP open to the internet through a network security group: one rule each, built
from one table row by `_admin_port_check`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.azure_network import (
    NSG_TYPES,
    allows_from_internet,
    rules_of,
    shadowed_by_deny,
)

_DOC = """
## What it does
Flags network security group rules that allow inbound {service} (TCP port {port}) from the
whole internet: direction `Inbound`, access `Allow`, protocol `Tcp` or `*`, a source of `*`,
`0.0.0.0/0`, `Internet` or `Any` (in `source_address_prefix` or `source_address_prefixes`),
and a destination port range that includes {port} (`{port}`, a range such as `{low}-{high}`,
`*`, or an element of `destination_port_ranges`). Inline `security_rule` blocks, separate
`azurerm_network_security_rule` resources and both ARM forms are read. A rule is not reported
when a Deny rule of the same group with a lower priority number already blocks port {port}
from the internet, or when any deciding value is unknown.

## Why is this bad?
{service} endpoints reachable from the internet are scanned and brute-forced within minutes
of creation, and are a common entry point for ransomware and credential attacks.

## Example
```hcl
security_rule {{
  name                       = "{service_lower}"
  priority                   = 100
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "Tcp"
  source_port_range          = "*"
  destination_port_range     = "{port}"
  source_address_prefix      = "*"
  destination_address_prefix = "*"
}}
```

## Use instead
```hcl
security_rule {{
  name                       = "{service_lower}-from-office"
  priority                   = 100
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "Tcp"
  source_port_range          = "*"
  destination_port_range     = "{port}"
  source_address_prefix      = "203.0.113.0/24"
  destination_address_prefix = "*"
}}
```
"""

_REMEDIATION = """
Allow {service} only from known address ranges, or reach the machines through Azure Bastion or
a VPN instead.

```hcl
resource "azurerm_network_security_rule" "{service_lower}" {{
  name                        = "{service_lower}-from-office"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "{port}"
  source_address_prefix       = "203.0.113.0/24"
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.main.name
  network_security_group_name = azurerm_network_security_group.main.name
}}
```
"""


@dataclass(frozen=True)
class _Row:
    id: str
    service: str
    port: int
    cis: str
    checkov: str
    tfsec: str


def _admin_port_check(row: _Row) -> Check:
    def nsg_admin_port_open(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        for rule in rules_of(resource):
            source = allows_from_internet(rule, row.port)
            if source is None or shadowed_by_deny(rule, row.port, context.graph):
                continue
            yield Violation(
                at=source,
                message=f"rule {rule.name!r} allows {row.service} (port {row.port}) "
                f"from {source.value!r}",
            )

    nsg_admin_port_open.__doc__ = _DOC.format(
        service=row.service,
        service_lower=row.service.lower(),
        port=row.port,
        low=row.port - 2,
        high=row.port + 3,
    )
    return check(
        id=row.id,
        name=f"nsg-{row.service.lower()}-open-to-internet",
        title=f"Network security group allows {row.service} from the internet",
        severity=Severity.HIGH,
        category="network",
        targets=NSG_TYPES,
        remediation=_REMEDIATION.format(
            service=row.service, service_lower=row.service.lower(), port=row.port
        ),
        compliance={
            "cis-azure-foundations-2.0.0": [row.cis],
            "nist-800-53-r5": ["AC-17", "SC-7"],
            "pci-dss-4.0": ["1.3.1"],
        },
        equivalents={"checkov": [row.checkov], "tfsec": [row.tfsec]},
        references=[
            "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        ],
    )(nsg_admin_port_open)


NSG_SSH_OPEN_TO_INTERNET = _admin_port_check(
    _Row(
        "IAC-AZURE-NETWORK-001",
        "SSH",
        22,
        "6.2",
        "CKV_AZURE_10",
        "azure-network-ssh-blocked-from-internet",
    )
)
NSG_RDP_OPEN_TO_INTERNET = _admin_port_check(
    _Row(
        "IAC-AZURE-NETWORK-002",
        "RDP",
        3389,
        "6.1",
        "CKV_AZURE_9",
        "azure-network-disable-rdp-from-internet",
    )
)
