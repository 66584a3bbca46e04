"""Load balancer (ELBv2) settings that must be on or off.

One family, one function: Terraform writes each setting as an argument of `aws_lb`,
CloudFormation as a `LoadBalancerAttributes` pair, so a plain table row cannot reach both;
each row here names both places and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.check_table import Doc, Enabled, Expectation, NoneOf
from iacscan.graph.model import Framework, PathPart, Resource
from iacscan.model.aws_network_lb import attribute, lb_type

_CLASSIC = ("aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer")
_DOCS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    severity: Severity
    category: str
    what: str
    terraform: tuple[PathPart, ...]
    cloudformation: str
    expect: Expectation
    types: frozenset[str]
    doc: Doc
    remediation: str
    compliance: dict[str, list[str]]
    equivalents: dict[str, list[str]]
    references: list[str] = field(default_factory=list)
    classic: bool = False
    """Also read classic load balancers' access log settings."""


def _violations(resource: Resource, row: _Row) -> Iterator[Violation]:
    if resource.type_key in _CLASSIC:
        yield from _classic_access_logs(resource, row.what)
        return
    if lb_type(resource) not in row.types:
        return
    if resource.framework is Framework.TERRAFORM:
        setting = resource.field(*row.terraform)
    else:
        setting = attribute(resource, row.cloudformation)
    yield from row.expect.judge(setting, row.what)


def _classic_access_logs(resource: Resource, what: str) -> Iterator[Violation]:
    """Classic load balancers: the logging block must exist, and its flag defaults to on."""
    if resource.framework is Framework.TERRAFORM:
        block, flag = resource.field("access_logs", 0), "enabled"
    else:
        block, flag = resource.field("AccessLoggingPolicy"), "Enabled"
    if not block.present:
        yield Violation(at=block, message=f"{what} is not configured")
        return
    yield from Enabled(default=True).judge(block.get(flag), what)


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, row)

    run.__doc__ = row.doc.render()
    run.__module__ = __name__
    terraform = ["aws_lb", "aws_alb", *(["aws_elb"] if row.classic else [])]
    cloudformation = ["AWS::ElasticLoadBalancingV2::LoadBalancer"]
    if row.classic:
        cloudformation.append("AWS::ElasticLoadBalancing::LoadBalancer")
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=row.severity,
        category=row.category,
        targets={Framework.TERRAFORM: terraform, Framework.CLOUDFORMATION: cloudformation},
        remediation=row.remediation,
        compliance=row.compliance,
        equivalents=row.equivalents,
        references=row.references,
    )(run)


_APPLICATION = frozenset({"application"})

