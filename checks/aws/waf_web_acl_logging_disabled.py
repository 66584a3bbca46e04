from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

_LOGGING = {
    Framework.TERRAFORM: "aws_wafv2_web_acl_logging_configuration",
    Framework.CLOUDFORMATION: "AWS::WAFv2::LoggingConfiguration",
}


@check(
    id="IAC-AWS-WAF-001",
    name="waf-web-acl-logging-disabled",
    title="WAF web ACL does not log requests",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_wafv2_web_acl"],
        Framework.CLOUDFORMATION: ["AWS::WAFv2::WebACL"],
    },
    remediation="""
        Add a logging configuration for the web ACL.

        ```hcl
        resource "aws_wafv2_web_acl_logging_configuration" "edge" {
          resource_arn            = aws_wafv2_web_acl.edge.arn
          log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12", "SI-4"]},
    equivalents={"checkov": ["CKV2_AWS_31"]},
    references=["https://docs.aws.amazon.com/waf/latest/developerguide/logging.html"],
)
def waf_web_acl_logging_disabled(acl: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags WAFv2 web ACLs that no logging configuration in the configuration refers to
    (`aws_wafv2_web_acl_logging_configuration` with `resource_arn`,
    `AWS::WAFv2::LoggingConfiguration` with `ResourceArn`). A web ACL handed to a module call
    is not reported (the module may configure logging).

    ## Why is this bad?
    Without logs, blocked attacks, false positives and the requests that got through cannot
    be reviewed: tuning the rules and investigating an incident both become guesswork.

    ## Example
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      name  = "edge"
      scope = "CLOUDFRONT"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_wafv2_web_acl" "edge" {
      name  = "edge"
      scope = "CLOUDFRONT"
    }

    resource "aws_wafv2_web_acl_logging_configuration" "edge" {
      resource_arn            = aws_wafv2_web_acl.edge.arn
      log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
    }
    ```
    """
    graph = context.graph
    if graph.referenced_by(acl, _LOGGING[acl.framework]) or graph.referenced_by(acl, "module"):
        return
    yield Violation(at=acl, message="no logging configuration records this web ACL's requests")
