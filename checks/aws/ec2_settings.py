"""EC2 settings that must be on or off: one row each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Severity, Violation
from iacscan.check_table import Doc, Enabled, NoneOf, Present, SettingRule, setting_check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_int


def _monitoring_written_here(resource: Resource) -> bool:
    """An instance launched from a template without its own `monitoring` takes the
    template's; the template is not judged here."""
    if resource.framework is Framework.TERRAFORM:
        template, setting = "launch_template", "monitoring"
    else:
        template, setting = "LaunchTemplate", "Monitoring"
    return resource.field(setting).present or not resource.field(template).present


EC2_DETAILED_MONITORING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-011",
        name="ec2-detailed-monitoring-disabled",
        title="EC2 instance detailed monitoring is disabled",
        severity=Severity.LOW,
        category="logging",
        what="detailed monitoring",
        where={
            Framework.TERRAFORM: {"aws_instance": ("monitoring",)},
            Framework.CLOUDFORMATION: {"AWS::EC2::Instance": ("Monitoring",)},
        },
        expect=Enabled(default=False),
        applies=_monitoring_written_here,
        doc=Doc(
            what_it_does="""
Flags EC2 instances without detailed (one-minute) CloudWatch monitoring: `monitoring`
(CloudFormation `Monitoring`) false or unwritten (the default is off, five-minute basic
monitoring). Instances launched from a launch template that do not write the setting take the
template's and are not reported.
""",
            why_is_this_bad="""
Five-minute metrics hide short spikes (a crypto miner, a runaway process, a flood of requests)
and slow down alarms and auto scaling that react to them.
""",
            example="""
```hcl
resource "aws_instance" "app" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
}
```
""",
            use_instead="""
```hcl
resource "aws_instance" "app" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  monitoring    = true
}
```
""",
        ),
        remediation="""
Turn on detailed monitoring.

```hcl
resource "aws_instance" "app" {
  monitoring = true
}
```
""",
        compliance={"nist-800-53-r5": ["SI-4", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_126"]},
        references=[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/manage-detailed-monitoring.html",
        ],
    )
)

EBS_DEFAULT_ENCRYPTION_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-012",
        name="ebs-default-encryption-disabled",
        title="EBS encryption by default is turned off",
        severity=Severity.MEDIUM,
        category="encryption",
        what="EBS encryption by default",
        where={Framework.TERRAFORM: {"aws_ebs_encryption_by_default": ("enabled",)}},
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags `aws_ebs_encryption_by_default` resources that turn the region's default EBS
encryption off (`enabled = false`). The resource's own default is `true`.
""",
            why_is_this_bad="""
With encryption by default off, every volume and snapshot created without an explicit
`encrypted = true` (by people, scripts, Auto Scaling or other services) stores its data
unencrypted.
""",
            example="""
```hcl
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false
}
```
""",
            use_instead="""
```hcl
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}
```
""",
        ),
        remediation="""
Turn EBS encryption by default on.

```hcl
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}
```
""",
        compliance={"cis-aws-foundations-1.4.0": ["2.2.1"], "nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AWS_106"]},
        references=[
            "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
        ],
    )
)

AMI_PUBLIC = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-029",
        name="ami-shared-publicly",
        title="AMI launch permission makes the image public",
        severity=Severity.HIGH,
        category="public-storage",
        what="the launch permission group",
        where={Framework.TERRAFORM: {"aws_ami_launch_permission": ("group",)}},
        expect=NoneOf(frozenset({"all"})),
        doc=Doc(
            what_it_does="""
Flags `aws_ami_launch_permission` resources with `group = "all"`, which let every AWS
account launch (and copy) the image.
""",
            why_is_this_bad="""
A public AMI exposes everything baked into it: application code, configuration, SSH keys,
credentials left in the file system. Public images are routinely scanned for secrets.
""",
            example="""
```hcl
resource "aws_ami_launch_permission" "share" {
  image_id = aws_ami.app.id
  group    = "all"
}
```
""",
            use_instead="""
```hcl
resource "aws_ami_launch_permission" "share" {
  image_id   = aws_ami.app.id
  account_id = "123456789012"
}
```
""",
        ),
        remediation="""
Share the image with the accounts or organization that need it instead of everyone.

```hcl
resource "aws_ami_launch_permission" "share" {
  image_id   = aws_ami.app.id
  account_id = "123456789012"
}
```
""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-21"]},
        references=[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
        ],
    )
)


@dataclass(frozen=True, slots=True)
class _NoMoreThan:
    """A number that must not exceed `maximum`; unwritten is safe (the platform default)."""

    maximum: int

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        number = as_int(field.value)
        if field.present and number is not None and number > self.maximum:
            yield Violation(at=field, message=f"{what} is {number}, above {self.maximum}")


