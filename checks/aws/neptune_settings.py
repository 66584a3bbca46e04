"""Neptune cluster settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, Contains

_DOCS = "https://docs.aws.amazon.com/neptune/latest/userguide"
_CLUSTER = {TERRAFORM: "aws_neptune_cluster", CLOUDFORMATION: "AWS::Neptune::DBCluster"}


def _own_storage(cluster: Resource) -> bool:
    """A cluster that does not take its encryption from a snapshot, a source cluster or a
    global cluster."""
    keys = (
        ("SnapshotIdentifier", "SourceDBClusterIdentifier", "RestoreToTime")
        if cluster.framework is CLOUDFORMATION
        else ("snapshot_identifier", "global_cluster_identifier", "replication_source_identifier")
    )
    return not any(cluster.field(key).present for key in keys)


neptune_storage_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-NEPTUNE-001",
        name="neptune-storage-unencrypted",
        title="Neptune cluster storage is not encrypted",
        severity=Severity.HIGH,
        category="encryption",
        what="storage encryption",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("storage_encrypted",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("StorageEncrypted",)},
        },
        expect=Enabled(default=False),
        applies=_own_storage,
        doc=Doc(
            what_it_does="""
Flags Neptune clusters without storage encryption: `storage_encrypted` (CloudFormation
`StorageEncrypted`) false or unwritten (the default is off). Clusters restored from a
snapshot or replicating another cluster (they take the source's encryption), and unknown
values, are not reported.""",
            why_is_this_bad="""
The graph data, backups and snapshots are stored in the clear, and encryption cannot be
turned on for an existing cluster.""",
            example="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
}
```""",
            use_instead="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
  storage_encrypted  = true
  kms_key_arn        = aws_kms_key.neptune.arn
}
```""",
        ),
        remediation="""
Create the cluster encrypted (restore an encrypted copy of a snapshot to migrate).

```hcl
resource "aws_neptune_cluster" "graph" {
  storage_encrypted = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_44"],
            "tfsec": ["aws-neptune-enable-storage-encryption"],
        },
        references=[f"{_DOCS}/encrypt.html"],
    )
)

neptune_iam_authentication_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-NEPTUNE-002",
        name="neptune-iam-authentication-disabled",
        title="Neptune cluster does not require IAM authentication",
        severity=Severity.MEDIUM,
        category="iam",
        what="IAM database authentication",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("iam_database_authentication_enabled",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("IamAuthEnabled",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Neptune clusters without IAM authentication: `iam_database_authentication_enabled`
(CloudFormation `IamAuthEnabled`) false or unwritten (the default is off). Unknown values are
not reported.""",
            why_is_this_bad="""
Neptune has no users or passwords of its own: without IAM authentication, anything that can
reach the endpoint on the network can read and change the whole graph.""",
            example="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
}
```""",
            use_instead="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "graph"
  iam_database_authentication_enabled = true
}
```""",
        ),
        remediation="""
Require IAM authentication and grant `neptune-db:*` actions to the roles that need them.

```hcl
resource "aws_neptune_cluster" "graph" {
  iam_database_authentication_enabled = true
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "IA-2"]},
        equivalents={"checkov": ["CKV_AWS_359"]},
        references=[f"{_DOCS}/iam-auth.html"],
    )
)

neptune_audit_logs_not_exported = setting_check(
    SettingRule(
        id="IAC-AWS-NEPTUNE-003",
        name="neptune-audit-logs-not-exported",
        title="Neptune cluster does not export audit logs",
        severity=Severity.MEDIUM,
        category="logging",
        what="CloudWatch Logs exports",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("enable_cloudwatch_logs_exports",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("EnableCloudwatchLogsExports",)},
        },
        expect=Contains("audit"),
        doc=Doc(
            what_it_does="""
Flags Neptune clusters whose `enable_cloudwatch_logs_exports` (CloudFormation
`EnableCloudwatchLogsExports`) does not include `audit` (nothing is exported by default).
Unknown values, and lists with an unknown element, are not reported.""",
            why_is_this_bad="""
Audit logs record every query and who sent it. Without them in CloudWatch Logs, misuse of
the graph cannot be detected or investigated.""",
            example="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
}
```""",
            use_instead="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier             = "graph"
  enable_cloudwatch_logs_exports = ["audit"]
}
```""",
        ),
        remediation="""
Export audit logs (and set `neptune_enable_audit_log = 1` in the cluster parameter group).

```hcl
resource "aws_neptune_cluster" "graph" {
  enable_cloudwatch_logs_exports = ["audit"]
}
```""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_101"], "tfsec": ["aws-neptune-enable-log-export"]},
        references=[f"{_DOCS}/auditing.html"],
    )
)

neptune_deletion_protection_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-NEPTUNE-004",
        name="neptune-deletion-protection-disabled",
        title="Neptune cluster can be deleted without turning off deletion protection",
        severity=Severity.LOW,
        category="resilience",
        what="deletion protection",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("deletion_protection",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("DeletionProtection",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Neptune clusters without deletion protection: `deletion_protection` (CloudFormation
`DeletionProtection`) false or unwritten (the default is off). Unknown values are not
reported.""",
            why_is_this_bad="""
A single API call, a mistaken `terraform destroy` or a stack rollback deletes the cluster
and its automated backups.""",
            example="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
}
```""",
            use_instead="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier  = "graph"
  deletion_protection = true
}
```""",
        ),
        remediation="""
Turn deletion protection on.

```hcl
resource "aws_neptune_cluster" "graph" {
  deletion_protection = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-12"]},
        equivalents={"checkov": ["CKV2_AWS_58"]},
        references=[f"{_DOCS}/manage-console-instances-delete.html"],
    )
)

neptune_backup_retention_short = setting_check(
    SettingRule(
        id="IAC-AWS-NEPTUNE-006",
        name="neptune-backup-retention-short",
        title="Neptune cluster keeps backups for less than 7 days",
        severity=Severity.LOW,
        category="resilience",
        what="backup retention (days)",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("backup_retention_period",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("BackupRetentionPeriod",)},
        },
        expect=AtLeast(7),
        doc=Doc(
            what_it_does="""
Flags Neptune clusters whose `backup_retention_period` (CloudFormation
`BackupRetentionPeriod`) is below 7 days or unwritten (the default is 1 day). Unknown values
are not reported.""",
            why_is_this_bad="""
With one day of backups, corruption or a bad deletion noticed after the weekend can no
longer be undone by a point-in-time restore.""",
            example="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "graph"
}
```""",
            use_instead="""
```hcl
resource "aws_neptune_cluster" "graph" {
  cluster_identifier      = "graph"
  backup_retention_period = 7
}
```""",
        ),
        remediation="""
Keep backups for at least 7 days (up to 35).

```hcl
resource "aws_neptune_cluster" "graph" {
  backup_retention_period = 7
}
```""",
        compliance={"nist-800-53-r5": ["CP-9"]},
        equivalents={"checkov": ["CKV_AWS_361"]},
        references=[f"{_DOCS}/backup-restore.html"],
    )
)
