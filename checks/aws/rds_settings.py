"""RDS resilience and logging settings: backups, deletion protection, Multi-AZ, monitoring and
log exports. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import (
    CLOUDFORMATION,
    TERRAFORM,
    NonEmpty,
    all_of,
    engine,
    not_replica,
    not_serverless_v1,
    standalone_instance,
)

_RDS_DOCS = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide"

rds_backup_retention_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-010",
        name="rds-automated-backups-disabled",
        title="RDS instance has automated backups turned off",
        severity=Severity.MEDIUM,
        category="resilience",
        what="automated backup retention (days)",
        where={
            TERRAFORM: {"aws_db_instance": ("backup_retention_period",)},
            CLOUDFORMATION: {"AWS::RDS::DBInstance": ("BackupRetentionPeriod",)},
        },
        expect=AtLeast(1, missing_ok=True),
        applies=all_of(standalone_instance, not_replica),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances with `backup_retention_period = 0` (CloudFormation
`BackupRetentionPeriod: 0`), which turns automated backups and point-in-time restore off.
The default (1 day) keeps backups, so an unwritten setting is not reported. Aurora instances
(backups belong to the cluster, where they cannot be turned off), read replicas and unknown
values are not reported.""",
            why_is_this_bad="""
Without automated backups a deleted table, a bad migration or ransomware cannot be undone:
there is no point-in-time restore and no daily snapshot to fall back on.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 0
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 7
}
```""",
        ),
        remediation="""
Keep automated backups for at least a few days (up to 35).

```hcl
resource "aws_db_instance" "orders" {
  backup_retention_period = 7
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "CP-10"]},
        equivalents={"checkov": ["CKV_AWS_133"]},
        references=[f"{_RDS_DOCS}/USER_WorkingWithAutomatedBackups.html"],
    )
)

rds_deletion_protection_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-011",
        name="rds-deletion-protection-disabled",
        title="RDS database can be deleted without turning off deletion protection",
        severity=Severity.LOW,
        category="resilience",
        what="deletion protection",
        where={
            TERRAFORM: {
                "aws_db_instance": ("deletion_protection",),
                "aws_rds_cluster": ("deletion_protection",),
            },
            CLOUDFORMATION: {
                "AWS::RDS::DBInstance": ("DeletionProtection",),
                "AWS::RDS::DBCluster": ("DeletionProtection",),
            },
        },
        expect=Enabled(default=False),
        applies=standalone_instance,
        doc=Doc(
            what_it_does="""
Flags RDS DB instances and clusters without deletion protection: `deletion_protection`
(CloudFormation `DeletionProtection`) false or unwritten (the default is off). Instances that
belong to an Aurora cluster are not reported (the cluster holds the setting), nor are unknown
values.""",
            why_is_this_bad="""
Without deletion protection a single API call, a mistaken `terraform destroy` or a stack
rollback deletes the database; the last automated backups go with it unless a final snapshot
is taken.""",
            example="""
```hcl
resource "aws_rds_cluster" "orders" {
  engine             = "aurora-postgresql"
  cluster_identifier = "orders"
}
```""",
            use_instead="""
```hcl
resource "aws_rds_cluster" "orders" {
  engine              = "aurora-postgresql"
  cluster_identifier  = "orders"
  deletion_protection = true
}
```""",
        ),
        remediation="""
Turn deletion protection on (turn it off deliberately before a planned deletion).

```hcl
resource "aws_db_instance" "orders" {
  deletion_protection = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-12"]},
        equivalents={"checkov": ["CKV_AWS_293", "CKV_AWS_139"]},
        references=[f"{_RDS_DOCS}/USER_DeleteInstance.html#USER_DeletionProtection"],
    )
)


def _multi_az_capable(resource: Resource) -> bool:
    # SQL Server Express edition cannot run Multi-AZ.
    return standalone_instance(resource) and engine(resource) != "sqlserver-ex"


rds_multi_az_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-014",
        name="rds-multi-az-disabled",
        title="RDS instance runs in a single Availability Zone",
        severity=Severity.LOW,
        category="resilience",
        what="Multi-AZ deployment",
        where={
            TERRAFORM: {"aws_db_instance": ("multi_az",)},
            CLOUDFORMATION: {"AWS::RDS::DBInstance": ("MultiAZ",)},
        },
        expect=Enabled(default=False),
        applies=_multi_az_capable,
        doc=Doc(
            what_it_does="""
Flags RDS DB instances without a standby in a second Availability Zone: `multi_az`
(CloudFormation `MultiAZ`) false or unwritten (the default is off). Aurora instances
(replicated by the cluster's storage), SQL Server Express (no Multi-AZ) and unknown values
are not reported.""",
            why_is_this_bad="""
A single-AZ database goes down with its Availability Zone, its host or its storage, and
stays down until it is restored from a backup, losing the writes since the last backup.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
  multi_az       = true
}
```""",
        ),
        remediation="""
