from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_network_waf import web_acl_may_protect

_APIS = frozenset({"aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi"})


@check(
    id="IAC-AWS-APIGATEWAY-007",
    name="apigateway-stage-no-waf",
    title="API Gateway REST API stage is not protected by AWS WAF",
    severity=Severity.LOW,
    category="network",
    targets={
        Framework.TERRAFORM: ["aws_api_gateway_stage"],
        Framework.CLOUDFORMATION: ["AWS::ApiGateway::Stage"],
    },
    remediation="""
        Associate a regional WAFv2 web ACL with the stage.

        ```hcl
        resource "aws_wafv2_web_acl_association" "api" {
          resource_arn = aws_api_gateway_stage.prod.arn
          web_acl_arn  = aws_wafv2_web_acl.api.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SI-4"]},
    equivalents={"checkov": ["CKV2_AWS_29"]},
    references=[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html",
    ],
)
def apigateway_stage_no_waf(stage: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags REST API stages (`aws_api_gateway_stage`, `AWS::ApiGateway::Stage`) that no WAF web
    ACL association in the configuration refers to (`aws_wafv2_web_acl_association`,
    `aws_wafregional_web_acl_association`, `AWS::WAFv2::WebACLAssociation`). An association
    that names the stage's REST API (e.g. a CloudFormation `Fn::Sub` ARN written with the
    stage's name) counts, and so does handing the stage to a module.

    ## Why is this bad?
    Without AWS WAF every request reaches the integrations unfiltered: injection payloads,
    known exploits, bots and floods from a few addresses are not stopped before they cost
    money or break the back end.

    ## Example
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      stage_name    = "prod"
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      stage_name    = "prod"
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
    }

    resource "aws_wafv2_web_acl_association" "api" {
      resource_arn = aws_api_gateway_stage.prod.arn
      web_acl_arn  = aws_wafv2_web_acl.api.arn
    }
    ```
    """
    graph = context.graph
    if web_acl_may_protect(stage, graph):
        return
    if any(
        web_acl_may_protect(api, graph) for api in graph.references(stage) if api.type_key in _APIS
    ):
        return
    yield Violation(at=stage, message="no WAF web ACL is associated with the stage")
