"""Data stores encrypted with an AWS managed key instead of a customer managed KMS key.

One family, one template: each row names the store, where its key is written, when the rule
applies (the store is encrypted at all: an unencrypted store is its own check's business),
and the Terraform body before and after the fix. See `iacscan.check_table`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from iacscan.check import Check, Severity
from iacscan.check_table import Doc, NoneOf, Present, SettingPath, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, known_true, not_false

_WHY = """
With an AWS managed key the key policy cannot be written or audited: anyone allowed to use
the {store} can read its data, key use cannot be limited or revoked separately, and copies
(snapshots, backups) cannot be shared with another account."""


def _hcl(resource_type: str, body: str) -> str:
    lines = "\n".join(f"  {line}" if line else "" for line in body.strip("\n").splitlines())
    return f'```hcl\nresource "{resource_type}" "this" {{\n{lines}\n}}\n```'


def _cmk_rule(
    *,
    id: str,
    name: str,
    store: str,
    where: Mapping[Framework, Mapping[str, SettingPath]],
    what_it_does: str,
    bad: str,
    good: str,
    references: Iterable[str],
    applies: Callable[[Resource], bool] | None = None,
    equivalents: Mapping[str, Iterable[str]] | None = None,
    managed_aliases: frozenset[str] = frozenset(),
) -> Check:
    """A row of the family. `bad` and `good` are the bodies of the Terraform resource (of the
    first Terraform type in `where`) before and after the fix."""
    resource_type = next(iter(where[TERRAFORM]))
    fixed = _hcl(resource_type, good)
    return setting_check(
        SettingRule(
            id=id,
            name=name,
            title=f"{store[0].upper()}{store[1:]} is not encrypted with a customer managed KMS key",
            severity=Severity.LOW,
            category="encryption",
            what="customer managed KMS key",
            where=where,
            expect=NoneOf(managed_aliases) if managed_aliases else Present(),
            applies=applies,
            doc=Doc(what_it_does, _WHY.format(store=store), _hcl(resource_type, bad), fixed),
            remediation=f"Encrypt with a customer managed key.\n\n{fixed}",
            compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
            equivalents=equivalents or {},
            references=references,
        )
    )


efs_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-EFS-002",
    name="efs-file-system-not-cmk-encrypted",
    store="EFS file system",
    where={
        TERRAFORM: {"aws_efs_file_system": ("kms_key_id",)},
        CLOUDFORMATION: {"AWS::EFS::FileSystem": ("KmsKeyId",)},
    },
    applies=known_true("encrypted", "Encrypted"),
    what_it_does="""
Flags encrypted EFS file systems without `kms_key_id` (CloudFormation `KmsKeyId`): they use
the AWS managed key `aws/elasticfilesystem`. Unencrypted file systems are
IAC-AWS-EFS-001's business; unknown values are not reported.""",
    bad="encrypted = true",
    good="encrypted  = true\nkms_key_id = aws_kms_key.efs.arn",
    references=["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
)

elasticache_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-ELASTICACHE-005",
    name="elasticache-not-cmk-encrypted",
    store="ElastiCache replication group",
    where={
        TERRAFORM: {"aws_elasticache_replication_group": ("kms_key_id",)},
        CLOUDFORMATION: {"AWS::ElastiCache::ReplicationGroup": ("KmsKeyId",)},
    },
    applies=known_true("at_rest_encryption_enabled", "AtRestEncryptionEnabled"),
    what_it_does="""
Flags replication groups encrypted at rest without `kms_key_id` (CloudFormation
`KmsKeyId`): they use an AWS managed key. Groups without encryption at rest are
IAC-AWS-ELASTICACHE-001's business; unknown values are not reported.""",
    bad="at_rest_encryption_enabled = true",
    good="at_rest_encryption_enabled = true\nkms_key_id                 = aws_kms_key.cache.arn",
    references=["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html"],
)

