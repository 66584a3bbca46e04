from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

# Where each resource type writes the URL's auth type.
_AUTH_TYPE = {
    "aws_lambda_function_url": ("authorization_type",),
    "AWS::Lambda::Url": ("AuthType",),
    "AWS::Serverless::Function": ("FunctionUrlConfig", "AuthType"),
}


@check(
    id="IAC-AWS-LAMBDA-002",
    name="lambda-function-url-unauthenticated",
    title="Lambda function URL accepts unauthenticated requests",
    severity=Severity.MEDIUM,
    category="serverless",
    targets={
        Framework.TERRAFORM: ["aws_lambda_function_url"],
        Framework.CLOUDFORMATION: ["AWS::Lambda::Url", "AWS::Serverless::Function"],
    },
    remediation="""
        Require IAM authentication (callers sign requests with SigV4, or sit behind
        CloudFront with origin access control).

        ```hcl
        resource "aws_lambda_function_url" "api" {
          function_name      = aws_lambda_function.api.function_name
          authorization_type = "AWS_IAM"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={"checkov": ["CKV_AWS_258"]},
    references=["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
)
def lambda_function_url_unauthenticated(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Lambda function URLs with auth type `NONE`: `aws_lambda_function_url`
    `authorization_type`, `AWS::Lambda::Url` `AuthType`, and the `FunctionUrlConfig` of SAM
    `AWS::Serverless::Function`. Public webhooks are a legitimate use; the function must then
    authenticate each request itself (e.g. check a signature), and the finding can be
    suppressed with that reason.

    ## Why is this bad?
    Anyone who learns the URL can invoke the function directly, bypassing any authentication,
    rate limiting or WAF in front of the rest of the application.

    ## Example
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = "NONE"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lambda_function_url" "api" {
      function_name      = aws_lambda_function.api.function_name
      authorization_type = "AWS_IAM"
    }
    ```
    """
    auth_type = resource.field(*_AUTH_TYPE[resource.type_key])
    text = as_str(auth_type.value)
    if text is not None and text.upper() == "NONE":
        yield Violation(at=auth_type, message="function URL auth type is NONE: no authentication")
