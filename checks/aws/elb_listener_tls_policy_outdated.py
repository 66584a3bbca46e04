"""A load balancer listener security policy that still accepts TLS 1.0 or 1.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Severity, Violation
from iacscan.check_table import Doc, SettingRule, setting_check
from iacscan.graph.model import Field, Framework
from iacscan.graph.values import as_str

# ELB security policies whose minimum protocol is below TLS 1.2: the two historical defaults,
# and every named policy with a TLS 1.0 / 1.1 minimum (TLS-1-0, TLS-1-1, TLS13-1-0,
# TLS13-1-1, including FIPS and post-quantum variants, and the FS-2018-06 / FS-1-1 ones).
_OLD_POLICIES = re.compile(
    r"^ELBSecurityPolicy-(2015-05|2016-08|TLS-1-[01]-.*|TLS13-1-[01]-.*|FS-2018-06|FS-1-1-.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _ModernPolicy:
    """The named policy must not accept TLS below 1.2; unwritten and unknown pass."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        text = as_str(field.value)
        if text is not None and _OLD_POLICIES.match(text.strip()):
            yield Violation(at=field, message=f"{what} {text!r} accepts TLS 1.0 or 1.1")


LB_LISTENER_TLS_POLICY_OUTDATED = setting_check(
    SettingRule(
        id="IAC-AWS-ELB-002",
        name="lb-listener-tls-policy-outdated",
        title="Load balancer listener accepts TLS versions older than 1.2",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the security policy",
        where={
            Framework.TERRAFORM: {
                "aws_lb_listener": ("ssl_policy",),
                "aws_alb_listener": ("ssl_policy",),
            },
            Framework.CLOUDFORMATION: {"AWS::ElasticLoadBalancingV2::Listener": ("SslPolicy",)},
        },
        expect=_ModernPolicy(),
        doc=Doc(
            what_it_does="""
Flags HTTPS and TLS listeners of application and network load balancers whose `ssl_policy`
(CloudFormation `SslPolicy`) accepts TLS 1.0 or 1.1: `ELBSecurityPolicy-2016-08`,
`ELBSecurityPolicy-2015-05`, and the `TLS-1-0`, `TLS-1-1`, `TLS13-1-0`, `TLS13-1-1`,
`FS-2018-06` and `FS-1-1` policies. Policies with a TLS 1.2 or 1.3 minimum pass. An
unwritten policy is not reported (AWS has changed the default over time).
""",
            why_is_this_bad="""
TLS 1.0 and 1.1 rely on weak constructions (CBC with predictable IVs, SHA-1, no AEAD) and
are no longer accepted by PCI DSS and most browsers; accepting them lets an attacker on the
path downgrade clients to them.
""",
            example="""
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = aws_acm_certificate.web.arn
}
```
""",
            use_instead="""
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.web.arn
}
```
""",
        ),
        remediation="""
Use a policy with TLS 1.2 as the minimum (TLS 1.3 where clients allow).

```hcl
ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
```
""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={"checkov": ["CKV_AWS_103"], "tfsec": ["aws-elb-use-secure-tls-policy"]},
        references=[
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
        ],
    )
)
