"""DynamoDB and DAX settings: recovery, deletion protection, encryption. One row each (see
`iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, Enabled, OneOf, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DDB_DOCS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide"

dynamodb_point_in_time_recovery_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-DYNAMODB-001",
        name="dynamodb-point-in-time-recovery-disabled",
        title="DynamoDB table has point-in-time recovery turned off",
        severity=Severity.MEDIUM,
        category="resilience",
        what="point-in-time recovery",
        where={
            TERRAFORM: {"aws_dynamodb_table": ("point_in_time_recovery", 0, "enabled")},
            CLOUDFORMATION: {
                "AWS::DynamoDB::Table": (
                    "PointInTimeRecoverySpecification",
                    "PointInTimeRecoveryEnabled",
                ),
                "AWS::DynamoDB::GlobalTable": (
                    "Replicas",
                    EACH,
                    "PointInTimeRecoverySpecification",
                    "PointInTimeRecoveryEnabled",
                ),
            },
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags DynamoDB tables without point-in-time recovery: `point_in_time_recovery { enabled }`
(CloudFormation `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled`, on a table
or on each replica of a global table) false or unwritten (the default is off). Unknown
values are not reported.""",
            why_is_this_bad="""
Without point-in-time recovery, items overwritten or deleted by a bug, a bad deployment or an
attacker cannot be restored: DynamoDB keeps no history of its own.""",
            example="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
```""",
            use_instead="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"

  point_in_time_recovery {
    enabled = true
  }
}
```""",
        ),
        remediation="""
Turn point-in-time recovery on (restores to any second of the last 35 days).

```hcl
resource "aws_dynamodb_table" "orders" {
  point_in_time_recovery {
    enabled = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "CP-10"]},
        equivalents={"checkov": ["CKV_AWS_28"], "tfsec": ["aws-dynamodb-enable-recovery"]},
        references=[f"{_DDB_DOCS}/PointInTimeRecovery.html"],
    )
)

dynamodb_table_not_cmk_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-DYNAMODB-002",
        name="dynamodb-table-not-cmk-encrypted",
        title="DynamoDB table is not encrypted with a customer managed KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="customer managed KMS key",
        where={
            TERRAFORM: {"aws_dynamodb_table": ("server_side_encryption", 0, "kms_key_arn")},
            CLOUDFORMATION: {"AWS::DynamoDB::Table": ("SSESpecification", "KMSMasterKeyId")},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags DynamoDB tables encrypted with an AWS owned or AWS managed key rather than a customer
managed KMS key: no `server_side_encryption { kms_key_arn }` (CloudFormation
`SSESpecification.KMSMasterKeyId`). Unknown values are not reported.""",
            why_is_this_bad="""
With an AWS owned or AWS managed key, the key policy cannot be written or audited: anyone
allowed to read the table can read its data, key use cannot be restricted or revoked
separately, and disabling the key is not available as a kill switch.""",
            example="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
```""",
            use_instead="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}
```""",
        ),
        remediation="""
Encrypt the table with a customer managed key.

```hcl
resource "aws_dynamodb_table" "orders" {
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.dynamodb.arn
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AWS_119"], "tfsec": ["aws-dynamodb-table-customer-key"]},
        references=[f"{_DDB_DOCS}/EncryptionAtRest.html"],
    )
)

dynamodb_deletion_protection_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-DYNAMODB-003",
        name="dynamodb-deletion-protection-disabled",
        title="DynamoDB table can be deleted without turning off deletion protection",
        severity=Severity.LOW,
        category="resilience",
        what="deletion protection",
        where={
            TERRAFORM: {"aws_dynamodb_table": ("deletion_protection_enabled",)},
            CLOUDFORMATION: {
                "AWS::DynamoDB::Table": ("DeletionProtectionEnabled",),
                "AWS::DynamoDB::GlobalTable": ("Replicas", EACH, "DeletionProtectionEnabled"),
            },
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags DynamoDB tables without deletion protection: `deletion_protection_enabled`
(CloudFormation `DeletionProtectionEnabled`, on a table or on each replica of a global
table) false or unwritten (the default is off). Unknown values are not reported.""",
            why_is_this_bad="""
A table without deletion protection disappears, with all its items, on one `DeleteTable`
call, a mistaken `terraform destroy` or a stack update that replaces it.""",
            example="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
