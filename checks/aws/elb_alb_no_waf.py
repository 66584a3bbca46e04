from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.aws_network_lb import lb_type
from iacscan.model.aws_network_waf import web_acl_may_protect


@check(
    id="IAC-AWS-ELB-008",
    name="alb-public-no-waf",
    title="Internet-facing application load balancer is not protected by AWS WAF",
    severity=Severity.LOW,
    category="network",
    targets={
        Framework.TERRAFORM: ["aws_lb", "aws_alb"],
        Framework.CLOUDFORMATION: ["AWS::ElasticLoadBalancingV2::LoadBalancer"],
    },
    remediation="""
        Associate a regional WAFv2 web ACL with the load balancer.

        ```hcl
        resource "aws_wafv2_web_acl_association" "web" {
          resource_arn = aws_lb.web.arn
          web_acl_arn  = aws_wafv2_web_acl.web.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SI-4"]},
    equivalents={"checkov": ["CKV2_AWS_28"]},
    references=["https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html"],
)
def alb_public_no_waf(balancer: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags internet-facing application load balancers (`internal` false or unwritten,
    CloudFormation `Scheme` `internet-facing` or unwritten) that no WAF web ACL association in
    the configuration refers to (`aws_wafv2_web_acl_association`,
    `aws_wafregional_web_acl_association`, `AWS::WAFv2::WebACLAssociation`). Internal load
    balancers, network and gateway load balancers, and load balancers handed to a module call
    are not reported.

    ## Why is this bad?
    Every request from the internet reaches the targets unfiltered: injection payloads, known
    exploits (Log4Shell-style inputs), bots and floods are not stopped at the edge of the VPC.

    ## Example
    ```hcl
    resource "aws_lb" "web" {
      name    = "web"
      subnets = var.public_subnet_ids
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lb" "web" {
      name    = "web"
      subnets = var.public_subnet_ids
    }

    resource "aws_wafv2_web_acl_association" "web" {
      resource_arn = aws_lb.web.arn
      web_acl_arn  = aws_wafv2_web_acl.web.arn
    }
    ```
    """
    if lb_type(balancer) != "application" or not _internet_facing(balancer):
        return
    if web_acl_may_protect(balancer, context.graph):
        return
    yield Violation(at=balancer, message="no WAF web ACL is associated with the load balancer")


def _internet_facing(balancer: Resource) -> bool:
    if balancer.framework is Framework.TERRAFORM:
        internal = balancer.field("internal")
        return not internal.present or as_bool(internal.value) is False
    scheme = balancer.field("Scheme")
    return not scheme.present or as_str(scheme.value) == "internet-facing"
