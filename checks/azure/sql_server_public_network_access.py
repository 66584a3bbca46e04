from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.azure_fields import setting
from iacscan.model.settings import forbid_enabled


@check(
    id="IAC-AZURE-SQL-002",
    name="sql-server-public-network-access",
    title="Azure SQL server accepts connections from public networks",
    severity=Severity.MEDIUM,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["azurerm_mssql_server"],
        Framework.ARM: ["Microsoft.Sql/servers"],
    },
    remediation="""
        Disable public network access and connect through a private endpoint.

        ```hcl
        resource "azurerm_mssql_server" "main" {
          name                          = "acme-sql"
          resource_group_name           = azurerm_resource_group.main.name
          location                      = "westeurope"
          version                       = "12.0"
          public_network_access_enabled = false
        }
        ```

        In an ARM template set `"publicNetworkAccess": "Disabled"` under `properties`.
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={"checkov": ["CKV_AZURE_113"], "tfsec": ["azure-database-no-public-access"]},
    references=[
        "https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings",
    ],
)
def sql_server_public_network_access(
    server: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Azure SQL logical servers whose public endpoint is enabled:
    `public_network_access_enabled` true or not written (the azurerm default is true), or ARM
    `publicNetworkAccess` `Enabled` or not written (the Azure default). `SecuredByPerimeter`
    and unknown values are not reported.

    Connections through the public endpoint are still filtered by the server's firewall rules
    (see IAC-AZURE-SQL-001); this check asks for the endpoint itself to be closed, as the
    Microsoft cloud security benchmark recommends for data services.

    ## Why is this bad?
    A public endpoint is reachable from anywhere on the internet. One overly broad firewall
    rule, or the "Allow Azure services" rule (which admits every Azure tenant), then exposes
    the database to password spraying and to any flaw in its login path.

    ## Example
    ```hcl
    resource "azurerm_mssql_server" "main" {
      name    = "acme-sql"
      version = "12.0"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_mssql_server" "main" {
      name                          = "acme-sql"
      version                       = "12.0"
      public_network_access_enabled = false
    }
    ```
    """
    access = setting(
        server, terraform=["public_network_access_enabled"], arm=("publicNetworkAccess",)
    )
    yield from forbid_enabled(access, "public network access", default=True)
