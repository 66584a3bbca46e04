from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

# (principal, the arguments that tie the permission to one source) per framework.
_KEYS = {
    Framework.TERRAFORM: ("principal", ("source_arn", "source_account", "principal_org_id")),
    Framework.CLOUDFORMATION: ("Principal", ("SourceArn", "SourceAccount", "PrincipalOrgID")),
}


@check(
    id="IAC-AWS-LAMBDA-017",
    name="lambda-permission-service-unscoped",
    title="Lambda permission lets an AWS service invoke the function on anyone's behalf",
    severity=Severity.MEDIUM,
    category="serverless",
    targets={
        Framework.TERRAFORM: ["aws_lambda_permission"],
        Framework.CLOUDFORMATION: ["AWS::Lambda::Permission"],
    },
    remediation="""
        Tie the permission to the resource (and account) that calls the function.

        ```hcl
        resource "aws_lambda_permission" "uploads" {
          action         = "lambda:InvokeFunction"
          function_name  = aws_lambda_function.thumbnail.function_name
          principal      = "s3.amazonaws.com"
          source_arn     = aws_s3_bucket.uploads.arn
          source_account = data.aws_caller_identity.current.account_id
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
    equivalents={"checkov": ["CKV_AWS_364"]},
    references=["https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
)
def lambda_permission_service_unscoped(
    permission: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Lambda permissions granted to an AWS service principal (`*.amazonaws.com`, e.g.
    `s3.amazonaws.com`, `events.amazonaws.com`, `sns.amazonaws.com`) without `source_arn`,
    `source_account` or `principal_org_id` (CloudFormation `SourceArn`, `SourceAccount`,
    `PrincipalOrgID`). A limiting argument whose value is unknown still counts. Permissions
    for `*` are IAC-AWS-LAMBDA-001's.

    ## Why is this bad?
    The service may then invoke the function on behalf of any of its customers: someone in
    another account can point their own bucket notification, rule or topic at the function
    (the confused deputy problem) and run it with input of their choosing.

    ## Example
    ```hcl
    resource "aws_lambda_permission" "uploads" {
      action        = "lambda:InvokeFunction"
      function_name = aws_lambda_function.thumbnail.function_name
      principal     = "s3.amazonaws.com"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lambda_permission" "uploads" {
      action        = "lambda:InvokeFunction"
      function_name = aws_lambda_function.thumbnail.function_name
      principal     = "s3.amazonaws.com"
      source_arn    = aws_s3_bucket.uploads.arn
    }
    ```
    """
    principal_key, limit_keys = _KEYS[permission.framework]
    principal = permission.field(principal_key)
    text = as_str(principal.value)
    if text is None or not text.strip().lower().endswith(".amazonaws.com"):
        return
    if any(permission.field(key).present for key in limit_keys):
        return
    yield Violation(at=principal, message=f"{text} may invoke the function for any account")
