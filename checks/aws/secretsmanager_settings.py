"""Secrets Manager settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

secretsmanager_secret_not_cmk_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-SECRETSMANAGER-001",
        name="secretsmanager-secret-not-cmk-encrypted",
        title="Secrets Manager secret is not encrypted with a customer managed KMS key",
        severity=Severity.LOW,
        category="secrets",
        what="customer managed KMS key",
        where={
            TERRAFORM: {"aws_secretsmanager_secret": ("kms_key_id",)},
            CLOUDFORMATION: {"AWS::SecretsManager::Secret": ("KmsKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags Secrets Manager secrets without `kms_key_id` (CloudFormation `KmsKeyId`): they are
encrypted with the account's AWS managed key `aws/secretsmanager`. Unknown values are not
reported.""",
            why_is_this_bad="""
The AWS managed key's policy cannot be changed: every principal in the account allowed to
call `GetSecretValue` can decrypt the secret. A customer managed key adds a second, separately
audited permission, and is required to share a secret with another account.""",
            example="""
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}
```""",
            use_instead="""
```hcl
resource "aws_secretsmanager_secret" "db" {
  name       = "orders/db"
  kms_key_id = aws_kms_key.secrets.arn
}
```""",
        ),
        remediation="""
Encrypt the secret with a customer managed key.

```hcl
resource "aws_secretsmanager_secret" "db" {
  kms_key_id = aws_kms_key.secrets.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AWS_149"], "tfsec": ["aws-ssm-secret-use-customer-key"]},
        references=[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
        ],
    )
)
