"""GuardDuty detector settings."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework

GUARDDUTY_DETECTOR_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-GUARDDUTY-001",
        name="guardduty-detector-disabled",
        title="GuardDuty detector is disabled",
        severity=Severity.MEDIUM,
        category="logging",
        what="the detector",
        where={
            Framework.TERRAFORM: {"aws_guardduty_detector": ("enable",)},
            Framework.CLOUDFORMATION: {"AWS::GuardDuty::Detector": ("Enable",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags GuardDuty detectors created suspended: `enable = false` (CloudFormation
`Enable: false`). Terraform's default is enabled.
""",
            why_is_this_bad="""
A suspended detector analyses nothing: compromised credentials, crypto mining, calls to
known malicious hosts and reconnaissance against the account go undetected.
""",
            example="""
```hcl
resource "aws_guardduty_detector" "main" {
  enable = false
}
```
""",
            use_instead="""
```hcl
resource "aws_guardduty_detector" "main" {
  enable = true
}
```
""",
        ),
        remediation="""
Enable the detector.

```hcl
resource "aws_guardduty_detector" "main" {
  enable = true
}
```
""",
        compliance={"nist-800-53-r5": ["SI-4", "RA-5"]},
        references=["https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"],
    )
)
