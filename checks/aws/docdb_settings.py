"""DocumentDB cluster settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, Contains

_DOCS = "https://docs.aws.amazon.com/documentdb/latest/developerguide"
_INHERITED = ("snapshot_identifier", "global_cluster_identifier", "restore_to_point_in_time")
_CFN_INHERITED = ("SnapshotIdentifier", "RestoreToTime", "SourceDBClusterIdentifier")


def _own_storage(cluster: Resource) -> bool:
    """A cluster that does not take its encryption from a snapshot, a source cluster or a
    global cluster."""
    keys = _CFN_INHERITED if cluster.framework is CLOUDFORMATION else _INHERITED
    return not any(cluster.field(key).present for key in keys)


docdb_storage_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-DOCDB-001",
        name="docdb-storage-unencrypted",
        title="DocumentDB cluster storage is not encrypted",
        severity=Severity.HIGH,
        category="encryption",
        what="storage encryption",
        where={
            TERRAFORM: {"aws_docdb_cluster": ("storage_encrypted",)},
            CLOUDFORMATION: {"AWS::DocDB::DBCluster": ("StorageEncrypted",)},
        },
        expect=Enabled(default=False),
        applies=_own_storage,
        doc=Doc(
            what_it_does="""
Flags DocumentDB clusters without storage encryption: `storage_encrypted` (CloudFormation
`StorageEncrypted`) false or unwritten (the default is off). Clusters restored from a
snapshot or point in time, or joined to a global cluster (they take the source's
encryption), and unknown values are not reported.""",
            why_is_this_bad="""
The documents, indexes, backups and snapshots are stored in the clear, and encryption cannot
be turned on for an existing cluster.""",
            example="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
  master_username    = "admin"
}
```""",
            use_instead="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
  master_username    = "admin"
  storage_encrypted  = true
  kms_key_id         = aws_kms_key.docdb.arn
}
```""",
        ),
        remediation="""
Create the cluster encrypted (restore an encrypted copy of a snapshot to migrate).

```hcl
resource "aws_docdb_cluster" "catalog" {
  storage_encrypted = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_74"],
            "tfsec": ["aws-documentdb-enable-storage-encryption"],
        },
        references=[f"{_DOCS}/encryption-at-rest.html"],
    )
)

docdb_audit_logs_not_exported = setting_check(
    SettingRule(
        id="IAC-AWS-DOCDB-002",
        name="docdb-audit-logs-not-exported",
        title="DocumentDB cluster does not export audit logs",
        severity=Severity.MEDIUM,
        category="logging",
        what="CloudWatch Logs exports",
        where={
            TERRAFORM: {"aws_docdb_cluster": ("enabled_cloudwatch_logs_exports",)},
            CLOUDFORMATION: {"AWS::DocDB::DBCluster": ("EnableCloudwatchLogsExports",)},
        },
        expect=Contains("audit"),
        doc=Doc(
            what_it_does="""
Flags DocumentDB clusters whose `enabled_cloudwatch_logs_exports` (CloudFormation
`EnableCloudwatchLogsExports`) does not include `audit` (nothing is exported by default).
Unknown values, and lists with an unknown element, are not reported.""",
            why_is_this_bad="""
Audit logs record authentication, authorisation failures and schema changes. Without them
in CloudWatch Logs, nobody can tell who connected or what they changed.""",
            example="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
}
```""",
            use_instead="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier              = "catalog"
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}
```""",
        ),
        remediation="""
Export audit logs (and turn `audit_logs` on in the cluster parameter group).

```hcl
resource "aws_docdb_cluster" "catalog" {
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}
```""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_85"], "tfsec": ["aws-documentdb-enable-log-export"]},
        references=[f"{_DOCS}/event-auditing.html"],
    )
)

docdb_deletion_protection_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-DOCDB-004",
        name="docdb-deletion-protection-disabled",
        title="DocumentDB cluster can be deleted without turning off deletion protection",
        severity=Severity.LOW,
        category="resilience",
        what="deletion protection",
        where={
            TERRAFORM: {"aws_docdb_cluster": ("deletion_protection",)},
            CLOUDFORMATION: {"AWS::DocDB::DBCluster": ("DeletionProtection",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags DocumentDB clusters without deletion protection: `deletion_protection`
(CloudFormation `DeletionProtection`) false or unwritten (the default is off). Unknown values
are not reported.""",
            why_is_this_bad="""
A single API call, a mistaken `terraform destroy` or a stack rollback deletes the cluster
and its automated backups.""",
            example="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
}
```""",
            use_instead="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier  = "catalog"
  deletion_protection = true
}
```""",
        ),
        remediation="""
Turn deletion protection on.

```hcl
resource "aws_docdb_cluster" "catalog" {
  deletion_protection = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-12"]},
        references=[f"{_DOCS}/db-cluster-delete.html"],
    )
)

docdb_backup_retention_short = setting_check(
    SettingRule(
        id="IAC-AWS-DOCDB-006",
        name="docdb-backup-retention-short",
        title="DocumentDB cluster keeps backups for less than 7 days",
        severity=Severity.LOW,
        category="resilience",
        what="backup retention (days)",
        where={
            TERRAFORM: {"aws_docdb_cluster": ("backup_retention_period",)},
            CLOUDFORMATION: {"AWS::DocDB::DBCluster": ("BackupRetentionPeriod",)},
        },
        expect=AtLeast(7),
        doc=Doc(
            what_it_does="""
Flags DocumentDB clusters whose `backup_retention_period` (CloudFormation
`BackupRetentionPeriod`) is below 7 days or unwritten (the default is 1 day). Unknown values
are not reported.""",
            why_is_this_bad="""
With one day of backups, corruption or a bad deletion noticed after the weekend can no
longer be undone by a point-in-time restore.""",
            example="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
}
```""",
            use_instead="""
```hcl
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier      = "catalog"
  backup_retention_period = 7
}
```""",
        ),
        remediation="""
Keep backups for at least 7 days (up to 35).

```hcl
resource "aws_docdb_cluster" "catalog" {
  backup_retention_period = 7
}
```""",
        compliance={"nist-800-53-r5": ["CP-9"]},
        equivalents={"checkov": ["CKV_AWS_360"]},
        references=[f"{_DOCS}/backup_restore-understanding_backups.html"],
    )
)
