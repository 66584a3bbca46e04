"""No false positives on safe code: a Terraform module and a CloudFormation template that
configure every AWS data-service resource the way the data checks ask must produce no
finding from those checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacscan.check import Check
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

HARDENED = Path(__file__).parent / "data" / "aws_data_hardened"
# The AWS data-service check modules (checks/aws/...), by module name.
DATA_MODULES = frozenset(
    {
        "athena_settings",
        "backup_settings",
        "cloudwatch_settings",
        "data_cmk_settings",
        "docdb_audit_logs_parameter_disabled",
        "docdb_settings",
        "docdb_tls_disabled",
        "dynamodb_settings",
        "ecr_image_scan_on_push_disabled",
        "ecr_settings",
        "efs_settings",
        "elasticache_operations_settings",
        "elasticache_settings",
        "kinesis_settings",
        "kms_settings",
        "msk_settings",
        "neptune_audit_log_parameter_disabled",
        "neptune_settings",
        "opensearch_audit_logs_disabled",
        "opensearch_https_not_enforced",
        "opensearch_public_access_policy",
        "opensearch_settings",
        "rds_parameter_group_tls_disabled",
        "rds_security_settings",
        "rds_settings",
        "redshift_audit_logging_disabled",
        "redshift_require_ssl_disabled",
        "redshift_settings",
        "s3_bucket_access_logging_disabled",
        "s3_bucket_acls_enabled",
        "s3_bucket_tls_not_enforced",
        "s3_bucket_versioning_disabled",
        "sagemaker_settings",
        "secretsmanager_rotation_disabled",
        "secretsmanager_settings",
        "sns_settings",
        "sqs_settings",
        "ssm_parameter_secret_not_secure_string",
    }
)


def data_checks() -> list[Check]:
    return [c for c in load_checks() if c.meta.source.rsplit(".", 1)[-1] in DATA_MODULES]


def test_every_data_module_ships_checks() -> None:
    modules = {c.meta.source.rsplit(".", 1)[-1] for c in data_checks()}
    assert modules == DATA_MODULES
    assert len(data_checks()) >= 100


@pytest.mark.parametrize("framework", ["terraform", "cloudformation"])
def test_hardened_configuration_has_no_finding(framework: str) -> None:
    root = HARDENED / framework
    result = scan([root], ScanConfig(root=root, checks=data_checks()))
    assert [f"{e.file}:{e.line}: {e.message}" for e in result.errors] == []
    assert result.stats.resources >= 25
    found = [(f.check.id, f.resource.address, f.start_line) for f in result.findings]
    assert found == []
