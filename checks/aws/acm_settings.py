"""ACM certificate settings."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

ACM_TRANSPARENCY_LOGGING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-ACM-001",
        name="acm-certificate-transparency-disabled",
        title="ACM certificate is kept out of Certificate Transparency logs",
        severity=Severity.LOW,
        category="encryption",
        what="certificate transparency logging",
        where={
            Framework.TERRAFORM: {
                "aws_acm_certificate": (
                    "options",
                    0,
                    "certificate_transparency_logging_preference",
                )
            },
            Framework.CLOUDFORMATION: {
                "AWS::CertificateManager::Certificate": (
                    "CertificateTransparencyLoggingPreference",
                )
            },
        },
        expect=NoneOf(frozenset({"DISABLED"})),
        doc=Doc(
            what_it_does="""
Flags ACM certificates with `options.certificate_transparency_logging_preference =
"DISABLED"` (CloudFormation `CertificateTransparencyLoggingPreference: DISABLED`). Logging is
on by default.
""",
            why_is_this_bad="""
Certificate Transparency lets domain owners spot certificates issued for their names by
mistake or by an attacker. Browsers distrust publicly trusted certificates that are missing
from the logs, so opting out also breaks clients.
""",
            example="""
```hcl
resource "aws_acm_certificate" "site" {
  domain_name       = "www.example.com"
  validation_method = "DNS"

  options {
    certificate_transparency_logging_preference = "DISABLED"
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_acm_certificate" "site" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
}
```
""",
        ),
        remediation="""
Keep transparency logging on.

```hcl
options {
  certificate_transparency_logging_preference = "ENABLED"
}
```
""",
        compliance={"nist-800-53-r5": ["SC-17"]},
        equivalents={"checkov": ["CKV_AWS_234"]},
        references=[
            "https://docs.aws.amazon.com/acm/latest/userguide/acm-concepts.html#concept-transparency",
        ],
    )
)
