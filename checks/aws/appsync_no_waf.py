from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_network_waf import web_acl_may_protect


@check(
    id="IAC-AWS-APPSYNC-004",
    name="appsync-no-waf",
    title="AppSync GraphQL API is not protected by AWS WAF",
    severity=Severity.LOW,
    category="network",
    targets={
        Framework.TERRAFORM: ["aws_appsync_graphql_api"],
        Framework.CLOUDFORMATION: ["AWS::AppSync::GraphQLApi"],
    },
    remediation="""
        Associate a regional WAFv2 web ACL with the API.

        ```hcl
        resource "aws_wafv2_web_acl_association" "graphql" {
          resource_arn = aws_appsync_graphql_api.api.arn
          web_acl_arn  = aws_wafv2_web_acl.api.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SI-4"]},
    equivalents={"checkov": ["CKV2_AWS_33"]},
    references=["https://docs.aws.amazon.com/appsync/latest/devguide/WAF-Integration.html"],
)
def appsync_no_waf(api: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags AppSync GraphQL APIs that no WAF web ACL association in the configuration refers to
    (`aws_wafv2_web_acl_association`, `AWS::WAFv2::WebACLAssociation`). APIs handed to a
    module call are not reported.

    ## Why is this bad?
    GraphQL endpoints invite expensive and abusive queries (deep nesting, batching,
    introspection, credential stuffing through mutations); without WAF there is no rate
    limiting or filtering in front of the resolvers and their data sources.

    ## Example
    ```hcl
    resource "aws_appsync_graphql_api" "api" {
      name                = "api"
      authentication_type = "API_KEY"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_appsync_graphql_api" "api" {
      name                = "api"
      authentication_type = "API_KEY"
    }

    resource "aws_wafv2_web_acl_association" "graphql" {
      resource_arn = aws_appsync_graphql_api.api.arn
      web_acl_arn  = aws_wafv2_web_acl.api.arn
    }
    ```
    """
    if not web_acl_may_protect(api, context.graph):
        yield Violation(at=api, message="no WAF web ACL is associated with the API")
