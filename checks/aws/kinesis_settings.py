"""Kinesis Data Streams and Firehose settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

kinesis_stream_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-KINESIS-001",
        name="kinesis-stream-unencrypted",
        title="Kinesis data stream does not encrypt records at rest",
        severity=Severity.MEDIUM,
        category="encryption",
        what="server-side encryption",
        where={
            TERRAFORM: {"aws_kinesis_stream": ("encryption_type",)},
            CLOUDFORMATION: {"AWS::Kinesis::Stream": ("StreamEncryption", "EncryptionType")},
        },
        expect=OneOf(frozenset({"KMS"})),
        doc=Doc(
            what_it_does="""
Flags Kinesis data streams without server-side encryption: `encryption_type` `NONE` or
unwritten (the default is `NONE`); CloudFormation: no `StreamEncryption`. Unknown values are
not reported.""",
            why_is_this_bad="""
Records are stored unencrypted for the whole retention period (up to a year); streams often
carry events with personal or payment data.""",
            example="""
```hcl
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}
```""",
            use_instead="""
```hcl
resource "aws_kinesis_stream" "events" {
  name            = "events"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}
```""",
        ),
        remediation="""
Encrypt the stream with KMS (the AWS managed `alias/aws/kinesis` or your own key).

```hcl
resource "aws_kinesis_stream" "events" {
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.kinesis.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_43"],
            "tfsec": ["aws-kinesis-enable-in-transit-encryption"],
        },
        references=["https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"],
    )
)


def _direct_put(stream: Resource) -> bool:
    """Server-side encryption applies only to Direct PUT streams; a stream reading from a
    Kinesis stream or MSK takes its source's encryption."""
    if stream.framework is CLOUDFORMATION:
        sources = ("KinesisStreamSourceConfiguration", "MSKSourceConfiguration")
    else:
        sources = ("kinesis_source_configuration", "msk_source_configuration")
    return not any(stream.field(key).present for key in sources)


firehose_delivery_stream_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-KINESIS-002",
        name="firehose-delivery-stream-unencrypted",
        title="Firehose delivery stream does not encrypt buffered data",
        severity=Severity.LOW,
        category="encryption",
        what="server-side encryption",
        where={
            TERRAFORM: {
                "aws_kinesis_firehose_delivery_stream": ("server_side_encryption", 0, "enabled")
            },
            CLOUDFORMATION: {
                "AWS::KinesisFirehose::DeliveryStream": (
                    "DeliveryStreamEncryptionConfigurationInput",
                )
            },
        },
        expect=Enabled(default=False),
        applies=_direct_put,
        doc=Doc(
            what_it_does="""
Flags Direct PUT Firehose delivery streams without server-side encryption:
`server_side_encryption { enabled }` false or unwritten (the default is off); CloudFormation:
no `DeliveryStreamEncryptionConfigurationInput`. Streams reading from Kinesis or MSK (which
take the source's encryption) and unknown values are not reported.""",
            why_is_this_bad="""
Records waiting in the delivery buffer are stored unencrypted.""",
            example="""
```hcl
resource "aws_kinesis_firehose_delivery_stream" "logs" {
  name        = "logs"
  destination = "extended_s3"
}
```""",
            use_instead="""
```hcl
resource "aws_kinesis_firehose_delivery_stream" "logs" {
  name        = "logs"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK"
  }
}
```""",
        ),
        remediation="""
Turn server-side encryption on.

```hcl
resource "aws_kinesis_firehose_delivery_stream" "logs" {
  server_side_encryption {
    enabled = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AWS_240"]},
        references=["https://docs.aws.amazon.com/firehose/latest/dev/encryption.html"],
    )
)
