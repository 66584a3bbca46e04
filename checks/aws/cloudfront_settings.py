"""CloudFront distribution settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

CLOUDFRONT_NO_WAF = setting_check(
    SettingRule(
        id="IAC-AWS-CLOUDFRONT-004",
        name="cloudfront-no-waf",
        title="CloudFront distribution is not protected by AWS WAF",
        severity=Severity.LOW,
        category="network",
        what="the web ACL",
        where={
            Framework.TERRAFORM: {"aws_cloudfront_distribution": ("web_acl_id",)},
            Framework.CLOUDFORMATION: {
                "AWS::CloudFront::Distribution": ("DistributionConfig", "WebACLId")
            },
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags CloudFront distributions without a web ACL: `web_acl_id` (CloudFormation
`DistributionConfig.WebACLId`) unwritten.
""",
            why_is_this_bad="""
Without AWS WAF, every request reaches the origin unfiltered: common exploits (SQL
injection, known bad inputs such as Log4Shell), bots and floods of requests from a few
addresses are not stopped at the edge.
""",
            example="""
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled = true
}
```
""",
            use_instead="""
```hcl
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.edge.arn
}
```
""",
        ),
        remediation="""
Associate a WAFv2 web ACL (scope `CLOUDFRONT`).

```hcl
web_acl_id = aws_wafv2_web_acl.edge.arn
```
""",
        compliance={"nist-800-53-r5": ["SC-7", "SI-4"]},
        equivalents={"checkov": ["CKV_AWS_68"]},
        references=[
            "https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
        ],
    )
)
