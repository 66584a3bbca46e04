from __future__ import annotations

import re
from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

ADMINISTRATOR_ACCESS = re.compile(r"^arn:aws[a-z-]*:iam::aws:policy/AdministratorAccess$")

# type -> (attribute, holds a list of ARNs)
_WHERE = {
    "aws_iam_role_policy_attachment": ("policy_arn", False),
    "aws_iam_user_policy_attachment": ("policy_arn", False),
    "aws_iam_group_policy_attachment": ("policy_arn", False),
    "aws_iam_policy_attachment": ("policy_arn", False),
    "aws_iam_role": ("managed_policy_arns", True),
    "aws_iam_role_policy_attachments_exclusive": ("policy_arns", True),
    "aws_iam_user_policy_attachments_exclusive": ("policy_arns", True),
    "aws_iam_group_policy_attachments_exclusive": ("policy_arns", True),
    "AWS::IAM::Role": ("ManagedPolicyArns", True),
    "AWS::IAM::User": ("ManagedPolicyArns", True),
    "AWS::IAM::Group": ("ManagedPolicyArns", True),
}


@check(
    id="IAC-AWS-IAM-018",
    name="iam-administrator-access-attached",
    title="AWS managed AdministratorAccess policy is attached",
    severity=Severity.HIGH,
    category="iam",
    targets={
        Framework.TERRAFORM: [t for t in _WHERE if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in _WHERE if t.startswith("AWS::")],
    },
    remediation="""
        Attach a policy that grants only what the role, user or group needs.

        ```hcl
        resource "aws_iam_role_policy_attachment" "deploy" {
          role       = aws_iam_role.deploy.name
          policy_arn = aws_iam_policy.deploy.arn
        }
        ```
    """,
    compliance={"cis-aws-foundations-1.4.0": ["1.16"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_AWS_274"]},
    references=[
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html",
    ],
)
def iam_administrator_access_attached(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags attachments of the AWS managed `AdministratorAccess` policy
    (`arn:aws:iam::aws:policy/AdministratorAccess`, in any partition) to roles, users and
    groups: `aws_iam_*_policy_attachment`, `aws_iam_policy_attachment`, the exclusive
    attachment resources, `aws_iam_role.managed_policy_arns`, and CloudFormation
    `ManagedPolicyArns` of `AWS::IAM::Role`, `User` and `Group`.

    ## Why is this bad?
    `AdministratorAccess` allows every action on every resource. Whoever holds the role, user
    or group, or steals its credentials, controls the whole account.

    ## Example
    ```hcl
    resource "aws_iam_role_policy_attachment" "ci" {
      role       = aws_iam_role.ci.name
      policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_iam_role_policy_attachment" "ci" {
      role       = aws_iam_role.ci.name
      policy_arn = aws_iam_policy.ci_deploy.arn
    }
    ```
    """
    key, many = _WHERE[resource.type_key]
    where = resource.field(key)
    candidates = list(resource.blocks(key)) if many else [where]
    for arn in candidates:
        if _is_admin(arn):
            yield Violation(at=arn, message="the AdministratorAccess managed policy is attached")


def _is_admin(arn: Field) -> bool:
    text = as_str(arn.value)
    return text is not None and ADMINISTRATOR_ACCESS.match(text.strip()) is not None
