"""Azure SQL settings: minimum TLS version, transparent data encryption, threat detection and
audit retention (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, NoneOf, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import PerFramework, RetentionAtLeast

_SERVER_TF = "azurerm_mssql_server"
_SERVER_ARM = "Microsoft.Sql/servers"

SQL_SERVER_MIN_TLS_BELOW_1_2 = setting_check(
    SettingRule(
        id="IAC-AZURE-SQL-010",
        name="sql-server-min-tls-below-1-2",
        title="Azure SQL server accepts TLS versions older than 1.2",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the minimum TLS version",
        where={
            Framework.TERRAFORM: {_SERVER_TF: ("minimum_tls_version",)},
            Framework.ARM: {_SERVER_ARM: ("properties", "minimalTlsVersion")},
        },
        expect=PerFramework(
            {
                Framework.TERRAFORM: NoneOf(frozenset({"1.0", "1.1", "Disabled"})),
                Framework.ARM: OneOf(frozenset({"1.2", "1.3"})),
            }
        ),
        doc=Doc(
            what_it_does="""
Flags Azure SQL logical servers that accept TLS 1.0 or 1.1: `minimum_tls_version` of
`"1.0"`, `"1.1"` or `"Disabled"` (no minimum). In Terraform an unwritten value is `"1.2"`
(the azurerm default since v3.0). In ARM an unwritten `minimalTlsVersion` (or `"None"`)
accepts every TLS version, so it is reported.
""",
            why_is_this_bad="""
TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); clients that still use
them can be downgraded and their database traffic read.
""",
            example="""
```hcl
resource "azurerm_mssql_server" "main" {
  name                = "acme-sql"
  version             = "12.0"
  minimum_tls_version = "1.0"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_mssql_server" "main" {
  name                = "acme-sql"
  version             = "12.0"
  minimum_tls_version = "1.2"
}
```
""",
        ),
        remediation="""
Require TLS 1.2 or later.

```hcl
resource "azurerm_mssql_server" "main" {
  name                = "acme-sql"
  version             = "12.0"
  minimum_tls_version = "1.2"
}
```

