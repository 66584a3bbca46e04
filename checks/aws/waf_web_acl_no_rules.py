from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

_RULES = {Framework.TERRAFORM: "rule", Framework.CLOUDFORMATION: "Rules"}


@check(
    id="IAC-AWS-WAF-002",
    name="waf-web-acl-no-rules",
    title="WAF web ACL has no rules",
    severity=Severity.MEDIUM,
    category="network",
    targets={
        Framework.TERRAFORM: ["aws_wafv2_web_acl"],
        Framework.CLOUDFORMATION: ["AWS::WAFv2::WebACL"],
    },
    remediation="""
        Add rules, for example the AWS managed common rule set.

        ```hcl
        rule {
          name     = "common"
          priority = 1

          override_action {
            none {}
          }

          statement {
            managed_rule_group_statement {
              vendor_name = "AWS"
              name        = "AWSManagedRulesCommonRuleSet"
            }
          }

          visibility_config {
            cloudwatch_metrics_enabled = true
            metric_name                = "common"
            sampled_requests_enabled   = true
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SI-3"]},
    equivalents={"checkov": ["CKV_AWS_175"]},
    references=["https://docs.aws.amazon.com/waf/latest/developerguide/web-acl.html"],
)
def waf_web_acl_no_rules(acl: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags WAFv2 web ACLs without any rule: no `rule` block (CloudFormation `Rules` missing or
    empty). Rules written with `dynamic` blocks or lists that cannot be known are not
    reported.

    ## Why is this bad?
    A web ACL without rules applies its default action to every request: with `allow` it
    filters nothing while giving the impression that the resource is protected.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      name  = "edge"
      scope = "REGIONAL"

      default_action {
        allow {}
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      name  = "edge"
      scope = "REGIONAL"

      default_action {
        allow {}
      }

      rule {
        name     = "common"
        priority = 1
        override_action {
          none {}
        }
        statement {
          managed_rule_group_statement {
            vendor_name = "AWS"
            name        = "AWSManagedRulesCommonRuleSet"
          }
        }
        visibility_config {
          cloudwatch_metrics_enabled = true
          metric_name                = "common"
          sampled_requests_enabled   = true
        }
      }
    }
    ```
    """
    rules = acl.field(_RULES[acl.framework])
    if rules.unknown:
        return
    if isinstance(rules.value, list) and rules.value:
        return
    # Terraform also accepts rules as JSON (`rule_json`).
    if acl.framework is Framework.TERRAFORM and acl.field("rule_json").present:
        return
    yield Violation(at=rules, message="the web ACL has no rules")