Run production databases with a Multi-AZ standby.

```hcl
resource "aws_db_instance" "orders" {
  multi_az = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-10", "SC-36"]},
        equivalents={"checkov": ["CKV_AWS_157"]},
        references=[f"{_RDS_DOCS}/Concepts.MultiAZ.html"],
    )
)

rds_enhanced_monitoring_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-015",
        name="rds-enhanced-monitoring-disabled",
        title="RDS instance has enhanced monitoring turned off",
        severity=Severity.LOW,
        category="logging",
        what="enhanced monitoring interval",
        where={
            TERRAFORM: {
                "aws_db_instance": ("monitoring_interval",),
                "aws_rds_cluster_instance": ("monitoring_interval",),
            },
            CLOUDFORMATION: {"AWS::RDS::DBInstance": ("MonitoringInterval",)},
        },
        expect=AtLeast(1),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances and Aurora cluster instances without enhanced monitoring:
`monitoring_interval` (CloudFormation `MonitoringInterval`) 0 or unwritten (the default is
0, off). Unknown values are not reported.""",
            why_is_this_bad="""
Enhanced monitoring collects operating-system metrics (processes, memory, file system) every
few seconds. Without it, resource exhaustion and unusual processes on the database host go
unnoticed and incidents are hard to investigate.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  monitoring_interval = 60
  monitoring_role_arn = aws_iam_role.rds_monitoring.arn
}
```""",
        ),
        remediation="""
Set a monitoring interval (1, 5, 10, 15, 30 or 60 seconds) and a role RDS can publish with.

```hcl
resource "aws_db_instance" "orders" {
  monitoring_interval = 60
  monitoring_role_arn = aws_iam_role.rds_monitoring.arn
}
```""",
        compliance={"nist-800-53-r5": ["SI-4", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_118"]},
        references=[f"{_RDS_DOCS}/USER_Monitoring.OS.html"],
    )
)

rds_logs_not_exported = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-016",
        name="rds-logs-not-exported",
        title="RDS database does not export its logs to CloudWatch Logs",
        severity=Severity.MEDIUM,
        category="logging",
        what="CloudWatch Logs exports",
        where={
            TERRAFORM: {
                "aws_db_instance": ("enabled_cloudwatch_logs_exports",),
                "aws_rds_cluster": ("enabled_cloudwatch_logs_exports",),
            },
            CLOUDFORMATION: {
                "AWS::RDS::DBInstance": ("EnableCloudwatchLogsExports",),
                "AWS::RDS::DBCluster": ("EnableCloudwatchLogsExports",),
            },
        },
        expect=NonEmpty(),
        applies=all_of(standalone_instance, not_serverless_v1),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances and clusters that export no log to CloudWatch Logs:
`enabled_cloudwatch_logs_exports` (CloudFormation `EnableCloudwatchLogsExports`) unwritten or
empty (the default exports nothing). Instances of an Aurora cluster (the cluster exports the
logs), Aurora Serverless v1 clusters (which publish logs through their parameter group)
and unknown values are not reported.""",
            why_is_this_bad="""
Database logs (errors, audit, slow queries, connections) are the record of who did what in
the database. Kept only on the instance they rotate away within days, cannot be searched or
alarmed on, and are lost with the instance.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine                          = "postgres"
  instance_class                  = "db.t4g.micro"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}
```""",
        ),
        remediation="""
Export the engine's logs (`postgresql`, `upgrade`; `audit`, `error`, `general`, `slowquery`
for MySQL and MariaDB; `alert`, `audit`, `listener`, `trace` for Oracle; `agent`, `error`
for SQL Server).

```hcl
resource "aws_db_instance" "orders" {
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}
```""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_129", "CKV_AWS_324"]},
        references=[f"{_RDS_DOCS}/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
    )
)
