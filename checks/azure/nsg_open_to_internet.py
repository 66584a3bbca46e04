"""More network security group exposures to the internet, over the shared NSG rule model
(`iacscan.model.azure_network`): UDP services, every port, database ports and remote-access
services. SSH and RDP are `nsg_admin_port_open_to_internet`."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.azure_network import (
    ANY_PROTOCOL,
    NSG_TYPES,
    allows_from_internet,
    internet_source,
    opens_all_ports,
    rules_of,
    shadowed_by_deny,
)

DATABASE_PORTS = {
    1433: "SQL Server",
    1521: "Oracle",
    3306: "MySQL",
    5432: "PostgreSQL",
    6379: "Redis",
    9042: "Cassandra",
    9200: "Elasticsearch",
    27017: "MongoDB",
}
REMOTE_SERVICE_PORTS = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    445: "SMB",
    5900: "VNC",
    5985: "WinRM",
    5986: "WinRM over HTTPS",
}
_NIST = {"nist-800-53-r5": ["AC-4", "SC-7"], "pci-dss-4.0": ["1.3.1"]}
_REFERENCES = ["https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview"]
_REMEDIATION = """
    Allow the traffic only from the networks that need it (a virtual network, a private
    endpoint, a known office range), never from `*`, `Internet` or `0.0.0.0/0`.

    ```hcl
    security_rule {
      name                       = "app-from-vnet"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "5432"
      source_address_prefix      = "VirtualNetwork"
      destination_address_prefix = "*"
    }
    ```
"""


@check(
    id="IAC-AZURE-NETWORK-010",
    name="nsg-udp-open-to-internet",
    title="Network security group allows UDP from the internet",
    severity=Severity.MEDIUM,
    category="network",
    targets=NSG_TYPES,
    remediation=_REMEDIATION,
    compliance={"cis-azure-foundations-2.0.0": ["6.3"], **_NIST},
    equivalents={"checkov": ["CKV_AZURE_77"]},
    references=_REFERENCES,
)
def nsg_udp_open_to_internet(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags network security group rules that allow inbound UDP (protocol `Udp`) on any port
    from the whole internet (a source of `*`, `0.0.0.0/0`, `Internet` or `Any`). Inline
    `security_rule` blocks, separate `azurerm_network_security_rule` resources and both ARM
    forms are read; unknown values are not reported. Rules for every protocol (`*`) are left
    to the port-specific checks.

    ## Why is this bad?
    UDP services (DNS, NTP, SNMP, CLDAP, memcached) exposed to the internet are abused for
    reflection and amplification DDoS attacks and leak information; UDP has no handshake, so
    spoofed sources pass.

    ## Example
    ```hcl
    security_rule {
      name                       = "dns"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Udp"
      source_port_range          = "*"
      destination_port_range     = "53"
      source_address_prefix      = "*"
      destination_address_prefix = "*"
    }
    ```

    ## Use instead
    ```hcl
    security_rule {
      name                       = "dns-from-vnet"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Udp"
      source_port_range          = "*"
      destination_port_range     = "53"
      source_address_prefix      = "VirtualNetwork"
      destination_address_prefix = "*"
    }
    ```
    """
    for rule in rules_of(resource):
        source = internet_source(rule, frozenset({"udp"}))
        if source is not None:
            yield Violation(
                at=source, message=f"rule {rule.name!r} allows UDP from {source.value!r}"
            )


