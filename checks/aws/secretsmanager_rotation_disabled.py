from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

_ROTATION = {
    Framework.TERRAFORM: "aws_secretsmanager_secret_rotation",
    Framework.CLOUDFORMATION: "AWS::SecretsManager::RotationSchedule",
}
# Where a rotation names its secret.
_SECRET_KEY = {Framework.TERRAFORM: "secret_id", Framework.CLOUDFORMATION: "SecretId"}


@check(
    id="IAC-AWS-SECRETSMANAGER-002",
    name="secretsmanager-rotation-disabled",
    title="Secrets Manager secret is never rotated automatically",
    severity=Severity.LOW,
    category="secrets",
    targets={
        Framework.TERRAFORM: ["aws_secretsmanager_secret"],
        Framework.CLOUDFORMATION: ["AWS::SecretsManager::Secret"],
    },
    remediation="""
        Rotate the secret automatically with a rotation function.

        ```hcl
        resource "aws_secretsmanager_secret_rotation" "db" {
          secret_id           = aws_secretsmanager_secret.db.id
          rotation_lambda_arn = aws_lambda_function.rotate.arn

          rotation_rules {
            automatically_after_days = 30
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["IA-5"]},
    equivalents={"checkov": ["CKV2_AWS_57"]},
    references=[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
    ],
)
def secretsmanager_rotation_disabled(
    secret: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Secrets Manager secrets that no rotation configures: no
    `aws_secretsmanager_secret_rotation` (CloudFormation `AWS::SecretsManager::RotationSchedule`)
    refers to the secret, and no inline `rotation_rules` (AWS provider v2). Secrets managed by
    another service (`ManageMasterUserPassword` creates and rotates its own) are not in the
    template and so not seen. Not reported when a rotation in the same module or template names
    a secret that cannot be resolved (it may be this one).

    ## Why is this bad?
    A secret that never changes stays valid wherever it leaked: old laptops, CI logs, former
    employees' notes.

    ## Example
    ```hcl
    resource "aws_secretsmanager_secret" "db" {
      name = "orders/db"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_secretsmanager_secret" "db" {
      name = "orders/db"
    }

    resource "aws_secretsmanager_secret_rotation" "db" {
      secret_id           = aws_secretsmanager_secret.db.id
      rotation_lambda_arn = aws_lambda_function.rotate.arn

      rotation_rules {
        automatically_after_days = 30
      }
    }
    ```
    """
    graph = context.graph
    rotation_type = _ROTATION[secret.framework]
    if graph.referenced_by(secret, rotation_type) or secret.field("rotation_rules").present:
        return
    name = secret.get("Name" if secret.framework is Framework.CLOUDFORMATION else "name")
    for rotation in graph.of_type(secret.framework, rotation_type):
        if _same_scope(rotation, secret) and not graph.references(rotation, secret.type_key):
            target = rotation.field(_SECRET_KEY[secret.framework])
            if not target.known or _names(target.value, name):
                return  # names its secret by an unknown value or by this secret's name
    yield Violation(at=secret, message="automatic rotation is not configured")


def _same_scope(a: Resource, b: Resource) -> bool:
    return a.id.split("::", 1)[0] == b.id.split("::", 1)[0] and a.module == b.module


def _names(target: object, name: object) -> bool:
    """A literal secret id that is the secret's name or an ARN ending in it."""
    if not isinstance(target, str) or not isinstance(name, str) or not name:
        return False
    return target == name or f":secret:{name}" in target
