"""AWS Backup settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

backup_vault_not_cmk_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-BACKUP-001",
        name="backup-vault-not-cmk-encrypted",
        title="Backup vault is not encrypted with a customer managed KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="customer managed KMS key",
        where={
            TERRAFORM: {"aws_backup_vault": ("kms_key_arn",)},
            CLOUDFORMATION: {"AWS::Backup::BackupVault": ("EncryptionKeyArn",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags AWS Backup vaults without `kms_key_arn` (CloudFormation `EncryptionKeyArn`): their
recovery points are encrypted with the AWS managed key `aws/backup`. Unknown values are not
reported.""",
            why_is_this_bad="""
The AWS managed key's policy cannot be changed, so any principal allowed to restore from the
vault can read every backup in it, and backups cannot be copied to another account.""",
            example="""
```hcl
resource "aws_backup_vault" "main" {
  name = "main"
}
```""",
            use_instead="""
```hcl
resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = aws_kms_key.backup.arn
}
```""",
        ),
        remediation="""
Encrypt the vault with a customer managed key.

```hcl
resource "aws_backup_vault" "main" {
  kms_key_arn = aws_kms_key.backup.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AWS_166"]},
        references=["https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html"],
    )
)
