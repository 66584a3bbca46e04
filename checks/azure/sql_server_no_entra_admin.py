from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.azure_fields import attached

_SERVERS_TF = ("azurerm_mssql_server", "azurerm_sql_server")
_ADMIN_TF = "azurerm_sql_active_directory_administrator"
_ADMIN_ARM = "Microsoft.Sql/servers/administrators"


@check(
    id="IAC-AZURE-SQL-012",
    name="sql-server-no-entra-admin",
    title="Azure SQL server has no Microsoft Entra ID administrator",
    severity=Severity.MEDIUM,
    category="iam",
    targets={
        Framework.TERRAFORM: list(_SERVERS_TF),
        Framework.ARM: ["Microsoft.Sql/servers"],
    },
    remediation="""
        Name a Microsoft Entra ID group as administrator (and, ideally, allow Entra ID
        authentication only).

        ```hcl
        resource "azurerm_mssql_server" "main" {
          name    = "acme-sql"
          version = "12.0"

          azuread_administrator {
            login_username              = "sql-admins"
            object_id                   = azuread_group.sql_admins.object_id
            azuread_authentication_only = true
          }
        }
        ```

        In an ARM template set `properties.administrators` (or add a
        `Microsoft.Sql/servers/administrators` child named `<server>/ActiveDirectory`).
    """,
    compliance={"cis-azure-foundations-2.0.0": ["4.1.4"], "nist-800-53-r5": ["AC-2", "IA-2"]},
    equivalents={"checkov": ["CKV2_AZURE_7"]},
    references=[
        "https://learn.microsoft.com/azure/azure-sql/database/authentication-aad-configure",
    ],
)
def sql_server_no_entra_admin(server: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Azure SQL logical servers without a Microsoft Entra ID (Azure AD) administrator: no
    `azuread_administrator` block and no `azurerm_sql_active_directory_administrator` naming
    the server (ARM: no `properties.administrators` and no `administrators` child).

    ## Why is this bad?
    Without an Entra ID administrator only SQL logins exist: passwords stored in the
    database, no MFA, no conditional access and no central way to revoke a leaver's access.

    ## Example
    ```hcl
    resource "azurerm_mssql_server" "main" {
      name                         = "acme-sql"
      version                      = "12.0"
      administrator_login          = "sqladmin"
      administrator_login_password = var.sql_password
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_mssql_server" "main" {
      name    = "acme-sql"
      version = "12.0"

      azuread_administrator {
        login_username              = "sql-admins"
        object_id                   = azuread_group.sql_admins.object_id
        azuread_authentication_only = true
      }
    }
    ```
    """
    inline: tuple[str, ...] = ("azuread_administrator",)
    if server.framework is Framework.ARM:
        inline = ("properties", "administrators")
    if server.field(*inline).present:
        return
    child = _ADMIN_TF if server.framework is Framework.TERRAFORM else _ADMIN_ARM
    if attached(server, context.graph, child) == []:
        yield Violation(at=server, message="no Microsoft Entra ID administrator is configured")
