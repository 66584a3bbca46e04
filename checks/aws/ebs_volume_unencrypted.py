from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import is_false
from iacscan.model.aws_ebs import encrypted_by_default, volumes


@check(
    id="IAC-AWS-EC2-003",
    name="ebs-volume-unencrypted",
    title="EBS volume is not encrypted",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: [
            "aws_ebs_volume",
            "aws_instance",
            "aws_launch_configuration",
            "aws_launch_template",
        ],
        Framework.CLOUDFORMATION: [
            "AWS::EC2::Volume",
            "AWS::EC2::Instance",
            "AWS::AutoScaling::LaunchConfiguration",
            "AWS::EC2::LaunchTemplate",
        ],
    },
    remediation="""
        Set `encrypted = true` on every volume, or turn on EBS encryption by default for the
        account and region.

        ```hcl
        resource "aws_ebs_encryption_by_default" "this" {
          enabled = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["2.2.1"],
        "nist-800-53-r5": ["SC-28"],
        "pci-dss-4.0": ["3.5.1"],
    },
    equivalents={
        "checkov": ["CKV_AWS_3", "CKV_AWS_8"],
        "tfsec": [
            "aws-ebs-enable-volume-encryption",
            "aws-ec2-enable-at-rest-encryption",
            "aws-ec2-enable-launch-config-at-rest-encryption",
        ],
    },
    references=["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
)
def ebs_volume_unencrypted(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags EBS volumes that are not encrypted: `aws_ebs_volume` / `AWS::EC2::Volume`, the
    `root_block_device` and `ebs_block_device` blocks of `aws_instance` and
    `aws_launch_configuration`, launch template block device mappings, and CloudFormation
    `BlockDeviceMappings[*].Ebs`. `encrypted = false` is reported on its line; an unwritten
    setting (the default is off) on the volume's block. An instance that describes no root
    volume at all (and takes no launch template) is reported on the resource: its root volume
    follows the AMI's snapshot, which for public AMIs is unencrypted; add
    `root_block_device { encrypted = true }` to say so in code. Nothing is reported for a
    volume made from a named snapshot with encryption unwritten (it inherits the snapshot's),
    for unknown values, or when an `aws_ebs_encryption_by_default` with `enabled = true` is
    part of the scan (new volumes are then always encrypted).

    ## Why is this bad?
    Unencrypted volumes and the snapshots taken of them expose their data to anyone who gets
    a copy: a snapshot shared by mistake, or copied to another account, is readable as is.

    ## Example
    ```hcl
    resource "aws_instance" "app" {
      ami           = data.aws_ami.al2023.id
      instance_type = "t3.micro"
      root_block_device {
        volume_size = 30
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_instance" "app" {
      ami           = data.aws_ami.al2023.id
      instance_type = "t3.micro"
      root_block_device {
        volume_size = 30
        encrypted   = true
      }
    }
    ```
    """
    if resource.framework is Framework.TERRAFORM and encrypted_by_default(
        context.graph.of_type(Framework.TERRAFORM, "aws_ebs_encryption_by_default")
    ):
        return
    for volume in volumes(resource):
        if volume.from_snapshot:
            continue
        if volume.encrypted.present:
            if is_false(volume.encrypted.value):
                yield Violation(at=volume.encrypted, message=f"{volume.label} is not encrypted")
        elif volume.root_default:
            yield Violation(
                at=volume.at,
                message="root volume encryption is not set: it follows the AMI's snapshot",
            )
        else:
            yield Violation(
                at=volume.at,
                message=f"{volume.label} is not encrypted (encryption is off by default)",
            )
