"""CloudWatch Logs settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, KeepsAtLeast

_LOGS_DOCS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs"

cloudwatch_log_group_not_kms_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDWATCH-001",
        name="cloudwatch-log-group-not-kms-encrypted",
        title="CloudWatch log group is not encrypted with a KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="KMS encryption",
        where={
            TERRAFORM: {"aws_cloudwatch_log_group": ("kms_key_id",)},
            CLOUDFORMATION: {"AWS::Logs::LogGroup": ("KmsKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags CloudWatch log groups without `kms_key_id` (CloudFormation `KmsKeyId`): their events
are encrypted with a key CloudWatch Logs owns and nobody can restrict. Unknown values are not
reported.""",
            why_is_this_bad="""
Logs collect secrets by accident (tokens in URLs, request bodies, stack traces). With a
customer managed key, reading them needs a second, separately granted and audited
permission, and access can be cut off by disabling the key.""",
            example="""
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/orders"
  retention_in_days = 365
}
```""",
            use_instead="""
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/orders"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}
```""",
        ),
        remediation="""
Encrypt the group with a customer managed key whose policy lets the `logs.<region>.amazonaws.com`
service principal use it.

```hcl
resource "aws_cloudwatch_log_group" "app" {
  kms_key_id = aws_kms_key.logs.arn
}
```""",
        compliance={"nist-800-53-r5": ["AU-9", "SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_158"],
            "tfsec": ["aws-cloudwatch-log-group-customer-key"],
        },
        references=[f"{_LOGS_DOCS}/encrypt-log-data-kms.html"],
    )
)

cloudwatch_log_group_short_retention = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDWATCH-002",
        name="cloudwatch-log-group-short-retention",
        title="CloudWatch log group keeps logs for less than a year",
        severity=Severity.LOW,
        category="logging",
        what="log retention",
        where={
            TERRAFORM: {"aws_cloudwatch_log_group": ("retention_in_days",)},
            CLOUDFORMATION: {"AWS::Logs::LogGroup": ("RetentionInDays",)},
        },
        expect=KeepsAtLeast(365),
        doc=Doc(
            what_it_does="""
Flags CloudWatch log groups whose `retention_in_days` (CloudFormation `RetentionInDays`) is
shorter than 365 days. Unwritten and 0 mean "never expire" and are not reported; nor are
unknown values.""",
            why_is_this_bad="""
Intrusions are typically discovered months after they start. Logs deleted after a few days
or weeks leave nothing to investigate, and most compliance frameworks require a year.""",
            example="""
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/orders"
  retention_in_days = 14
}
```""",
            use_instead="""
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/orders"
  retention_in_days = 365
}
```""",
        ),
        remediation="""
Keep logs for at least a year (or export them to S3 for longer, cheaper retention).

```hcl
resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = 365
}
```""",
        compliance={"nist-800-53-r5": ["AU-11"], "pci-dss-4.0": ["10.5.1"]},
        equivalents={"checkov": ["CKV_AWS_338"]},
        references=[f"{_LOGS_DOCS}/Working-with-log-groups-and-streams.html"],
    )
)