redshift_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-REDSHIFT-008",
    name="redshift-cluster-not-cmk-encrypted",
    store="Redshift cluster",
    where={
        TERRAFORM: {"aws_redshift_cluster": ("kms_key_id",)},
        CLOUDFORMATION: {"AWS::Redshift::Cluster": ("KmsKeyId",)},
    },
    applies=not_false("encrypted", "Encrypted"),
    what_it_does="""
Flags Redshift clusters without `kms_key_id` (CloudFormation `KmsKeyId`): they are encrypted
with an AWS managed key (new clusters are encrypted by default). Clusters with encryption
explicitly off are IAC-AWS-REDSHIFT-001's business; unknown values are not reported.""",
    bad='cluster_identifier = "warehouse"\nencrypted          = true',
    good=(
        'cluster_identifier = "warehouse"\n'
        "encrypted          = true\n"
        "kms_key_id         = aws_kms_key.redshift.arn"
    ),
    references=["https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html"],
    equivalents={"checkov": ["CKV_AWS_142"]},
)

docdb_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-DOCDB-005",
    name="docdb-not-cmk-encrypted",
    store="DocumentDB cluster",
    where={
        TERRAFORM: {"aws_docdb_cluster": ("kms_key_id",)},
        CLOUDFORMATION: {"AWS::DocDB::DBCluster": ("KmsKeyId",)},
    },
    applies=known_true("storage_encrypted", "StorageEncrypted"),
    what_it_does="""
Flags encrypted DocumentDB clusters without `kms_key_id` (CloudFormation `KmsKeyId`): they
use the AWS managed key `aws/rds`. Unencrypted clusters are IAC-AWS-DOCDB-001's business;
unknown values are not reported.""",
    bad="storage_encrypted = true",
    good="storage_encrypted = true\nkms_key_id        = aws_kms_key.docdb.arn",
    references=[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html"
    ],
    equivalents={"checkov": ["CKV_AWS_182"]},
)

neptune_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-NEPTUNE-005",
    name="neptune-not-cmk-encrypted",
    store="Neptune cluster",
    where={
        TERRAFORM: {"aws_neptune_cluster": ("kms_key_arn",)},
        CLOUDFORMATION: {"AWS::Neptune::DBCluster": ("KmsKeyId",)},
    },
    applies=known_true("storage_encrypted", "StorageEncrypted"),
    what_it_does="""
Flags encrypted Neptune clusters without `kms_key_arn` (CloudFormation `KmsKeyId`): they use
the AWS managed key `aws/rds`. Unencrypted clusters are IAC-AWS-NEPTUNE-001's business;
unknown values are not reported.""",
    bad="storage_encrypted = true",
    good="storage_encrypted = true\nkms_key_arn       = aws_kms_key.neptune.arn",
    references=["https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html"],
)

kinesis_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-KINESIS-003",
    name="kinesis-stream-not-cmk-encrypted",
    store="Kinesis data stream",
    where={
        TERRAFORM: {"aws_kinesis_stream": ("kms_key_id",)},
        CLOUDFORMATION: {"AWS::Kinesis::Stream": ("StreamEncryption", "KeyId")},
    },
    managed_aliases=frozenset({"alias/aws/kinesis"}),
    what_it_does="""
Flags Kinesis data streams encrypted with the AWS managed key: `kms_key_id` (CloudFormation
`StreamEncryption.KeyId`) `alias/aws/kinesis`. Unencrypted streams are IAC-AWS-KINESIS-001's
business; unknown values are not reported.""",
    bad='encryption_type = "KMS"\nkms_key_id      = "alias/aws/kinesis"',
    good='encryption_type = "KMS"\nkms_key_id      = aws_kms_key.kinesis.arn',
    references=["https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"],
    equivalents={"checkov": ["CKV_AWS_185"]},
)

