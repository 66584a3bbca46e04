"""KMS key settings beyond rotation. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

kms_key_policy_lockout_check_bypassed = setting_check(
    SettingRule(
        id="IAC-AWS-KMS-010",
        name="kms-key-policy-lockout-check-bypassed",
        title="KMS key policy skips the lockout safety check",
        severity=Severity.MEDIUM,
        category="encryption",
        what="policy lockout safety check bypass",
        where={
            TERRAFORM: {
                "aws_kms_key": ("bypass_policy_lockout_safety_check",),
                "aws_kms_key_policy": ("bypass_policy_lockout_safety_check",),
            },
            CLOUDFORMATION: {"AWS::KMS::Key": ("BypassPolicyLockoutSafetyCheck",)},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags KMS keys (and Terraform `aws_kms_key_policy` resources) with
`bypass_policy_lockout_safety_check = true` (CloudFormation
`BypassPolicyLockoutSafetyCheck: true`). The check is on by default. Unknown values are not
reported.""",
            why_is_this_bad="""
The safety check refuses a key policy that would stop the caller from ever changing the
policy again. Bypassing it can leave a key that nobody can administer, and the data it
encrypts unrecoverable once the key is disabled or scheduled for deletion by mistake.""",
            example="""
```hcl
resource "aws_kms_key" "data" {
  enable_key_rotation                = true
  bypass_policy_lockout_safety_check = true
}
```""",
            use_instead="""
```hcl
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
```""",
        ),
        remediation="""
Keep the safety check (remove the setting) and give the key policy an administrator.

```hcl
resource "aws_kms_key" "data" {
  bypass_policy_lockout_safety_check = false
}
```""",
        compliance={"nist-800-53-r5": ["AC-6", "SC-12"]},
        references=[
            "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check",
        ],
    )
)