ALB_DROP_INVALID_HEADERS_DISABLED = _make(
    _Row(
        id="IAC-AWS-ELB-003",
        name="alb-invalid-headers-not-dropped",
        title="Application load balancer forwards invalid HTTP headers",
        severity=Severity.MEDIUM,
        category="network",
        what="dropping invalid header fields",
        terraform=("drop_invalid_header_fields",),
        cloudformation="routing.http.drop_invalid_header_fields.enabled",
        expect=Enabled(default=False),
        types=_APPLICATION,
        doc=Doc(
            what_it_does="""
Flags application load balancers that pass HTTP headers with invalid names on to targets:
`drop_invalid_header_fields` (CloudFormation attribute
`routing.http.drop_invalid_header_fields.enabled`) false or unwritten (the default is off).
Network and gateway load balancers are not concerned.
""",
            why_is_this_bad="""
Malformed headers are the raw material of HTTP request smuggling and header injection:
targets that parse them differently from the load balancer can be tricked into serving
another user's request or bypassing routing and authentication rules.
""",
            example="""
```hcl
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
}
```
""",
            use_instead="""
```hcl
resource "aws_lb" "web" {
  name                       = "web"
  load_balancer_type         = "application"
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
}
```
""",
        ),
        remediation="""
Drop invalid header fields.

```hcl
resource "aws_lb" "web" {
  drop_invalid_header_fields = true
}
```
""",
        compliance={"nist-800-53-r5": ["SI-10", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_131"], "tfsec": ["aws-elb-drop-invalid-headers"]},
        references=[f"{_DOCS}application-load-balancers.html#load-balancer-attributes"],
    )
)

LB_ACCESS_LOGS_DISABLED = _make(
    _Row(
        id="IAC-AWS-ELB-004",
        name="lb-access-logs-disabled",
        title="Load balancer does not write access logs",
        severity=Severity.MEDIUM,
        category="logging",
        what="access logging",
        terraform=("access_logs", 0, "enabled"),
        cloudformation="access_logs.s3.enabled",
        expect=Enabled(default=False),
        types=frozenset({"application", "network"}),
        classic=True,
        doc=Doc(
            what_it_does="""
Flags application and network load balancers without access logs: `access_logs.enabled`
(CloudFormation attribute `access_logs.s3.enabled`) false or unwritten (the default is off,
even when a bucket is named), and classic load balancers (`aws_elb`,
`AWS::ElasticLoadBalancing::LoadBalancer`) without an `access_logs` block
(`AccessLoggingPolicy`) or with it disabled.
""",
            why_is_this_bad="""
Access logs are the record of every request the internet sent: client addresses, paths,
response codes and TLS details. Without them, attacks against the application and their
sources cannot be investigated.
""",
            example="""
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids

  access_logs {
    bucket = aws_s3_bucket.lb_logs.id
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids

  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    enabled = true
  }
}
```
""",
        ),
        remediation="""
Write access logs to an S3 bucket.

```hcl
access_logs {
  bucket  = aws_s3_bucket.lb_logs.id
  enabled = true
}
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
        equivalents={"checkov": ["CKV_AWS_91", "CKV_AWS_92"]},
        references=[f"{_DOCS}enable-access-logging.html"],
    )
)

LB_DELETION_PROTECTION_DISABLED = _make(
    _Row(
        id="IAC-AWS-ELB-005",
        name="lb-deletion-protection-disabled",
        title="Load balancer deletion protection is disabled",
        severity=Severity.LOW,
        category="network",
        what="deletion protection",
        terraform=("enable_deletion_protection",),
        cloudformation="deletion_protection.enabled",
        expect=Enabled(default=False),
        types=frozenset({"application", "network", "gateway"}),
        doc=Doc(
            what_it_does="""
Flags load balancers without deletion protection: `enable_deletion_protection`
(CloudFormation attribute `deletion_protection.enabled`) false or unwritten (the default is
off).
""",
            why_is_this_bad="""
A mistaken `terraform destroy`, a stack rollback or a compromised pipeline can delete the
load balancer, taking the service offline and releasing its DNS name.
""",
            example="""
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnet_ids
}
```
""",
            use_instead="""
```hcl
resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = var.public_subnet_ids
  enable_deletion_protection = true
}
```
""",
        ),
        remediation="""
Turn deletion protection on.

```hcl
enable_deletion_protection = true
```
""",
        compliance={"nist-800-53-r5": ["CP-10", "SC-5"]},
        equivalents={"checkov": ["CKV_AWS_150"]},
        references=[f"{_DOCS}application-load-balancers.html#deletion-protection"],
    )
)

ALB_DESYNC_MONITOR_ONLY = _make(
    _Row(
        id="IAC-AWS-ELB-006",
        name="alb-desync-mitigation-monitor",
        title="Application load balancer only monitors HTTP desync attacks",
        severity=Severity.LOW,
        category="network",
        what="the desync mitigation mode",
        terraform=("desync_mitigation_mode",),
        cloudformation="routing.http.desync_mitigation_mode",
        expect=NoneOf(frozenset({"monitor"})),
        types=_APPLICATION,
        doc=Doc(
            what_it_does="""
Flags application load balancers whose `desync_mitigation_mode` (CloudFormation attribute
`routing.http.desync_mitigation_mode`) is `monitor`, which forwards every request however
ambiguous. The default, `defensive`, and `strictest` pass.
""",
            why_is_this_bad="""
Requests that the load balancer and the targets may parse differently (HTTP desync, request
smuggling) reach the targets unchanged, letting attackers poison caches or hijack other
users' requests.
""",
            example="""
```hcl
resource "aws_lb" "web" {
  name                   = "web"
  desync_mitigation_mode = "monitor"
}
```
""",
            use_instead="""
```hcl
resource "aws_lb" "web" {
  name                   = "web"
  desync_mitigation_mode = "defensive"
}
```
""",
        ),
        remediation="""
Use the `defensive` (default) or `strictest` mode.

```hcl
desync_mitigation_mode = "defensive"
```
""",
        compliance={"nist-800-53-r5": ["SI-10"]},
        equivalents={"checkov": ["CKV_AWS_328"]},
        references=[f"{_DOCS}application-load-balancers.html#desync-mitigation-mode"],
    )
)