rds_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-RDS-018",
    name="rds-not-cmk-encrypted",
    store="RDS database",
    where={
        TERRAFORM: {"aws_db_instance": ("kms_key_id",), "aws_rds_cluster": ("kms_key_id",)},
        CLOUDFORMATION: {
            "AWS::RDS::DBInstance": ("KmsKeyId",),
            "AWS::RDS::DBCluster": ("KmsKeyId",),
        },
    },
    applies=known_true("storage_encrypted", "StorageEncrypted"),
    what_it_does="""
Flags encrypted RDS DB instances and clusters without `kms_key_id` (CloudFormation
`KmsKeyId`): they use the AWS managed key `aws/rds`. Unencrypted databases are
IAC-AWS-RDS-001's business; unknown values are not reported.""",
    bad="storage_encrypted = true",
    good="storage_encrypted = true\nkms_key_id        = aws_kms_key.rds.arn",
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html"
    ],
)


def _performance_insights_on(resource: Resource) -> bool:
    keys = {
        "AWS::RDS::DBInstance": "EnablePerformanceInsights",
        "AWS::RDS::DBCluster": "PerformanceInsightsEnabled",
    }
    return as_bool(resource.get(keys.get(resource.type, "performance_insights_enabled"))) is True


rds_performance_insights_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-RDS-020",
    name="rds-performance-insights-not-cmk-encrypted",
    store="RDS Performance Insights data",
    where={
        TERRAFORM: {
            "aws_db_instance": ("performance_insights_kms_key_id",),
            "aws_rds_cluster_instance": ("performance_insights_kms_key_id",),
            "aws_rds_cluster": ("performance_insights_kms_key_id",),
        },
        CLOUDFORMATION: {
            "AWS::RDS::DBInstance": ("PerformanceInsightsKMSKeyId",),
            "AWS::RDS::DBCluster": ("PerformanceInsightsKmsKeyId",),
        },
    },
    applies=_performance_insights_on,
    what_it_does="""
Flags RDS instances and clusters with Performance Insights on but no
`performance_insights_kms_key_id` (CloudFormation `PerformanceInsightsKMSKeyId` /
`PerformanceInsightsKmsKeyId`): the collected query samples are encrypted with the AWS
managed key `aws/rds`. Unknown values are not reported.""",
    bad="performance_insights_enabled = true",
    good=(
        "performance_insights_enabled    = true\n"
        "performance_insights_kms_key_id = aws_kms_key.rds.arn"
    ),
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.access-control.html"
    ],
    equivalents={"checkov": ["CKV_AWS_354"]},
)

msk_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-MSK-006",
    name="msk-not-cmk-encrypted",
    store="MSK cluster",
    where={
        TERRAFORM: {"aws_msk_cluster": ("encryption_info", 0, "encryption_at_rest_kms_key_arn")},
        CLOUDFORMATION: {
            "AWS::MSK::Cluster": ("EncryptionInfo", "EncryptionAtRest", "DataVolumeKMSKeyId")
        },
    },
    what_it_does="""
Flags MSK clusters without `encryption_at_rest_kms_key_arn` (CloudFormation
`EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId`): broker volumes are encrypted with the
AWS managed key `aws/kafka`. Unknown values are not reported.""",
    bad='cluster_name = "events"',
    good=(
        'cluster_name = "events"\n\n'
        "encryption_info {\n"
        "  encryption_at_rest_kms_key_arn = aws_kms_key.msk.arn\n"
        "}"
    ),
    references=["https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html"],
)


def _opensearch_encrypted(domain: Resource) -> bool:
    if domain.framework is CLOUDFORMATION:
        return as_bool(domain.get("EncryptionAtRestOptions", "Enabled")) is True
    return as_bool(domain.get("encrypt_at_rest", 0, "enabled")) is True


