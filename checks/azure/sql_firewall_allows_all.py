from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.azure_fields import setting

# Every public unicast IPv4 address lies in 1.0.0.0-223.255.255.255; a range that covers it
# admits the whole internet. 0.0.0.0-0.0.0.0 is Azure's "allow Azure services" rule: narrower
# (any Azure tenant, not anyone), so it is not this check.
_FIRST_PUBLIC = ipaddress.IPv4Address("1.0.0.0")
_LAST_PUBLIC = ipaddress.IPv4Address("223.255.255.255")


@check(
    id="IAC-AZURE-SQL-001",
    name="sql-firewall-allows-all",
    title="Database server firewall rule allows the whole internet",
    severity=Severity.CRITICAL,
    category="network",
    targets={
        Framework.TERRAFORM: [
            "azurerm_mssql_firewall_rule",
            "azurerm_sql_firewall_rule",
            "azurerm_postgresql_firewall_rule",
            "azurerm_postgresql_flexible_server_firewall_rule",
            "azurerm_mysql_firewall_rule",
            "azurerm_mysql_flexible_server_firewall_rule",
            "azurerm_mariadb_firewall_rule",
            "azurerm_synapse_firewall_rule",
        ],
        Framework.ARM: [
            "Microsoft.Sql/servers/firewallRules",
            "Microsoft.DBforPostgreSQL/servers/firewallRules",
            "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
            "Microsoft.DBforMySQL/servers/firewallRules",
            "Microsoft.DBforMySQL/flexibleServers/firewallRules",
            "Microsoft.DBforMariaDB/servers/firewallRules",
            "Microsoft.Synapse/workspaces/firewallRules",
        ],
    },
    remediation="""
        Allow only the address ranges that need the database, or use a private endpoint.

        ```hcl
        resource "azurerm_mssql_firewall_rule" "office" {
          name             = "office"
          server_id        = azurerm_mssql_server.main.id
          start_ip_address = "203.0.113.0"
          end_ip_address   = "203.0.113.255"
        }
        ```
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["4.1.2"],
        "nist-800-53-r5": ["AC-3", "SC-7"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={
        "checkov": ["CKV_AZURE_11"],
        "tfsec": ["azure-database-no-public-firewall-access"],
    },
    references=[
        "https://learn.microsoft.com/azure/azure-sql/database/firewall-configure",
    ],
)
def sql_firewall_allows_all(rule: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags firewall rules of Azure SQL, PostgreSQL, MySQL, MariaDB and Synapse servers whose
    range covers every public IPv4 address, such as `0.0.0.0`-`255.255.255.255`. The special
    rule `0.0.0.0`-`0.0.0.0` ("Allow Azure services") is not reported here. Terraform
    `start_ip_address`/`end_ip_address` and ARM `startIpAddress`/`endIpAddress` are read,
    including ARM rules nested inside their server.

    ## Why is this bad?
    The firewall is the only network barrier in front of a server without a private endpoint.
    Opening it to the internet leaves the database exposed to password spraying and to any
    vulnerability in its login path.

    ## Example
    ```hcl
    resource "azurerm_mssql_firewall_rule" "all" {
      name             = "all"
      server_id        = azurerm_mssql_server.main.id
      start_ip_address = "0.0.0.0"
      end_ip_address   = "255.255.255.255"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_mssql_firewall_rule" "office" {
      name             = "office"
      server_id        = azurerm_mssql_server.main.id
      start_ip_address = "203.0.113.0"
      end_ip_address   = "203.0.113.255"
    }
    ```
    """
    start = setting(rule, terraform=["start_ip_address"], arm=("startIpAddress",))
    end = setting(rule, terraform=["end_ip_address"], arm=("endIpAddress",))
    low, high = _address(start), _address(end)
    if low is None or high is None:
        return
    if low <= _FIRST_PUBLIC and high >= _LAST_PUBLIC:
        yield Violation(
            at=end,
            message=f"firewall rule allows {start.value}-{end.value}, the whole internet",
        )


def _address(field: Field) -> ipaddress.IPv4Address | None:
    text = as_str(field.value)
    if text is None:
        return None
    try:
        return ipaddress.IPv4Address(text.strip())
    except ValueError:
        return None
