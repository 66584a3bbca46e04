"""CloudTrail trail encryption, delivery and coverage settings: one row each (multi-region
and log validation rows live in `cloudtrail_settings`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

_DOCS = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
_TRAIL_TF = "aws_cloudtrail"
_TRAIL_CFN = "AWS::CloudTrail::Trail"

CLOUDTRAIL_NOT_KMS_ENCRYPTED = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-010",
        name="cloudtrail-not-kms-encrypted",
        title="CloudTrail logs are not encrypted with a KMS key",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the KMS key",
        where={
            Framework.TERRAFORM: {_TRAIL_TF: ("kms_key_id",)},
            Framework.CLOUDFORMATION: {_TRAIL_CFN: ("KMSKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails without `kms_key_id` (CloudFormation `KMSKeyId`): log files are then
encrypted with S3 managed keys only.
""",
            why_is_this_bad="""
Anyone who can read the log bucket can read the account's whole API history. With a KMS key,
reading the logs also requires `kms:Decrypt` on a key whose policy you control, and every
decryption is itself logged.
""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```
""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}
```
""",
        ),
        remediation="""
Encrypt the trail's log files with a customer managed KMS key.

```hcl
kms_key_id = aws_kms_key.trail.arn
```
""",
        compliance={
            "cis-aws-foundations-1.4.0": ["3.7"],
            "nist-800-53-r5": ["AU-9", "SC-28"],
            "pci-dss-4.0": ["10.3.2"],
        },
        equivalents={
            "checkov": ["CKV_AWS_35"],
            "tfsec": ["aws-cloudtrail-enable-at-rest-encryption"],
        },
        references=[f"{_DOCS}encrypting-cloudtrail-log-files-with-aws-kms.html"],
    )
)

CLOUDTRAIL_NO_CLOUDWATCH = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-011",
        name="cloudtrail-not-sent-to-cloudwatch",
        title="CloudTrail trail does not send events to CloudWatch Logs",
        severity=Severity.LOW,
        category="logging",
        what="the CloudWatch Logs log group",
        where={
            Framework.TERRAFORM: {_TRAIL_TF: ("cloud_watch_logs_group_arn",)},
            Framework.CLOUDFORMATION: {_TRAIL_CFN: ("CloudWatchLogsLogGroupArn",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails without `cloud_watch_logs_group_arn` (CloudFormation
`CloudWatchLogsLogGroupArn`): events only land in S3.
""",
            why_is_this_bad="""
Without CloudWatch Logs there are no metric filters and alarms on the API activity (root
logins, IAM policy changes, console sign-in failures, security group changes): attacks are
found days later in S3, if at all.
""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```
""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
}
```
""",
        ),
        remediation="""
Deliver the trail to a CloudWatch Logs log group.

```hcl
cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
```
""",
        compliance={
            "cis-aws-foundations-1.4.0": ["3.4"],
            "nist-800-53-r5": ["AU-6", "SI-4"],
            "pci-dss-4.0": ["10.4.1"],
        },
        equivalents={"checkov": ["CKV2_AWS_10"]},
        references=[f"{_DOCS}send-cloudtrail-events-to-cloudwatch-logs.html"],
    )
)

CLOUDTRAIL_LOGGING_STOPPED = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-012",
        name="cloudtrail-logging-stopped",
        title="CloudTrail trail is not logging",
        severity=Severity.HIGH,
        category="logging",
        what="logging",
        where={
            Framework.TERRAFORM: {_TRAIL_TF: ("enable_logging",)},
            Framework.CLOUDFORMATION: {_TRAIL_CFN: ("IsLogging",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails that are created stopped: `enable_logging = false` (CloudFormation
`IsLogging: false`). Terraform's default is on.
""",
            why_is_this_bad="""
A stopped trail records nothing: API activity in the account, including an attacker's, leaves
no trace. Stopping trails is itself a classic first step of an intrusion.
""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  enable_logging = false
}
```
""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```
""",
        ),
        remediation="""
Keep the trail logging.

```hcl
enable_logging = true
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
        equivalents={"checkov": ["CKV_AWS_251"]},
        references=[f"{_DOCS}cloudtrail-create-and-update-a-trail.html"],
    )
)

CLOUDTRAIL_NO_GLOBAL_EVENTS = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-013",
        name="cloudtrail-global-events-excluded",
        title="CloudTrail trail leaves out global service events",
        severity=Severity.LOW,
        category="logging",
        what="global service events",
        where={
            Framework.TERRAFORM: {_TRAIL_TF: ("include_global_service_events",)},
            Framework.CLOUDFORMATION: {_TRAIL_CFN: ("IncludeGlobalServiceEvents",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails with `include_global_service_events = false` (CloudFormation
`IncludeGlobalServiceEvents: false`). The default includes them.
""",
            why_is_this_bad="""
Global services (IAM, STS, CloudFront, Route 53) log their events through trails that include
global events: without them, new users, access keys, policy changes and role assumptions are
not recorded.
""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  include_global_service_events = false
}
```
""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  include_global_service_events = true
}
```
""",
        ),
        remediation="""
Include global service events.

```hcl
include_global_service_events = true
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        references=[f"{_DOCS}cloudtrail-concepts.html#cloudtrail-concepts-global-service-events"],
    )
)
