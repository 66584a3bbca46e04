from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource

# type -> the attribute that hands permissions to users directly
_USER_GRANTS = {
    "aws_iam_user_policy": "user",
    "aws_iam_user_policy_attachment": "user",
    "aws_iam_policy_attachment": "users",
    "AWS::IAM::Policy": "Users",
    "AWS::IAM::ManagedPolicy": "Users",
    "AWS::IAM::User": "",
}


@check(
    id="IAC-AWS-IAM-017",
    name="iam-user-direct-policy",
    title="IAM policy is attached to a user instead of a group or role",
    severity=Severity.LOW,
    category="iam",
    targets={
        Framework.TERRAFORM: [t for t in _USER_GRANTS if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in _USER_GRANTS if t.startswith("AWS::")],
    },
    remediation="""
        Attach policies to groups (or roles) and make users members.

        ```hcl
        resource "aws_iam_group_policy_attachment" "developers" {
          group      = aws_iam_group.developers.name
          policy_arn = aws_iam_policy.developer.arn
        }

        resource "aws_iam_user_group_membership" "alice" {
          user   = aws_iam_user.alice.name
          groups = [aws_iam_group.developers.name]
        }
        ```
    """,
    compliance={"cis-aws-foundations-1.4.0": ["1.15"], "nist-800-53-r5": ["AC-2", "AC-6"]},
    equivalents={"checkov": ["CKV_AWS_40"], "tfsec": ["aws-iam-no-user-attached-policies"]},
    references=[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions",
    ],
)
def iam_user_direct_policy(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags permissions given to IAM users directly: inline user policies
    (`aws_iam_user_policy`), managed policy attachments to users
    (`aws_iam_user_policy_attachment`, `aws_iam_policy_attachment` with `users`), and in
    CloudFormation the `Policies` and `ManagedPolicyArns` of `AWS::IAM::User` and the `Users`
    of `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy`. Empty lists are not reported.

    ## Why is this bad?
    Permissions scattered over individual users are hard to review and are forgotten when
    people change roles; users end up with more access than anyone intended. Groups and roles
    make the grant visible and removable in one place.

    ## Example
    ```hcl
    resource "aws_iam_user_policy_attachment" "alice" {
      user       = aws_iam_user.alice.name
      policy_arn = aws_iam_policy.developer.arn
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_iam_group_policy_attachment" "developers" {
      group      = aws_iam_group.developers.name
      policy_arn = aws_iam_policy.developer.arn
    }
    ```
    """
    key = _USER_GRANTS[resource.type_key]
    if resource.type_key == "AWS::IAM::User":
        for name in ("Policies", "ManagedPolicyArns"):
            yield from _listed(resource.field(name), f"the user has {name}")
        return
    where = resource.field(key)
    if key == "user":
        # The resource exists only to give one user a policy, whoever the user is.
        if where.present:
            yield Violation(at=where, message="the policy is given to a user directly")
        return
    yield from _listed(where, "the policy is given to users directly")


def _listed(field: Field, message: str) -> Iterator[Violation]:
    """A violation for a non-empty list (its elements may be unknown; its length is not)."""
    if isinstance(field.value, list) and field.value:
        yield Violation(at=field, message=message)