```""",
            use_instead="""
```hcl
resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  hash_key                    = "id"
  deletion_protection_enabled = true
}
```""",
        ),
        remediation="""
Turn deletion protection on.

```hcl
resource "aws_dynamodb_table" "orders" {
  deletion_protection_enabled = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-12"]},
        references=[
            f"{_DDB_DOCS}/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection"
        ],
    )
)

dax_cluster_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-DYNAMODB-004",
        name="dax-cluster-unencrypted",
        title="DAX cluster does not encrypt data at rest",
        severity=Severity.MEDIUM,
        category="encryption",
        what="server-side encryption",
        where={
            TERRAFORM: {"aws_dax_cluster": ("server_side_encryption", 0, "enabled")},
            CLOUDFORMATION: {"AWS::DAX::Cluster": ("SSESpecification", "SSEEnabled")},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags DynamoDB Accelerator (DAX) clusters without encryption at rest:
`server_side_encryption { enabled }` (CloudFormation `SSESpecification.SSEEnabled`) false or
unwritten (the default is off). Unknown values are not reported.""",
            why_is_this_bad="""
A DAX cluster caches table items on its nodes' disks. Unencrypted, that copy of the data is
readable to anyone who gets at the storage, whatever the table's own encryption.""",
            example="""
```hcl
resource "aws_dax_cluster" "cache" {
  cluster_name       = "orders"
  node_type          = "dax.r5.large"
  replication_factor = 3
  iam_role_arn       = aws_iam_role.dax.arn
}
```""",
            use_instead="""
```hcl
resource "aws_dax_cluster" "cache" {
  cluster_name       = "orders"
  node_type          = "dax.r5.large"
  replication_factor = 3
  iam_role_arn       = aws_iam_role.dax.arn

  server_side_encryption {
    enabled = true
  }
}
```""",
        ),
        remediation="""
Create the cluster with encryption at rest (it cannot be added later).

```hcl
resource "aws_dax_cluster" "cache" {
  server_side_encryption {
    enabled = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_47"],
            "tfsec": ["aws-dynamodb-enable-at-rest-encryption"],
        },
        references=[f"{_DDB_DOCS}/DAXEncryptionAtRest.html"],
    )
)

dax_cluster_endpoint_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-DYNAMODB-005",
        name="dax-cluster-endpoint-without-tls",
        title="DAX cluster endpoint accepts unencrypted connections",
        severity=Severity.MEDIUM,
        category="encryption",
        what="cluster endpoint encryption",
        where={
            TERRAFORM: {"aws_dax_cluster": ("cluster_endpoint_encryption_type",)},
            CLOUDFORMATION: {"AWS::DAX::Cluster": ("ClusterEndpointEncryptionType",)},
        },
        expect=OneOf(frozenset({"TLS"})),
        doc=Doc(
            what_it_does="""
Flags DAX clusters whose endpoint does not use TLS: `cluster_endpoint_encryption_type`
(CloudFormation `ClusterEndpointEncryptionType`) `NONE` or unwritten (the default is
`NONE`). Unknown values are not reported.""",
            why_is_this_bad="""
Without TLS, table items and requests travel between the application and the cache in clear
text, readable and alterable by anyone on the network path.""",
            example="""
```hcl
resource "aws_dax_cluster" "cache" {
  cluster_name       = "orders"
  node_type          = "dax.r5.large"
  replication_factor = 3
  iam_role_arn       = aws_iam_role.dax.arn
}
```""",
            use_instead="""
```hcl
resource "aws_dax_cluster" "cache" {
  cluster_name                     = "orders"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  iam_role_arn                     = aws_iam_role.dax.arn
  cluster_endpoint_encryption_type = "TLS"
}
```""",
        ),
        remediation="""
Create the cluster with a TLS endpoint (it cannot be changed later).

```hcl
resource "aws_dax_cluster" "cache" {
  cluster_endpoint_encryption_type = "TLS"
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        equivalents={"checkov": ["CKV_AWS_239"]},
        references=[f"{_DDB_DOCS}/DAXEncryptionInTransit.html"],
    )
)
