from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.secrets import names_secret

_PLAIN_TYPES = frozenset({"String", "StringList"})


@check(
    id="IAC-AWS-SSM-001",
    name="ssm-parameter-secret-not-secure-string",
    title="SSM parameter that holds a secret is stored as plain text",
    severity=Severity.MEDIUM,
    category="secrets",
    targets={
        Framework.TERRAFORM: ["aws_ssm_parameter"],
        Framework.CLOUDFORMATION: ["AWS::SSM::Parameter"],
    },
    remediation="""
        Store secrets as `SecureString` (encrypted with KMS), or in Secrets Manager.
        CloudFormation cannot create `SecureString` parameters: create them outside the stack
        and read them with `{{resolve:ssm-secure:...}}`.

        ```hcl
        resource "aws_ssm_parameter" "db_password" {
          name   = "/orders/db/password"
          type   = "SecureString"
          key_id = aws_kms_key.ssm.arn
          value  = random_password.db.result
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-28", "IA-5"]},
    references=[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html",
    ],
)
def ssm_parameter_secret_not_secure_string(
    parameter: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags SSM parameters whose name says they hold a secret (`/orders/db/password`,
    `api_token`, `client-secret`; not `password_length` or `token_url`) but whose `type`
    (CloudFormation `Type`) is `String` or `StringList`. Parameters with an unknown name or
    type are not reported.

    ## Why is this bad?
    A plain `String` parameter is stored unencrypted and readable by anyone allowed
    `ssm:GetParameter`, with no KMS permission in the way, and its value shows in the console
    and in API responses.

    ## Example
    ```hcl
    resource "aws_ssm_parameter" "db_password" {
      name  = "/orders/db/password"
      type  = "String"
      value = random_password.db.result
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_ssm_parameter" "db_password" {
      name  = "/orders/db/password"
      type  = "SecureString"
      value = random_password.db.result
    }
    ```
    """
    cloudformation = parameter.framework is Framework.CLOUDFORMATION
    name = as_str(parameter.get("Name" if cloudformation else "name"))
    kind = parameter.field("Type" if cloudformation else "type")
    if name is None or not kind.known or as_str(kind.value) not in _PLAIN_TYPES:
        return
    if names_secret(name.rsplit("/", 1)[-1]):
        yield Violation(at=kind, message=f"{name!r} looks like a secret but is a {kind.value}")
