"""SNS settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, NoneOf, Present, SettingRule, setting_check
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

sns_subscription_plain_http = setting_check(
    SettingRule(
        id="IAC-AWS-SNS-002",
        name="sns-subscription-plain-http",
        title="SNS subscription delivers messages over plain HTTP",
        severity=Severity.MEDIUM,
        category="encryption",
        what="subscription protocol",
        where={
            TERRAFORM: {"aws_sns_topic_subscription": ("protocol",)},
            CLOUDFORMATION: {
                "AWS::SNS::Subscription": ("Protocol",),
                "AWS::SNS::Topic": ("Subscription", EACH, "Protocol"),
            },
        },
        expect=NoneOf(frozenset({"http"})),
        doc=Doc(
            what_it_does="""
Flags SNS subscriptions with `protocol = "http"` (CloudFormation `Protocol: http`, on an
`AWS::SNS::Subscription` or in a topic's `Subscription` list). Unknown values are not
reported.""",
            why_is_this_bad="""
Over plain HTTP every notification, and the subscription confirmation token, crosses the
internet in clear text, readable and alterable on the way.""",
            example="""
```hcl
resource "aws_sns_topic_subscription" "webhook" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "http"
  endpoint  = "http://hooks.example.com/orders"
}
```""",
            use_instead="""
```hcl
resource "aws_sns_topic_subscription" "webhook" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "https"
  endpoint  = "https://hooks.example.com/orders"
}
```""",
        ),
        remediation="""
Deliver over HTTPS.

```hcl
resource "aws_sns_topic_subscription" "webhook" {
  protocol = "https"
  endpoint = "https://hooks.example.com/orders"
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        references=[
            "https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html"
        ],
    )
)