In an ARM template set `"minimalTlsVersion": "1.2"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={"checkov": ["CKV_AZURE_52"], "tfsec": ["azure-database-secure-tls-policy"]},
        references=[
            "https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#minimal-tls-version",
        ],
    )
)

SQL_DATABASE_TDE_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-SQL-013",
        name="sql-database-tde-disabled",
        title="Azure SQL database has transparent data encryption turned off",
        severity=Severity.HIGH,
        category="encryption",
        what="transparent data encryption",
        where={
            Framework.TERRAFORM: {
                "azurerm_mssql_database": ("transparent_data_encryption_enabled",)
            },
            Framework.ARM: {
                "Microsoft.Sql/servers/databases/transparentDataEncryption": (
                    "properties",
                    "state",
                ),
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags Azure SQL databases whose transparent data encryption is turned off:
`transparent_data_encryption_enabled = false`, or an ARM `transparentDataEncryption`
resource with `"state": "Disabled"`. TDE is on by default, so an unwritten setting is fine.
""",
            why_is_this_bad="""
Without TDE the database files, backups and transaction logs are stored unencrypted; anyone
who gets a copy of them reads the data.
""",
            example="""
```hcl
resource "azurerm_mssql_database" "app" {
  name                                = "app"
  server_id                           = azurerm_mssql_server.main.id
  transparent_data_encryption_enabled = false
}
```
""",
            use_instead="""
```hcl
resource "azurerm_mssql_database" "app" {
  name      = "app"
  server_id = azurerm_mssql_server.main.id
}
```
""",
        ),
        remediation="""
Leave transparent data encryption on (the default).

```hcl
resource "azurerm_mssql_database" "app" {
  name                                = "app"
  server_id                           = azurerm_mssql_server.main.id
  transparent_data_encryption_enabled = true
}
```

In an ARM template set `"state": "Enabled"` on the `transparentDataEncryption` resource.
""",
        compliance={
            "cis-azure-foundations-2.0.0": ["4.1.5"],
            "nist-800-53-r5": ["SC-28"],
            "pci-dss-4.0": ["3.5.1"],
        },
        equivalents={"checkov": ["CKV2_AZURE_25"]},
        references=[
            "https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-tde-overview",
        ],
    )
)

SQL_THREAT_DETECTION_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-SQL-014",
        name="sql-threat-detection-disabled",
        title="Azure SQL server security alert policy is disabled",
        severity=Severity.MEDIUM,
        category="logging",
        what="the security alert policy",
        where={
            Framework.TERRAFORM: {"azurerm_mssql_server_security_alert_policy": ("state",)},
            Framework.ARM: {"Microsoft.Sql/servers/securityAlertPolicies": ("properties", "state")},
        },
        expect=OneOf(frozenset({"Enabled"})),
        doc=Doc(
            what_it_does="""
Flags Azure SQL security alert policies (Advanced Threat Protection) that are written but
switched off: `state` other than `"Enabled"` on
`azurerm_mssql_server_security_alert_policy` (ARM `securityAlertPolicies`).
""",
            why_is_this_bad="""
Threat detection alerts on SQL injection, brute-force logins and access from unusual
locations; with it disabled those attacks go unnoticed.
""",
            example="""
```hcl
resource "azurerm_mssql_server_security_alert_policy" "main" {
  resource_group_name = "rg-data"
  server_name         = azurerm_mssql_server.main.name
  state               = "Disabled"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_mssql_server_security_alert_policy" "main" {
  resource_group_name = "rg-data"
  server_name         = azurerm_mssql_server.main.name
  state               = "Enabled"
}
```
""",
        ),
        remediation="""
Enable the security alert policy.

```hcl
resource "azurerm_mssql_server_security_alert_policy" "main" {
  resource_group_name = "rg-data"
  server_name         = azurerm_mssql_server.main.name
  state               = "Enabled"
}
```

In an ARM template set `"state": "Enabled"` on the `securityAlertPolicies` resource.
""",
        compliance={"nist-800-53-r5": ["SI-4", "AU-6"]},
        references=[
            "https://learn.microsoft.com/azure/azure-sql/database/threat-detection-overview",
        ],
    )
)

SQL_AUDIT_RETENTION_TOO_SHORT = setting_check(
    SettingRule(
        id="IAC-AZURE-SQL-015",
        name="sql-audit-retention-too-short",
        title="Azure SQL audit logs are kept for less than 90 days",
        severity=Severity.LOW,
        category="logging",
        what="the audit retention",
        where={
            Framework.TERRAFORM: {
                "azurerm_mssql_server_extended_auditing_policy": ("retention_in_days",),
                "azurerm_mssql_database_extended_auditing_policy": ("retention_in_days",),
            },
            Framework.ARM: {
                "Microsoft.Sql/servers/auditingSettings": ("properties", "retentionDays"),
                "Microsoft.Sql/servers/databases/auditingSettings": (
                    "properties",
                    "retentionDays",
                ),
            },
        },
        expect=RetentionAtLeast(90),
        doc=Doc(
            what_it_does="""
Flags Azure SQL auditing policies that delete audit records after fewer than 90 days:
`retention_in_days` (ARM `retentionDays`) between 1 and 89. Zero or an unwritten value keeps
the records forever and is not reported.
""",
            why_is_this_bad="""
Intrusions are often discovered months later; audit records deleted before then cannot show
what an attacker read or changed.
""",
            example="""
```hcl
resource "azurerm_mssql_server_extended_auditing_policy" "main" {
  server_id         = azurerm_mssql_server.main.id
  storage_endpoint  = azurerm_storage_account.audit.primary_blob_endpoint
  retention_in_days = 30
}
```
""",
            use_instead="""
```hcl
resource "azurerm_mssql_server_extended_auditing_policy" "main" {
  server_id         = azurerm_mssql_server.main.id
  storage_endpoint  = azurerm_storage_account.audit.primary_blob_endpoint
  retention_in_days = 90
}
```
""",
        ),
        remediation="""
Keep audit records for at least 90 days (0 keeps them forever).

```hcl
resource "azurerm_mssql_server_extended_auditing_policy" "main" {
  server_id         = azurerm_mssql_server.main.id
  storage_endpoint  = azurerm_storage_account.audit.primary_blob_endpoint
  retention_in_days = 90
}
```

In an ARM template set `"retentionDays": 90` on the `auditingSettings` resource.
""",
        compliance={"cis-azure-foundations-2.0.0": ["4.1.6"], "nist-800-53-r5": ["AU-11"]},
        equivalents={"checkov": ["CKV_AZURE_24"]},
        references=["https://learn.microsoft.com/azure/azure-sql/database/auditing-overview"],
    )
)
