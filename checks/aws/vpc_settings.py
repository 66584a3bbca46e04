"""VPC settings that must be on or off: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.graph.model import Framework

SUBNET_PUBLIC_IP_ON_LAUNCH = setting_check(
    SettingRule(
        id="IAC-AWS-VPC-002",
        name="subnet-public-ip-on-launch",
        title="Subnet gives every instance a public IP address",
        severity=Severity.MEDIUM,
        category="network",
        what="public IP assignment on launch",
        where={
            Framework.TERRAFORM: {"aws_subnet": ("map_public_ip_on_launch",)},
            Framework.CLOUDFORMATION: {"AWS::EC2::Subnet": ("MapPublicIpOnLaunch",)},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags subnets that give every instance launched in them a public IPv4 address:
`map_public_ip_on_launch` (CloudFormation `MapPublicIpOnLaunch`) true. The default is off.
(Default subnets of the default VPC have it on; they are not written in configurations.)
""",
            why_is_this_bad="""
Every instance, container task or endpoint launched in the subnet becomes reachable from the
internet wherever its security groups allow, whether or not it was meant to be public. Give
public addresses explicitly to the few resources that need them, or put them behind a load
balancer.
""",
            example="""
```hcl
resource "aws_subnet" "app" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}
```
""",
            use_instead="""
```hcl
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
```
""",
        ),
        remediation="""
Stop assigning public addresses by default.

```hcl
resource "aws_subnet" "app" {
  map_public_ip_on_launch = false
}
```
""",
        compliance={"nist-800-53-r5": ["SC-7"]},
        equivalents={"checkov": ["CKV_AWS_130"]},
        references=[
            "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html",
        ],
    )
)