EBS_VOLUME_NOT_CMK = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-030",
        name="ebs-volume-not-cmk-encrypted",
        title="EBS volume is not encrypted with a customer managed KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="the KMS key",
        where={
            Framework.TERRAFORM: {"aws_ebs_volume": ("kms_key_id",)},
            Framework.CLOUDFORMATION: {"AWS::EC2::Volume": ("KmsKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags standalone EBS volumes (`aws_ebs_volume`, `AWS::EC2::Volume`) without `kms_key_id`
(`KmsKeyId`): they are unencrypted, or encrypted with the AWS managed `aws/ebs` key.
Unencrypted volumes are also reported by IAC-AWS-EC2-003.
""",
            why_is_this_bad="""
The AWS managed key cannot be restricted or shared: anyone in the account allowed to use EBS
can use it, snapshots cannot be shared with other accounts, and access cannot be revoked by
disabling the key.
""",
            example="""
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}
```
""",
            use_instead="""
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}
```
""",
        ),
        remediation="""
Encrypt the volume with a customer managed key.

```hcl
kms_key_id = aws_kms_key.ebs.arn
```
""",
        compliance={"nist-800-53-r5": ["SC-28", "SC-12"]},
        equivalents={"checkov": ["CKV_AWS_189"]},
        references=["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    )
)

IMDS_HOP_LIMIT_ABOVE_ONE = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-032",
        name="ec2-imds-hop-limit-above-one",
        title="Instance metadata tokens can travel more than one network hop",
        severity=Severity.LOW,
        category="workload-security",
        what="the metadata response hop limit",
        where={
            Framework.TERRAFORM: {
                "aws_instance": ("metadata_options", 0, "http_put_response_hop_limit"),
                "aws_launch_template": ("metadata_options", 0, "http_put_response_hop_limit"),
            },
            Framework.CLOUDFORMATION: {
                "AWS::EC2::Instance": ("MetadataOptions", "HttpPutResponseHopLimit"),
                "AWS::EC2::LaunchTemplate": (
                    "LaunchTemplateData",
                    "MetadataOptions",
                    "HttpPutResponseHopLimit",
                ),
            },
        },
        expect=_NoMoreThan(1),
        doc=Doc(
            what_it_does="""
Flags instances and launch templates whose `metadata_options.http_put_response_hop_limit`
(CloudFormation `MetadataOptions.HttpPutResponseHopLimit`) is above 1. The default is 1.
""",
            why_is_this_bad="""
With more than one hop, containers and other network namespaces on the instance (every pod
on an EKS node, every task on an ECS container instance) can obtain IMDSv2 tokens and read the
instance role's credentials, which usually carry far more permissions than the workload's
own.
""",
            example="""
```hcl
resource "aws_launch_template" "nodes" {
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_launch_template" "nodes" {
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}
```
""",
        ),
        remediation="""
Keep metadata tokens on the instance; give containers their own credentials (EKS Pod
Identity, IRSA, ECS task roles).

```hcl
metadata_options {
  http_tokens                 = "required"
  http_put_response_hop_limit = 1
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_341"]},
        references=[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
        ],
    )
)


def _profile_written_here(resource: Resource) -> bool:
    """An instance launched from a template may take its instance profile from it."""
    if resource.framework is Framework.TERRAFORM:
        template, setting = "launch_template", "iam_instance_profile"
    else:
        template, setting = "LaunchTemplate", "IamInstanceProfile"
    return resource.field(setting).present or not resource.field(template).present


EC2_NO_INSTANCE_PROFILE = setting_check(
    SettingRule(
        id="IAC-AWS-EC2-033",
        name="ec2-instance-no-iam-role",
        title="EC2 instance has no IAM role",
        severity=Severity.LOW,
        category="iam",
        what="the instance profile",
        where={
            Framework.TERRAFORM: {"aws_instance": ("iam_instance_profile",)},
            Framework.CLOUDFORMATION: {"AWS::EC2::Instance": ("IamInstanceProfile",)},
        },
        expect=Present(),
        applies=_profile_written_here,
        doc=Doc(
            what_it_does="""
Flags EC2 instances without an instance profile (`iam_instance_profile`, CloudFormation
`IamInstanceProfile`). Instances launched from a launch template that do not write it take
the template's and are not reported.
""",
            why_is_this_bad="""
Software on an instance without a role that needs AWS access gets long-lived access keys
instead, written to disk or baked into images, where they leak and are never rotated. An
instance profile gives it short-lived credentials that rotate on their own (and lets Systems
Manager manage the instance without SSH).
""",
            example="""
```hcl
resource "aws_instance" "app" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
}
```
""",
            use_instead="""
```hcl
resource "aws_instance" "app" {
  ami                  = data.aws_ami.al2023.id
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.app.name
}
```
""",
        ),
        remediation="""
Attach an instance profile with the permissions the instance needs.

```hcl
iam_instance_profile = aws_iam_instance_profile.app.name
```
""",
        compliance={"nist-800-53-r5": ["IA-5", "AC-2"]},
        equivalents={"checkov": ["CKV2_AWS_41"]},
        references=[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
        ],
    )
)
