"""Security group rules that open a well-known service port (databases, caches, file sharing,
remote desktops) to the whole internet, and rules that open every port.

One family, one function: each row names a port and becomes its own check, read through the
shared ingress rule model (`world_ingress_to`), like the SSH and RDP checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_security_group import RULE_TYPES, ingress_rules, world_ingress_to

TARGETS = {
    Framework.TERRAFORM: [t for t in RULE_TYPES if not t.startswith("AWS::")],
    Framework.CLOUDFORMATION: [t for t in RULE_TYPES if t.startswith("AWS::")],
}
REFERENCES = ["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"]
COMPLIANCE = {"nist-800-53-r5": ["SC-7", "AC-4"], "pci-dss-4.0": ["1.3.1"]}

_DOC = """
## What it does
Flags security group ingress rules that admit the whole internet (`0.0.0.0/0` or `::/0`) to
port PORT (SERVICE) over PROTOCOLS, including port ranges that contain PORT. Reads inline
`ingress` blocks of `aws_security_group` and
`aws_default_security_group`, `aws_security_group_rule` (type `ingress`),
`aws_vpc_security_group_ingress_rule`, and CloudFormation `SecurityGroupIngress` (inline or as
`AWS::EC2::SecurityGroupIngress`). The finding points at the offending CIDR. Rules that
open every port (protocol `-1`, or TCP/UDP 0-65535) are reported once, by IAC-AWS-EC2-013,
rather than once per service. Sources, protocols or ports that cannot be known at scan time
are not reported.

## Why is this bad?
SERVICE is not meant to face the internet: exposed instances are found by mass scanners within
minutes and attacked with default credentials, brute force and known exploits, and many such
services leak data or allow unauthenticated access when exposed. Allow only the application
tier's security group or known private ranges.

## Example
```hcl
resource "aws_security_group" "db" {
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
resource "aws_security_group" "db" {
  ingress {
    from_port       = PORT
    to_port         = PORT
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}
```
"""

_REMEDIATION = """
Allow port PORT only from the security groups or private address ranges that need it.

```hcl
ingress {
  from_port       = PORT
  to_port         = PORT
  protocol        = "tcp"
  security_groups = [aws_security_group.app.id]
}
```
"""


@dataclass(frozen=True, slots=True)
class _Port:
    id: str
    name: str
    service: str
    port: int
    protocols: frozenset[str] = frozenset({"tcp"})
    severity: Severity = Severity.HIGH


_TCP_UDP = frozenset({"tcp", "udp"})
_PORTS = (
    _Port("IAC-AWS-EC2-014", "security-group-ftp-open", "FTP", 21),
    _Port("IAC-AWS-EC2-015", "security-group-telnet-open", "Telnet", 23),
    _Port("IAC-AWS-EC2-016", "security-group-smb-open", "SMB/CIFS", 445, _TCP_UDP),
    _Port("IAC-AWS-EC2-017", "security-group-mssql-open", "Microsoft SQL Server", 1433),
    _Port("IAC-AWS-EC2-018", "security-group-oracle-open", "Oracle Database", 1521),
    _Port("IAC-AWS-EC2-019", "security-group-mysql-open", "MySQL", 3306),
    _Port("IAC-AWS-EC2-020", "security-group-postgresql-open", "PostgreSQL", 5432),
    _Port("IAC-AWS-EC2-021", "security-group-kibana-open", "Kibana", 5601),
    _Port("IAC-AWS-EC2-022", "security-group-redis-open", "Redis", 6379),
    _Port("IAC-AWS-EC2-023", "security-group-elasticsearch-open", "Elasticsearch", 9200),
    _Port("IAC-AWS-EC2-024", "security-group-memcached-open", "Memcached", 11211, _TCP_UDP),
    _Port("IAC-AWS-EC2-025", "security-group-mongodb-open", "MongoDB", 27017),
    _Port("IAC-AWS-EC2-026", "security-group-vnc-open", "VNC", 5900),
)


def _fill(text: str, row: _Port) -> str:
    protocols = " or ".join(f"`{p}`" for p in sorted(row.protocols))
    text = text.replace("PROTOCOLS", protocols).replace("SERVICE", row.service)
    return text.replace("PORT", str(row.port))


def _port_check(row: _Port) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        for source in world_ingress_to(resource, row.port, row.protocols, skip_every_port=True):
            yield Violation(
                at=source,
                message=f"ingress from {source.value} to port {row.port} ({row.service})",
            )

    run.__doc__ = _fill(_DOC, row)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=f"Security group allows {row.service} (port {row.port}) from the internet",
        severity=row.severity,
        category="network",
        targets=TARGETS,
        remediation=_fill(_REMEDIATION, row),
        compliance=COMPLIANCE,
        references=REFERENCES,
    )(run)


SECURITY_GROUP_FTP_OPEN = _port_check(_PORTS[0])
SECURITY_GROUP_TELNET_OPEN = _port_check(_PORTS[1])
SECURITY_GROUP_SMB_OPEN = _port_check(_PORTS[2])
SECURITY_GROUP_MSSQL_OPEN = _port_check(_PORTS[3])
SECURITY_GROUP_ORACLE_OPEN = _port_check(_PORTS[4])
SECURITY_GROUP_MYSQL_OPEN = _port_check(_PORTS[5])
SECURITY_GROUP_POSTGRESQL_OPEN = _port_check(_PORTS[6])
SECURITY_GROUP_KIBANA_OPEN = _port_check(_PORTS[7])
SECURITY_GROUP_REDIS_OPEN = _port_check(_PORTS[8])
SECURITY_GROUP_ELASTICSEARCH_OPEN = _port_check(_PORTS[9])
SECURITY_GROUP_MEMCACHED_OPEN = _port_check(_PORTS[10])
SECURITY_GROUP_MONGODB_OPEN = _port_check(_PORTS[11])
SECURITY_GROUP_VNC_OPEN = _port_check(_PORTS[12])


@check(
    id="IAC-AWS-EC2-013",
    name="security-group-all-ports-open",
    title="Security group allows every port from the internet",
    severity=Severity.CRITICAL,
    category="network",
    targets=TARGETS,
    remediation="""
        Open only the ports the service needs, to the sources that need them.

        ```hcl
        ingress {
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "AC-4"], "pci-dss-4.0": ["1.3.1", "1.2.5"]},
    equivalents={"checkov": ["CKV_AWS_277"]},
    references=REFERENCES,
)
def security_group_all_ports_open(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags security group ingress rules that admit the whole internet (`0.0.0.0/0` or `::/0`)
    to every port: protocol `-1` (all traffic), or a TCP or UDP rule covering ports 0 (or 1)
    to 65535. Reads every way of writing an ingress rule (inline blocks,
    `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`, CloudFormation inline
    `SecurityGroupIngress` and `AWS::EC2::SecurityGroupIngress`), and points at the CIDR.

    ## Why is this bad?
    Every service listening on the instance, including the ones nobody meant to expose
    (databases, debug ports, agents), becomes reachable from anywhere.

    ## Example
    ```hcl
    resource "aws_security_group" "app" {
      ingress {
        from_port   = 0
        to_port     = 0
        protocol    = "-1"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_security_group" "app" {
      ingress {
        from_port   = 443
        to_port     = 443
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    ```
    """
    for rule in ingress_rules(resource):
        if not rule.opens_every_port():
            continue
        for source in rule.world_sources():
            yield Violation(at=source, message=f"ingress from {source.value} to every port")
