"""Cloud SQL instance settings: automated backups and public IP (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_sql import INSTANCE_TYPE, is_replica

_HEAD = (
    'resource "google_sql_database_instance" "main" {\n'
    '  name             = "acme-db"\n'
    '  database_version = "POSTGRES_15"\n\n'
    "  settings {\n"
    '    tier = "db-custom-2-7680"\n'
)


def _not_replica(instance: Resource) -> bool:
    return is_replica(instance) is False


SQL_BACKUPS_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-SQL-011",
        name="sql-backups-disabled",
        title="Cloud SQL instance has automated backups turned off",
        severity=Severity.MEDIUM,
        category="logging",
        what="automated backups",
        where={
            Framework.TERRAFORM: {
                INSTANCE_TYPE: ("settings", 0, "backup_configuration", 0, "enabled"),
            },
        },
        expect=Enabled(),
        applies=_not_replica,
        doc=Doc(
            "Flags Cloud SQL instances without automated backups: "
            "`settings.backup_configuration.enabled` false or not written (the provider "
            "default is off). Read replicas (`master_instance_name`) are skipped.",
            "Without backups a dropped table, a bad migration or ransomware is unrecoverable.",
            f"```hcl\n{_HEAD}  }}\n}}\n```",
            f"```hcl\n{_HEAD}\n    backup_configuration {{\n"
            "      enabled                        = true\n"
            "      point_in_time_recovery_enabled = true\n    }\n  }\n}\n```",
        ),
        remediation="""
Turn on automated backups (and point-in-time recovery).

```hcl
backup_configuration {
  enabled                        = true
  point_in_time_recovery_enabled = true
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["6.7"], "nist-800-53-r5": ["CP-9"]},
        equivalents={"checkov": ["CKV_GCP_14"]},
        references=["https://cloud.google.com/sql/docs/postgres/backup-recovery/backups"],
    )
)

SQL_PUBLIC_IP = setting_check(
    SettingRule(
        id="IAC-GCP-SQL-012",
        name="sql-public-ip",
        title="Cloud SQL instance has a public IP address",
        severity=Severity.MEDIUM,
        category="network",
        what="a public IPv4 address",
        where={
            Framework.TERRAFORM: {
                INSTANCE_TYPE: ("settings", 0, "ip_configuration", 0, "ipv4_enabled"),
            },
        },
        expect=Disabled(default=True),
        doc=Doc(
            "Flags Cloud SQL instances with a public IPv4 address: "
            "`settings.ip_configuration.ipv4_enabled` true or not written (the default is "
            "true).",
            "A public address exposes the database endpoint to the internet; one too-wide "
            "authorized network or a leaked password is then enough to reach the data. A "
            "private IP keeps it on your VPC.",
            f"```hcl\n{_HEAD}  }}\n}}\n```",
            f"```hcl\n{_HEAD}\n    ip_configuration {{\n      ipv4_enabled    = false\n"
            "      private_network = google_compute_network.main.id\n    }\n  }\n}\n```",
        ),
        remediation="""
Use a private IP only.

```hcl
ip_configuration {
  ipv4_enabled    = false
  private_network = google_compute_network.main.id
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["6.6"], "nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_GCP_60"]},
        references=["https://cloud.google.com/sql/docs/postgres/configure-private-ip"],
    )
)
