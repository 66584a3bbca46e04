from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.settings import require_enabled


@dataclass(frozen=True, slots=True)
class _Keys:
    setting: str
    engine_mode: str
    inherited_from: tuple[str, ...]
    """Sources whose encryption the database takes when the setting is unwritten."""


_KEYS = {
    "aws_db_instance": _Keys(
        "storage_encrypted",
        "",
        ("replicate_source_db", "snapshot_identifier", "restore_to_point_in_time"),
    ),
    "aws_rds_cluster": _Keys(
        "storage_encrypted",
        "engine_mode",
        (
            "snapshot_identifier",
            "replication_source_identifier",
            "restore_to_point_in_time",
            "global_cluster_identifier",
        ),
    ),
    "AWS::RDS::DBInstance": _Keys(
        "StorageEncrypted",
        "",
        (
            "DBClusterIdentifier",
            "SourceDBInstanceIdentifier",
            "SourceDBClusterIdentifier",
            "SourceDbiResourceId",
            "SourceDBInstanceAutomatedBackupsArn",
            "DBSnapshotIdentifier",
            "DBClusterSnapshotIdentifier",
        ),
    ),
    "AWS::RDS::DBCluster": _Keys(
        "StorageEncrypted",
        "EngineMode",
        (
            "SnapshotIdentifier",
            "SourceDBClusterIdentifier",
            "ReplicationSourceIdentifier",
            "GlobalClusterIdentifier",
        ),
    ),
}


@check(
    id="IAC-AWS-RDS-001",
    name="rds-storage-unencrypted",
    title="RDS database storage is not encrypted",
    severity=Severity.HIGH,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_db_instance", "aws_rds_cluster"],
        Framework.CLOUDFORMATION: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
    },
    remediation="""
        Create the database with storage encryption (it cannot be turned on later: restore an
        encrypted copy of a snapshot instead).

        ```hcl
        resource "aws_db_instance" "orders" {
          engine            = "postgres"
          instance_class    = "db.t4g.micro"
          allocated_storage = 20
          storage_encrypted = true
          kms_key_id        = aws_kms_key.rds.arn
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["2.3.1"],
        "nist-800-53-r5": ["SC-28"],
        "pci-dss-4.0": ["3.5.1"],
    },
    equivalents={
        "checkov": ["CKV_AWS_16", "CKV_AWS_96"],
        "tfsec": ["aws-rds-encrypt-instance-storage-data", "aws-rds-encrypt-cluster-storage-data"],
    },
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    ],
)
def rds_storage_unencrypted(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags RDS DB instances and clusters (Aurora and Multi-AZ DB clusters) created without
    storage encryption: `storage_encrypted` / `StorageEncrypted` false or unwritten (the
    default is off). Not reported: Aurora Serverless v1 clusters (`engine_mode =
    "serverless"`, always encrypted); databases that take their encryption from elsewhere
    while the setting is unwritten (a snapshot, a replication source, a point-in-time restore,
    a global cluster, and for a CloudFormation instance the `DBClusterIdentifier` cluster,
    which this check reports instead); and unknown values.

    ## Why is this bad?
    The database files, its automated backups, snapshots and read replicas are all stored in
    the clear, and encryption cannot be turned on for an existing database without a
    snapshot-restore migration.

    ## Example
    ```hcl
    resource "aws_rds_cluster" "orders" {
      engine             = "aurora-postgresql"
      cluster_identifier = "orders"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_rds_cluster" "orders" {
      engine             = "aurora-postgresql"
      cluster_identifier = "orders"
      storage_encrypted  = true
    }
    ```
    """
    keys = _KEYS[resource.type_key]
    if any(resource.field(key).present for key in keys.inherited_from):
        return
    if keys.engine_mode:
        mode = resource.field(keys.engine_mode)
        if mode.unknown or as_str(mode.value) == "serverless":
            return
    yield from require_enabled(resource.field(keys.setting), "storage encryption")
