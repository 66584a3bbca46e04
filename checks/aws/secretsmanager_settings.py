"""Secrets Manager settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, AtMost

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

secretsmanager_rotation_interval_too_long = setting_check(
    SettingRule(
        id="IAC-AWS-SECRETSMANAGER-003",
        name="secretsmanager-rotation-interval-too-long",
        title="Secrets Manager secret is rotated less often than every 90 days",
        severity=Severity.LOW,
        category="secrets",
        what="rotation interval (days)",
        where={
            TERRAFORM: {
                "aws_secretsmanager_secret_rotation": (
                    "rotation_rules",
                    0,
                    "automatically_after_days",
                )
            },
            CLOUDFORMATION: {
                "AWS::SecretsManager::RotationSchedule": (
                    "RotationRules",
                    "AutomaticallyAfterDays",
                )
            },
        },
        expect=AtMost(90),
        doc=Doc(
            what_it_does="""
Flags secret rotations whose `automatically_after_days` (CloudFormation
`RotationRules.AutomaticallyAfterDays`) is more than 90. Rotations written as a schedule
expression, and unknown values, are not reported.""",
            why_is_this_bad="""
The longer a secret lives, the longer a leaked copy (in a log, a laptop, a former
employee's notes) keeps working.""",
            example="""
```hcl
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotate.arn

  rotation_rules {
    automatically_after_days = 365
  }
}
```""",
            use_instead="""
```hcl
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotate.arn

  rotation_rules {
    automatically_after_days = 30
  }
}
```""",
        ),
        remediation="""
Rotate at least every 90 days.

```hcl
resource "aws_secretsmanager_secret_rotation" "db" {
  rotation_rules {
    automatically_after_days = 30
  }
}
```""",
        compliance={"nist-800-53-r5": ["IA-5"]},
        equivalents={"checkov": ["CKV_AWS_304"]},
        references=[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        ],
    )
)

secretsmanager_immediate_deletion = setting_check(
    SettingRule(
        id="IAC-AWS-SECRETSMANAGER-004",
        name="secretsmanager-secret-deleted-without-recovery",
        title="Secrets Manager secret is deleted without a recovery window",
        severity=Severity.LOW,
        category="secrets",
        what="recovery window (days)",
        where={TERRAFORM: {"aws_secretsmanager_secret": ("recovery_window_in_days",)}},
        expect=AtLeast(7, missing_ok=True),
        doc=Doc(
            what_it_does="""
Flags Terraform `aws_secretsmanager_secret` resources with `recovery_window_in_days = 0`,
which deletes the secret at once when the resource is destroyed. The default (30 days) keeps
it recoverable. Unknown values are not reported.""",
            why_is_this_bad="""
A secret deleted without a recovery window cannot be restored: a mistaken destroy or a
renamed resource immediately breaks every application that reads it.""",
            example="""
```hcl
resource "aws_secretsmanager_secret" "db" {
  name                    = "orders/db"
  recovery_window_in_days = 0
}
```""",
            use_instead="""
```hcl
resource "aws_secretsmanager_secret" "db" {
  name                    = "orders/db"
  recovery_window_in_days = 30
}
```""",
        ),
        remediation="""
Keep a recovery window (7 to 30 days).

```hcl
resource "aws_secretsmanager_secret" "db" {
  recovery_window_in_days = 30
}
```""",
        compliance={"nist-800-53-r5": ["CP-9"]},
        references=[
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-restore-secret.html",
        ],
    )
)
