"""RDS database instances (`aws_db_instance`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.aws.session import tags
from iacscan.drift.inventory import Link, LiveRecord

SERVICE = "rds"
CLIENT = "rds"
GLOBAL = False
INSTANCE = "aws_db_instance"
TYPES = (INSTANCE,)


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    for db in context.reader.pages(client, "describe_db_instances", "DBInstances"):
        yield _instance(db, context.region)


def _instance(db: dict[str, Any], region: str) -> LiveRecord:
    identifier = db["DBInstanceIdentifier"]
    groups = [g["VpcSecurityGroupId"] for g in db.get("VpcSecurityGroups", [])]
    attributes = {
        "identifier": identifier,
        "arn": db.get("DBInstanceArn"),
        "engine": db.get("Engine"),
        "engine_version": db.get("EngineVersion"),
        "instance_class": db.get("DBInstanceClass"),
        "allocated_storage": db.get("AllocatedStorage"),
        "storage_type": db.get("StorageType"),
        "storage_encrypted": bool(db.get("StorageEncrypted", False)),
        "kms_key_id": db.get("KmsKeyId"),
        "publicly_accessible": bool(db.get("PubliclyAccessible", False)),
        "multi_az": bool(db.get("MultiAZ", False)),
        "backup_retention_period": db.get("BackupRetentionPeriod"),
        "deletion_protection": bool(db.get("DeletionProtection", False)),
        "iam_database_authentication_enabled": bool(
            db.get("IAMDatabaseAuthenticationEnabled", False)
        ),
        "auto_minor_version_upgrade": db.get("AutoMinorVersionUpgrade"),
        "username": db.get("MasterUsername"),
        "db_subnet_group_name": db.get("DBSubnetGroup", {}).get("DBSubnetGroupName"),
        "vpc_security_group_ids": groups,
        "enabled_cloudwatch_logs_exports": db.get("EnabledCloudwatchLogsExports", []),
        "tags": tags(db.get("TagList")),
    }
    links = tuple(Link("aws_security_group", g, ("vpc_security_group_ids",)) for g in groups)
    return record(INSTANCE, identifier, region, attributes, links=links)
