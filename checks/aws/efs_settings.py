"""EFS settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

efs_file_system_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-EFS-001",
        name="efs-file-system-unencrypted",
        title="EFS file system is not encrypted at rest",
        severity=Severity.MEDIUM,
        category="encryption",
        what="encryption at rest",
        where={
            TERRAFORM: {"aws_efs_file_system": ("encrypted",)},
            CLOUDFORMATION: {"AWS::EFS::FileSystem": ("Encrypted",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags EFS file systems created without encryption at rest: `encrypted` (CloudFormation
`Encrypted`) false or unwritten (the API default is off). Unknown values are not
reported.""",
            why_is_this_bad="""
Files, metadata and backups of an unencrypted file system are stored in the clear, and
encryption cannot be turned on later: the data must be copied to a new file system.""",
            example="""
```hcl
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}
```""",
            use_instead="""
```hcl
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}
```""",
        ),
        remediation="""
Create the file system encrypted (copy the data over from an unencrypted one).

```hcl
resource "aws_efs_file_system" "shared" {
  encrypted = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"], "pci-dss-4.0": ["3.5.1"]},
        equivalents={"checkov": ["CKV_AWS_42"], "tfsec": ["aws-efs-enable-at-rest-encryption"]},
        references=["https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"],
    )
)
