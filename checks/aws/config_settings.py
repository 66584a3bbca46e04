"""AWS Config recorder settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework

_DOCS = "https://docs.aws.amazon.com/config/latest/developerguide/"

CONFIG_RECORDER_STOPPED = setting_check(
    SettingRule(
        id="IAC-AWS-CONFIG-001",
        name="config-recorder-stopped",
        title="AWS Config recorder is stopped",
        severity=Severity.MEDIUM,
        category="logging",
        what="recording",
        where={
            Framework.TERRAFORM: {"aws_config_configuration_recorder_status": ("is_enabled",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags `aws_config_configuration_recorder_status` resources with `is_enabled = false`: the
recorder exists but records nothing.
""",
            why_is_this_bad="""
A stopped recorder keeps no history of resource configurations: changes made by people or
attackers (opened security groups, public buckets, disabled logging) cannot be reviewed,
and Config rules stop evaluating.
""",
            example="""
```hcl
resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = false
}
```
""",
            use_instead="""
```hcl
resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}
```
""",
        ),
        remediation="""
Start the recorder.

```hcl
is_enabled = true
```
""",
        compliance={"cis-aws-foundations-1.4.0": ["3.5"], "nist-800-53-r5": ["CM-8", "AU-12"]},
        references=[f"{_DOCS}stop-start-recorder.html"],
    )
)

CONFIG_RECORDER_PARTIAL = setting_check(
    SettingRule(
        id="IAC-AWS-CONFIG-002",
        name="config-recorder-partial",
        title="AWS Config recorder does not record all resource types",
        severity=Severity.LOW,
        category="logging",
        what="recording all supported resource types",
        where={
            Framework.TERRAFORM: {
                "aws_config_configuration_recorder": ("recording_group", 0, "all_supported")
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags `aws_config_configuration_recorder` resources whose `recording_group.all_supported`
is false: only the listed resource types are recorded. The default is to record every
supported type.
""",
            why_is_this_bad="""
Resource types left out have no configuration history and no compliance evaluation:
misconfigurations of those types, and changes an attacker makes to them, go unnoticed.
""",
            example="""
```hcl
resource "aws_config_configuration_recorder" "main" {
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported  = false
    resource_types = ["AWS::EC2::Instance"]
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_config_configuration_recorder" "main" {
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}
```
""",
        ),
        remediation="""
Record every supported resource type.

```hcl
recording_group {
  all_supported = true
}
```
""",
        compliance={"cis-aws-foundations-1.4.0": ["3.5"], "nist-800-53-r5": ["CM-8"]},
        references=[f"{_DOCS}select-resources.html"],
    )
)
