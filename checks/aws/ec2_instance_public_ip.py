from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.model.settings import forbid_enabled

# Where each type asks for a public IP: (list of network interfaces or (), setting).
_SETTINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "aws_instance": ((), "associate_public_ip_address"),
    "aws_launch_configuration": ((), "associate_public_ip_address"),
    "aws_launch_template": (("network_interfaces",), "associate_public_ip_address"),
    "AWS::EC2::Instance": (("NetworkInterfaces",), "AssociatePublicIpAddress"),
    "AWS::AutoScaling::LaunchConfiguration": ((), "AssociatePublicIpAddress"),
    "AWS::EC2::LaunchTemplate": (
        ("LaunchTemplateData", "NetworkInterfaces"),
        "AssociatePublicIpAddress",
    ),
}


@check(
    id="IAC-AWS-EC2-004",
    name="ec2-instance-public-ip",
    title="EC2 instance is given a public IP address",
    severity=Severity.MEDIUM,
    category="network",
    targets={
        Framework.TERRAFORM: [t for t in _SETTINGS if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in _SETTINGS if t.startswith("AWS::")],
    },
    remediation="""
        Launch instances in private subnets without public addresses; put a load balancer in
        front of services and use Session Manager for administration.

        ```hcl
        resource "aws_instance" "app" {
          subnet_id                   = var.private_subnet_id
          associate_public_ip_address = false
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7"]},
    equivalents={"checkov": ["CKV_AWS_88", "CKV_AWS_389"]},
    references=[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
    ],
)
def ec2_instance_public_ip(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags instances, launch configurations and launch templates that ask for a public IPv4
    address: `associate_public_ip_address = true` (on the instance or launch configuration, or
    in a launch template's `network_interfaces`), CloudFormation `AssociatePublicIpAddress:
    true` (in an instance's or launch template's `NetworkInterfaces`, or on a launch
    configuration). When the setting is unwritten, the subnet's `map_public_ip_on_launch`
    decides, which is not visible here, so only an explicit `true` is reported.

    ## Why is this bad?
    An instance with a public address is directly reachable from the internet wherever its
    security groups allow, and one permissive rule exposes it; instances behind a load
    balancer or NAT gateway are not reachable at all.

    ## Example
    ```hcl
    resource "aws_instance" "app" {
      ami                         = data.aws_ami.al2023.id
      instance_type               = "t3.micro"
      associate_public_ip_address = true
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_instance" "app" {
      ami                         = data.aws_ami.al2023.id
      instance_type               = "t3.micro"
      subnet_id                   = var.private_subnet_id
      associate_public_ip_address = false
    }
    ```
    """
    for setting in _settings(resource):
        yield from forbid_enabled(setting, "public IP address assignment")


def _settings(resource: Resource) -> Iterator[Field]:
    interfaces, key = _SETTINGS[resource.type_key]
    if not interfaces:
        yield resource.field(key)
        return
    for interface in resource.blocks(*interfaces):
        yield interface.get(key)
