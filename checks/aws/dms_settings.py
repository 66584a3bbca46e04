"""DMS replication instance settings."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

_INSTANCE_TF = "aws_dms_replication_instance"
_INSTANCE_CFN = "AWS::DMS::ReplicationInstance"
_DOCS = "https://docs.aws.amazon.com/dms/latest/userguide/"


DMS_NOT_CMK_ENCRYPTED = setting_check(
    SettingRule(
        id="IAC-AWS-DMS-003",
        name="dms-replication-instance-not-cmk-encrypted",
        title="DMS replication instance storage is not encrypted with a customer managed key",
        severity=Severity.LOW,
        category="encryption",
        what="the KMS key",
        where={
            Framework.TERRAFORM: {_INSTANCE_TF: ("kms_key_arn",)},
            Framework.CLOUDFORMATION: {_INSTANCE_CFN: ("KmsKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags DMS replication instances without `kms_key_arn` (CloudFormation `KmsKeyId`): their
storage is encrypted with the AWS managed `aws/dms` key.
""",
            why_is_this_bad="""
Replication instances cache the data being migrated. With the AWS managed key you cannot
restrict who may decrypt it, audit decryption per key policy, or revoke access by disabling
the key.
""",
            example="""
```hcl
resource "aws_dms_replication_instance" "migration" {
  replication_instance_id    = "migration"
  replication_instance_class = "dms.t3.medium"
}
```
""",
            use_instead="""
```hcl
resource "aws_dms_replication_instance" "migration" {
  replication_instance_id    = "migration"
  replication_instance_class = "dms.t3.medium"
  kms_key_arn                = aws_kms_key.dms.arn
}
```
""",
        ),
        remediation="""
Encrypt the instance's storage with a customer managed key.

```hcl
kms_key_arn = aws_kms_key.dms.arn
```
""",
        compliance={"nist-800-53-r5": ["SC-28", "SC-12"]},
        equivalents={"checkov": ["CKV_AWS_212"]},
        references=[f"{_DOCS}CHAP_Security.html#CHAP_Security.EncryptionAtRest"],
    )
)

DMS_MINOR_UPGRADES_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-DMS-002",
        name="dms-minor-upgrades-disabled",
        title="DMS replication instance does not receive minor version upgrades",
        severity=Severity.LOW,
        category="workload-security",
        what="automatic minor version upgrades",
        where={
            Framework.TERRAFORM: {_INSTANCE_TF: ("auto_minor_version_upgrade",)},
            Framework.CLOUDFORMATION: {_INSTANCE_CFN: ("AutoMinorVersionUpgrade",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags DMS replication instances with `auto_minor_version_upgrade = false` (CloudFormation
`AutoMinorVersionUpgrade: false`). An unwritten setting is not reported: the DMS API turns
upgrades on by default, and recent Terraform providers leave the value to the API.
""",
            why_is_this_bad="""
Minor DMS engine versions carry security fixes; without automatic upgrades the instance,
which holds credentials to both databases, keeps running known-vulnerable versions.
""",
            example="""
```hcl
resource "aws_dms_replication_instance" "migration" {
  replication_instance_id    = "migration"
  replication_instance_class = "dms.t3.medium"
  auto_minor_version_upgrade = false
}
```
""",
            use_instead="""
```hcl
resource "aws_dms_replication_instance" "migration" {
  replication_instance_id    = "migration"
  replication_instance_class = "dms.t3.medium"
  auto_minor_version_upgrade = true
}
```
""",
        ),
        remediation="""
Let DMS apply minor engine versions in the maintenance window.

```hcl
auto_minor_version_upgrade = true
```
""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_AWS_222"]},
        references=[f"{_DOCS}CHAP_ReplicationInstance.html"],
    )
)
