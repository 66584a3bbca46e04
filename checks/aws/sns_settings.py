"""SNS settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

sns_topic_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-SNS-001",
        name="sns-topic-unencrypted",
        title="SNS topic does not encrypt messages at rest",
        severity=Severity.MEDIUM,
        category="encryption",
        what="KMS encryption",
        where={
            TERRAFORM: {"aws_sns_topic": ("kms_master_key_id",)},
            CLOUDFORMATION: {"AWS::SNS::Topic": ("KmsMasterKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags SNS topics without server-side encryption: no `kms_master_key_id` (CloudFormation
`KmsMasterKeyId`); SNS does not encrypt messages at rest by default. Unknown values are not
reported.""",
            why_is_this_bad="""
Messages waiting for delivery are stored unencrypted. Notifications often carry personal
data, order details or internal identifiers.""",
            example="""
```hcl
resource "aws_sns_topic" "orders" {
  name = "orders"
}
```""",
            use_instead="""
```hcl
resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.sns.arn
}
```""",
        ),
        remediation="""
Encrypt the topic with a KMS key (`alias/aws/sns` or, better, a customer managed key whose
policy lets the publishing services use it).

```hcl
resource "aws_sns_topic" "orders" {
  kms_master_key_id = aws_kms_key.sns.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AWS_26"], "tfsec": ["aws-sns-enable-topic-encryption"]},
        references=["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
    )
)