@check(
    id="IAC-AZURE-NETWORK-011",
    name="nsg-all-ports-open-to-internet",
    title="Network security group allows every port from the internet",
    severity=Severity.HIGH,
    category="network",
    targets=NSG_TYPES,
    remediation=_REMEDIATION,
    compliance=_NIST,
    references=_REFERENCES,
)
def nsg_all_ports_open_to_internet(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags network security group rules that allow inbound traffic on every port (`*`,
    `0-65535`) from the whole internet (a source of `*`, `0.0.0.0/0`, `Internet` or `Any`),
    for any protocol. Unknown values are not reported.

    ## Why is this bad?
    Every service on the protected hosts, including management, database and debug ports
    nobody meant to publish, becomes reachable by anyone scanning the internet.

    ## Example
    ```hcl
    security_rule {
      name                       = "any"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "*"
      source_port_range          = "*"
      destination_port_range     = "*"
      source_address_prefix      = "*"
      destination_address_prefix = "*"
    }
    ```

    ## Use instead
    ```hcl
    security_rule {
      name                       = "any-from-vnet"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "*"
      source_port_range          = "*"
      destination_port_range     = "*"
      source_address_prefix      = "VirtualNetwork"
      destination_address_prefix = "*"
    }
    ```
    """
    for rule in rules_of(resource):
        source = internet_source(rule, ANY_PROTOCOL)
        if source is not None and opens_all_ports(rule):
            yield Violation(
                at=source,
                message=f"rule {rule.name!r} allows every port from {source.value!r}",
            )


@check(
    id="IAC-AZURE-NETWORK-012",
    name="nsg-database-port-open-to-internet",
    title="Network security group allows a database port from the internet",
    severity=Severity.HIGH,
    category="network",
    targets=NSG_TYPES,
    remediation=_REMEDIATION,
    compliance=_NIST,
    references=_REFERENCES,
)
def nsg_database_port_open_to_internet(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags network security group rules that allow a database port over TCP from the whole
    internet: SQL Server 1433, Oracle 1521, MySQL 3306, PostgreSQL 5432, Redis 6379,
    Cassandra 9042, Elasticsearch 9200, MongoDB 27017 (a single port, a range, or an element
    of `destination_port_ranges`). A port is not reported when a Deny rule of the same group
    with a lower priority number blocks it from the internet; rules that open every port are
    reported by IAC-AZURE-NETWORK-011 instead. Unknown values are not reported.

    ## Why is this bad?
    Databases reachable from the internet are found by scanners within hours and attacked
    with credential stuffing and known exploits; exposed Redis, MongoDB and Elasticsearch
    instances are a leading cause of data leaks.

    ## Example
    ```hcl
    security_rule {
      name                       = "postgres"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "5432"
      source_address_prefix      = "*"
      destination_address_prefix = "*"
    }
    ```

    ## Use instead
    ```hcl
    security_rule {
      name                       = "postgres-from-vnet"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "5432"
      source_address_prefix      = "VirtualNetwork"
      destination_address_prefix = "*"
    }
    ```
    """
    yield from _named_ports_open(resource, context, DATABASE_PORTS)


def _named_ports_open(
    resource: Resource, context: CheckContext, ports: dict[int, str]
) -> Iterator[Violation]:
    """One violation per rule naming every port of `ports` it opens to the internet over
    TCP and that no higher-priority deny rule blocks; rules that open every port are left to
    IAC-AZURE-NETWORK-011."""
    for rule in rules_of(resource):
        if opens_all_ports(rule):
            continue
        open_ports = [
            port
            for port in ports
            if allows_from_internet(rule, port) is not None
            and not shadowed_by_deny(rule, port, context.graph)
        ]
        source = allows_from_internet(rule, open_ports[0]) if open_ports else None
        if source is not None:
            names = ", ".join(f"{ports[p]} ({p})" for p in open_ports)
            yield Violation(
                at=source, message=f"rule {rule.name!r} allows {names} from {source.value!r}"
            )


@check(
    id="IAC-AZURE-NETWORK-015",
    name="nsg-remote-service-port-open-to-internet",
    title="Network security group allows FTP, Telnet, SMB, VNC or WinRM from the internet",
    severity=Severity.HIGH,
    category="network",
    targets=NSG_TYPES,
    remediation=_REMEDIATION,
    compliance=_NIST,
    references=_REFERENCES,
)
def nsg_remote_service_port_open_to_internet(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags network security group rules that allow, over TCP from the whole internet, a
    remote-access or file-sharing service: FTP (20, 21), Telnet (23), SMB (445), VNC (5900)
    or WinRM (5985, 5986). A port is not reported when a Deny rule of the same group with a
    lower priority number blocks it; rules that open every port are reported by
    IAC-AZURE-NETWORK-011, SSH and RDP by IAC-AZURE-NETWORK-001/002. Unknown values are not
    reported.

    ## Why is this bad?
    FTP and Telnet send credentials in clear text; SMB, VNC and WinRM are favourite targets
    of ransomware and worms and are brute-forced constantly.

    ## Example
    ```hcl
    security_rule {
      name                       = "winrm"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "5985-5986"
      source_address_prefix      = "*"
      destination_address_prefix = "*"
    }
    ```

    ## Use instead
    ```hcl
    security_rule {
      name                       = "winrm-from-vnet"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "5986"
      source_address_prefix      = "VirtualNetwork"
      destination_address_prefix = "*"
    }
    ```
    """
    yield from _named_ports_open(resource, context, REMOTE_SERVICE_PORTS)
