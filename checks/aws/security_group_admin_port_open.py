"""Security group rules that open an administration port (SSH, RDP) to the whole internet.

One family, one function: each row of the table names the port and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_security_group import RULE_TYPES, ingress_rules

_DOC = """
## What it does
Flags security group ingress rules that admit the whole internet (`0.0.0.0/0` or `::/0`) to
port PORT (SERVICE), on PROTOCOLS or all protocols (`-1`), including port ranges that contain
PORT. Reads inline `ingress` blocks, `aws_security_group_rule` (type `ingress`),
`aws_vpc_security_group_ingress_rule`, and CloudFormation `SecurityGroupIngress` (inline or as
`AWS::EC2::SecurityGroupIngress`). The finding points at the offending CIDR. Sources,
protocols or ports that cannot be known at scan time are not reported.

## Why is this bad?
SERVICE on the open internet is scanned within minutes of going up and attacked with stolen
and guessed credentials and exploits. Reach it through a VPN, a bastion restricted to known
addresses, or AWS Systems Manager Session Manager instead.

## Example
```hcl
resource "aws_security_group" "admin" {
  ingress {
    from_port   = PORT
    to_port     = PORT
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```

## Use instead
```hcl
resource "aws_security_group" "admin" {
  ingress {
    from_port   = PORT
    to_port     = PORT
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
}
```
"""

_REMEDIATION = """
Allow port PORT only from known address ranges (or use Session Manager and close it).

```hcl
ingress {
  from_port   = PORT
  to_port     = PORT
  protocol    = "tcp"
  cidr_blocks = ["10.20.0.0/16"]
}
```
"""


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    service: str
    port: int
    protocols: frozenset[str]
    checkov: str


_ROWS = (
    _Row("IAC-AWS-EC2-001", "security-group-ssh-open", "SSH", 22, frozenset({"tcp"}), "CKV_AWS_24"),
    _Row(
        "IAC-AWS-EC2-002",
        "security-group-rdp-open",
        "RDP",
        3389,
        frozenset({"tcp", "udp"}),
        "CKV_AWS_25",
    ),
)


def admin_port_violations(resource: Resource, row: _Row) -> Iterator[Violation]:
    for rule in ingress_rules(resource):
        if not rule.opens(row.port, row.protocols):
            continue
        for source in rule.world_sources():
            yield Violation(
                at=source,
                message=f"ingress from {source.value} to port {row.port} ({row.service})",
            )


def _fill(text: str, row: _Row) -> str:
    protocols = " or ".join(f"`{p}`" for p in sorted(row.protocols))
    text = text.replace("PROTOCOLS", protocols).replace("SERVICE", row.service)
    return text.replace("PORT", str(row.port))


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return admin_port_violations(resource, row)

    run.__doc__ = _fill(_DOC, row)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=f"Security group allows {row.service} (port {row.port}) from the internet",
        severity=Severity.HIGH,
        category="network",
        targets={
            Framework.TERRAFORM: [t for t in RULE_TYPES if not t.startswith("AWS::")],
            Framework.CLOUDFORMATION: [t for t in RULE_TYPES if t.startswith("AWS::")],
        },
        remediation=_fill(_REMEDIATION, row),
        compliance={
            "cis-aws-foundations-1.4.0": ["5.2"],
            "nist-800-53-r5": ["AC-17", "SC-7"],
            "pci-dss-4.0": ["1.3.1"],
        },
        equivalents={"checkov": [row.checkov]},
        references=[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
        ],
    )(run)


SECURITY_GROUP_SSH_OPEN = _make(_ROWS[0])
SECURITY_GROUP_RDP_OPEN = _make(_ROWS[1])
