"""SQS settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, setting


def _no_kms_key(queue: Resource) -> bool:
    """A queue with a KMS key is encrypted whatever the SSE-SQS setting says."""
    return not setting(queue, "kms_master_key_id", "KmsMasterKeyId").present


sqs_queue_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-SQS-001",
        name="sqs-queue-unencrypted",
        title="SQS queue has server-side encryption turned off",
        severity=Severity.MEDIUM,
        category="encryption",
        what="server-side encryption (SSE-SQS)",
        where={
            TERRAFORM: {"aws_sqs_queue": ("sqs_managed_sse_enabled",)},
            CLOUDFORMATION: {"AWS::SQS::Queue": ("SqsManagedSseEnabled",)},
        },
        expect=Enabled(default=True),
        applies=_no_kms_key,
        doc=Doc(
            what_it_does="""
Flags SQS queues with `sqs_managed_sse_enabled = false` (CloudFormation
`SqsManagedSseEnabled: false`) and no KMS key (`kms_master_key_id` / `KmsMasterKeyId`).
New queues are encrypted with SSE-SQS by default, so an unwritten setting is not reported;
nor are unknown values.""",
            why_is_this_bad="""
With encryption turned off, messages (often orders, events with personal data, job
payloads) are stored in the clear until they are consumed.""",
            example="""
```hcl
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}
```""",
            use_instead="""
```hcl
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}
```""",
        ),
        remediation="""
Keep SSE-SQS on (the default), or encrypt with a KMS key.

```hcl
resource "aws_sqs_queue" "jobs" {
  kms_master_key_id = aws_kms_key.sqs.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AWS_27"], "tfsec": ["aws-sqs-enable-queue-encryption"]},
        references=[
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        ],
    )
)
