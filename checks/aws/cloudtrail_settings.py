"""CloudTrail trail settings, as rows of the setting table."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework

TRAIL = "aws_cloudtrail"
CFN_TRAIL = "AWS::CloudTrail::Trail"

cloudtrail_not_multi_region = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-001",
        name="cloudtrail-not-multi-region",
        title="CloudTrail trail records only one region",
        severity=Severity.MEDIUM,
        category="logging",
        what="multi-region logging",
        where={
            Framework.TERRAFORM: {TRAIL: ("is_multi_region_trail",)},
            Framework.CLOUDFORMATION: {CFN_TRAIL: ("IsMultiRegionTrail",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails that record API activity in their home region only:
`is_multi_region_trail` (CloudFormation `IsMultiRegionTrail`) false or unwritten (the
default is off).""",
            why_is_this_bad="""
Attackers like regions nobody watches: resources created or keys abused in another region
leave no record in a single-region trail, and global service events can be missed.""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
```""",
        ),
        remediation="""
Make the trail a multi-region trail.

```hcl
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
```""",
        compliance={
            "cis-aws-foundations-1.4.0": ["3.1"],
            "nist-800-53-r5": ["AU-2", "AU-12"],
            "pci-dss-4.0": ["10.2.1"],
        },
        equivalents={"checkov": ["CKV_AWS_67"], "tfsec": ["aws-cloudtrail-enable-all-regions"]},
        references=[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
        ],
    )
)

cloudtrail_log_validation_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDTRAIL-002",
        name="cloudtrail-log-validation-disabled",
        title="CloudTrail log file validation is disabled",
        severity=Severity.MEDIUM,
        category="logging",
        what="log file validation",
        where={
            Framework.TERRAFORM: {TRAIL: ("enable_log_file_validation",)},
            Framework.CLOUDFORMATION: {CFN_TRAIL: ("EnableLogFileValidation",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CloudTrail trails without log file integrity validation:
`enable_log_file_validation` (CloudFormation `EnableLogFileValidation`) false or unwritten
(the default is off).""",
            why_is_this_bad="""
Without the signed digest files, nobody can prove that a log file was not edited or
deleted after delivery, which is exactly what an intruder covering their tracks does and
what an investigation or audit needs to rule out.""",
            example="""
```hcl
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = false
}
```""",
            use_instead="""
```hcl
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}
```""",
        ),
        remediation="""
Turn on log file integrity validation.

```hcl
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}
```""",
        compliance={
            "cis-aws-foundations-1.4.0": ["3.2"],
            "nist-800-53-r5": ["AU-9", "SI-7"],
            "pci-dss-4.0": ["10.3.4"],
        },
        equivalents={"checkov": ["CKV_AWS_36"], "tfsec": ["aws-cloudtrail-enable-log-validation"]},
        references=[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        ],
    )
)