opensearch_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-OPENSEARCH-008",
    name="opensearch-not-cmk-encrypted",
    store="OpenSearch domain",
    where={
        TERRAFORM: {
            "aws_opensearch_domain": ("encrypt_at_rest", 0, "kms_key_id"),
            "aws_elasticsearch_domain": ("encrypt_at_rest", 0, "kms_key_id"),
        },
        CLOUDFORMATION: {
            "AWS::OpenSearchService::Domain": ("EncryptionAtRestOptions", "KmsKeyId"),
            "AWS::Elasticsearch::Domain": ("EncryptionAtRestOptions", "KmsKeyId"),
        },
    },
    applies=_opensearch_encrypted,
    what_it_does="""
Flags OpenSearch and Elasticsearch domains encrypted at rest without `kms_key_id`
(CloudFormation `EncryptionAtRestOptions.KmsKeyId`): they use the AWS managed key `aws/es`.
Domains without encryption at rest are IAC-AWS-OPENSEARCH-001's business; unknown values are
not reported.""",
    bad="encrypt_at_rest {\n  enabled = true\n}",
    good="encrypt_at_rest {\n  enabled    = true\n  kms_key_id = aws_kms_key.search.arn\n}",
    references=[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html"
    ],
    equivalents={"checkov": ["CKV_AWS_247"]},
)


def _secure_string(parameter: Resource) -> bool:
    return as_str(parameter.get("type")) == "SecureString"


ssm_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-SSM-002",
    name="ssm-secure-string-not-cmk-encrypted",
    store="SSM SecureString parameter",
    where={TERRAFORM: {"aws_ssm_parameter": ("key_id",)}},
    applies=_secure_string,
    what_it_does="""
Flags Terraform `SecureString` SSM parameters without `key_id`: they are encrypted with the
AWS managed key `aws/ssm`. CloudFormation cannot create `SecureString` parameters. Unknown
values are not reported.""",
    bad='name  = "/orders/db/password"\ntype  = "SecureString"\nvalue = var.db_password',
    good=(
        'name   = "/orders/db/password"\n'
        'type   = "SecureString"\n'
        "key_id = aws_kms_key.ssm.arn\n"
        "value  = var.db_password"
    ),
    references=[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/secure-string-parameter-kms-encryption.html"
    ],
    equivalents={"checkov": ["CKV_AWS_337"]},
)

sns_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-SNS-003",
    name="sns-topic-not-cmk-encrypted",
    store="SNS topic",
    where={
        TERRAFORM: {"aws_sns_topic": ("kms_master_key_id",)},
        CLOUDFORMATION: {"AWS::SNS::Topic": ("KmsMasterKeyId",)},
    },
    managed_aliases=frozenset({"alias/aws/sns"}),
    what_it_does="""
Flags SNS topics encrypted with the AWS managed key: `kms_master_key_id` (CloudFormation
`KmsMasterKeyId`) `alias/aws/sns`. Topics without encryption are IAC-AWS-SNS-001's
business; unknown values are not reported.""",
    bad='kms_master_key_id = "alias/aws/sns"',
    good="kms_master_key_id = aws_kms_key.sns.arn",
    references=["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"],
)

sqs_not_cmk_encrypted = _cmk_rule(
    id="IAC-AWS-SQS-002",
    name="sqs-queue-not-cmk-encrypted",
    store="SQS queue",
    where={
        TERRAFORM: {"aws_sqs_queue": ("kms_master_key_id",)},
        CLOUDFORMATION: {"AWS::SQS::Queue": ("KmsMasterKeyId",)},
    },
    managed_aliases=frozenset({"alias/aws/sqs"}),
    what_it_does="""
Flags SQS queues encrypted with the AWS managed key: `kms_master_key_id` (CloudFormation
`KmsMasterKeyId`) `alias/aws/sqs`. Queues on SSE-SQS (the default) or a customer managed key
are not reported; nor are unknown values.""",
    bad='kms_master_key_id = "alias/aws/sqs"',
    good="kms_master_key_id = aws_kms_key.sqs.arn",
    references=[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html"
    ],
    equivalents={"checkov": ["CKV2_AWS_73"]},
)
