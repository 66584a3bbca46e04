"""AWS Transfer Family server settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, NoneOf, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

_SERVER_TF = "aws_transfer_server"
_SERVER_CFN = "AWS::Transfer::Server"
_DOCS = "https://docs.aws.amazon.com/transfer/latest/userguide/"

TRANSFER_SERVER_FTP = setting_check(
    SettingRule(
        id="IAC-AWS-TRANSFER-001",
        name="transfer-server-plain-ftp",
        title="Transfer Family server accepts plain FTP",
        severity=Severity.HIGH,
        category="encryption",
        what="the protocol",
        where={
            Framework.TERRAFORM: {_SERVER_TF: ("protocols", EACH)},
            Framework.CLOUDFORMATION: {_SERVER_CFN: ("Protocols", EACH)},
        },
        expect=NoneOf(frozenset({"FTP"})),
        doc=Doc(
            what_it_does="""
Flags Transfer Family servers whose `protocols` (CloudFormation `Protocols`) include `FTP`.
The default is `SFTP` only; `SFTP`, `FTPS` and `AS2` pass.
""",
            why_is_this_bad="""
FTP sends user names, passwords and file contents in clear text: anyone on the path can
capture the credentials and the data.
""",
            example="""
```hcl
resource "aws_transfer_server" "files" {
  protocols = ["SFTP", "FTP"]
}
```
""",
            use_instead="""
```hcl
resource "aws_transfer_server" "files" {
  protocols = ["SFTP", "FTPS"]
}
```
""",
        ),
        remediation="""
Offer only encrypted protocols.

```hcl
protocols = ["SFTP"]
```
""",
        compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={"checkov": ["CKV_AWS_357"]},
        references=[f"{_DOCS}create-server-ftp.html"],
    )
)

TRANSFER_SERVER_PUBLIC = setting_check(
    SettingRule(
        id="IAC-AWS-TRANSFER-002",
        name="transfer-server-public-endpoint",
        title="Transfer Family server has a public endpoint",
        severity=Severity.MEDIUM,
        category="public-endpoint",
        what="the endpoint type",
        where={
            Framework.TERRAFORM: {_SERVER_TF: ("endpoint_type",)},
            Framework.CLOUDFORMATION: {_SERVER_CFN: ("EndpointType",)},
        },
        expect=OneOf(frozenset({"VPC", "VPC_ENDPOINT"})),
        doc=Doc(
            what_it_does="""
Flags Transfer Family servers whose `endpoint_type` (CloudFormation `EndpointType`) is
`PUBLIC` or unwritten (the default is `PUBLIC`). `VPC` endpoints pass: they can still face
the internet through Elastic IPs, but behind security groups.
""",
            why_is_this_bad="""
A public endpoint accepts connections from any address and cannot be restricted with
security groups: every user's credentials can be brute-forced from the whole internet.
""",
            example="""
```hcl
resource "aws_transfer_server" "files" {
  protocols = ["SFTP"]
}
```
""",
            use_instead="""
```hcl
resource "aws_transfer_server" "files" {
  protocols     = ["SFTP"]
  endpoint_type = "VPC"

  endpoint_details {
    vpc_id             = aws_vpc.main.id
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.sftp.id]
  }
}
```
""",
        ),
        remediation="""
Host the endpoint in a VPC and restrict it with security groups.

```hcl
endpoint_type = "VPC"
```
""",
        compliance={"nist-800-53-r5": ["SC-7"]},
        equivalents={"checkov": ["CKV_AWS_164"]},
        references=[f"{_DOCS}create-server-in-vpc.html"],
    )
)
