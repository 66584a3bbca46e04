from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str, is_false
from iacscan.model.azure_fields import attached

_SERVERS_TF = ("azurerm_mssql_server", "azurerm_sql_server")
_POLICY_TF = "azurerm_mssql_server_extended_auditing_policy"
_SERVER_ARM = "Microsoft.Sql/servers"
_POLICIES_ARM = (
    "Microsoft.Sql/servers/auditingSettings",
    "Microsoft.Sql/servers/extendedAuditingSettings",
)


@check(
    id="IAC-AZURE-SQL-011",
    name="sql-server-auditing-disabled",
    title="Azure SQL server does not audit database activity",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: [*_SERVERS_TF, _POLICY_TF],
        Framework.ARM: [_SERVER_ARM, *_POLICIES_ARM],
    },
    remediation="""
        Give the server an auditing policy that is enabled.

        ```hcl
        resource "azurerm_mssql_server_extended_auditing_policy" "main" {
          server_id              = azurerm_mssql_server.main.id
          log_monitoring_enabled = true
          retention_in_days      = 90
        }
        ```

        In an ARM template add a `Microsoft.Sql/servers/auditingSettings` child (name
        `<server>/default`) with `"state": "Enabled"`.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["4.1.1"],
        "nist-800-53-r5": ["AU-2", "AU-12"],
        "pci-dss-4.0": ["10.2.1"],
    },
    equivalents={"checkov": ["CKV_AZURE_23"], "tfsec": ["azure-database-enable-audit"]},
    references=["https://learn.microsoft.com/azure/azure-sql/database/auditing-overview"],
)
def sql_server_auditing_disabled(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Azure SQL logical servers without auditing: no inline `extended_auditing_policy`
    block and no `azurerm_mssql_server_extended_auditing_policy` naming the server (ARM: no
    `auditingSettings` or `extendedAuditingSettings` child), and auditing policies that are
    switched off (`enabled = false`, ARM `"state": "Disabled"`). An ARM policy whose server
    cannot be told is taken as possibly the server's, so nothing is reported then.

    ## Why is this bad?
    Without auditing there is no record of who logged in, what was queried or changed, and no
    way to investigate a breach or prove compliance.

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
      name    = "acme-sql"
      version = "12.0"
    }

    resource "azurerm_mssql_server_extended_auditing_policy" "main" {
      server_id              = azurerm_mssql_server.main.id
      log_monitoring_enabled = true
    }
    ```
    """
    if resource.type == _POLICY_TF:
        enabled = resource.field("enabled")
        if is_false(enabled.value):
            yield Violation(at=enabled, message="the auditing policy is disabled")
        return
    if resource.framework is Framework.ARM and resource.type.lower() != _SERVER_ARM.lower():
        state = resource.field("properties", "state")
        text = as_str(state.value)
        if not state.present:
            yield Violation(at=state, message="the auditing state is not set (Disabled)")
        elif text is not None and text.strip().lower() != "enabled":
            yield Violation(at=state, message=f"the auditing state is {text!r}")
        return
    if resource.field("extended_auditing_policy").present:
        return
    types = (_POLICY_TF,) if resource.framework is Framework.TERRAFORM else _POLICIES_ARM
    policies = attached(resource, context.graph, *types)
    if policies == []:
        yield Violation(at=resource, message="no auditing policy is configured for the server")
