"""Network ACL entries that allow an administration port (SSH, RDP) from the whole internet.

One family, one function: each row names the port and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_network_acl import (
    ACL_TYPES,
    ENTRY_TYPES,
    acl_entries,
    acl_of,
    entries,
    shadowed,
)

_TYPES = (*ACL_TYPES, *ENTRY_TYPES)

_DOC = """
## What it does
Flags network ACL ingress entries that allow the whole internet (`0.0.0.0/0` or `::/0`) to
reach port PORT (SERVICE) over PROTOCOLS or all protocols (`-1`), including port ranges that
contain PORT. Reads inline `ingress` blocks of `aws_network_acl` and
`aws_default_network_acl`, `aws_network_acl_rule` (not `egress`), and CloudFormation
`AWS::EC2::NetworkAclEntry` (not `Egress`). An entry shadowed by a lower-numbered deny entry of
the same ACL for the same traffic is not reported (the first matching entry wins). The
finding points at the offending CIDR; unknown values are not reported.

## Why is this bad?
Network ACLs are the subnet-wide backstop behind security groups. An ACL that lets SERVICE in
from anywhere leaves a single permissive security group between every instance in the subnet
and internet-wide scanning and brute force.

## Example
```hcl
resource "aws_network_acl_rule" "admin" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = PORT
  to_port        = PORT
}
```

## Use instead
```hcl
resource "aws_network_acl_rule" "admin" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.20.0.0/16"
  from_port      = PORT
  to_port        = PORT
}
```
"""

_REMEDIATION = """
Allow port PORT only from known address ranges.

```hcl
ingress {
  rule_no    = 100
  protocol   = "tcp"
  action     = "allow"
  cidr_block = "10.20.0.0/16"
  from_port  = PORT
  to_port    = PORT
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


def _violations(resource: Resource, context: CheckContext, row: _Row) -> Iterable[Violation]:
    acl = acl_of(resource, context.graph)
    siblings = list(acl_entries(acl, context.graph)) if acl is not None else entries(resource)
    for entry in entries(resource):
        if entry.ingress is not True or entry.action != "allow":
            continue
        if not entry.covers(row.port, row.protocols):
            continue
        for source in entry.world_sources():
            if not shadowed(entry, source, row.port, row.protocols, siblings):
                yield Violation(
                    at=source,
                    message=f"network ACL allows {source.value} to port {row.port} ({row.service})",
                )


def _fill(text: str, row: _Row) -> str:
    protocols = " or ".join(f"`{p}`" for p in sorted(row.protocols))
    text = text.replace("PROTOCOLS", protocols).replace("SERVICE", row.service)
    return text.replace("PORT", str(row.port))


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, context, row)

    run.__doc__ = _fill(_DOC, row)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=f"Network ACL allows {row.service} (port {row.port}) from the internet",
        severity=Severity.MEDIUM,
        category="network",
        targets={
            Framework.TERRAFORM: [t for t in _TYPES if not t.startswith("AWS::")],
            Framework.CLOUDFORMATION: ["AWS::EC2::NetworkAclEntry"],
        },
        remediation=_fill(_REMEDIATION, row),
        compliance={
            "cis-aws-foundations-1.4.0": ["5.1"],
            "nist-800-53-r5": ["AC-17", "SC-7"],
            "pci-dss-4.0": ["1.3.1"],
        },
        equivalents={"checkov": [row.checkov]},
        references=["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"],
    )(run)


NACL_SSH_OPEN = _make(
    _Row("IAC-AWS-VPC-003", "nacl-ssh-open", "SSH", 22, frozenset({"tcp"}), "CKV_AWS_232")
)
NACL_RDP_OPEN = _make(
    _Row("IAC-AWS-VPC-004", "nacl-rdp-open", "RDP", 3389, frozenset({"tcp", "udp"}), "CKV_AWS_231")
)
