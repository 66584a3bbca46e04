from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

# (principal, the arguments that limit who may use the permission) per framework.
_KEYS = {
    Framework.TERRAFORM: ("principal", ("source_arn", "source_account", "principal_org_id")),
    Framework.CLOUDFORMATION: ("Principal", ("SourceArn", "SourceAccount", "PrincipalOrgID")),
}


@check(
    id="IAC-AWS-LAMBDA-001",
    name="lambda-permission-public",
    title="Lambda permission lets any AWS account invoke the function",
    severity=Severity.HIGH,
    category="serverless",
    targets={
        Framework.TERRAFORM: ["aws_lambda_permission"],
        Framework.CLOUDFORMATION: ["AWS::Lambda::Permission"],
    },
    remediation="""
        Name the service or account that calls the function, and the resource it calls from.

        ```hcl
        resource "aws_lambda_permission" "s3" {
          action        = "lambda:InvokeFunction"
          function_name = aws_lambda_function.thumbnail.function_name
          principal     = "s3.amazonaws.com"
          source_arn    = aws_s3_bucket.uploads.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
    equivalents={"checkov": ["CKV_AWS_301"]},
    references=[
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
    ],
)
def lambda_permission_public(permission: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Lambda permissions (`aws_lambda_permission`, `AWS::Lambda::Permission`) granted to
    principal `*` without any of `source_arn`, `source_account` or `principal_org_id`
    (CloudFormation `SourceArn`, `SourceAccount`, `PrincipalOrgID`) to narrow it down. A
    limiting argument whose value is unknown still counts as a limit. This includes the
    `lambda:InvokeFunctionUrl` permission an unauthenticated function URL needs; the URL
    itself is reported by IAC-AWS-LAMBDA-002.

    ## Why is this bad?
    Any principal of any AWS account can invoke the function (or call its URL): it runs
    with its role's permissions on input chosen by strangers, and every call is billed to you.

    ## Example
    ```hcl
    resource "aws_lambda_permission" "anyone" {
      action        = "lambda:InvokeFunction"
      function_name = aws_lambda_function.report.function_name
      principal     = "*"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lambda_permission" "events" {
      action        = "lambda:InvokeFunction"
      function_name = aws_lambda_function.report.function_name
      principal     = "events.amazonaws.com"
      source_arn    = aws_cloudwatch_event_rule.nightly.arn
    }
    ```
    """
    principal_key, limit_keys = _KEYS[permission.framework]
    principal = permission.field(principal_key)
    if principal.value != "*":
        return
    if any(permission.field(key).present for key in limit_keys):
        return
    yield Violation(at=principal, message="any AWS principal may invoke the function")
