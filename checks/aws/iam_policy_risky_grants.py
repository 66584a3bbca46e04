"""Identity policy statements that grant a dangerous action on every resource without a
condition: passing any role to a service, assuming any role. One family over the shared
statement model: each row names the action and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.iam_policy import (
    IDENTITY_POLICY_TARGETS,
    Statement,
    identity_statements,
    known_strings,
)

_FULL_ADMIN = ("*", "*:*")


def _any_resource(statement: Statement) -> bool:
    return "*" in known_strings(statement.get("Resource"))


def _full_admin(statement: Statement) -> bool:
    """Reported by IAC-AWS-IAM-001 already."""
    actions = known_strings(statement.get("Action"))
    return _any_resource(statement) and any(a in actions for a in _FULL_ADMIN)


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    action: str
    consequence: str
    example_action: str
    fixed: str
    remediation: str
    compliance: dict[str, list[str]]


_DOC = """
## What it does
Flags identity policy statements (standalone and inline policies, `aws_iam_policy_document`
data sources, CloudFormation policies) that allow `ACTION`, directly or through a wildcard
such as `SERVICE:*` or a `NotAction` list that leaves it in, on every resource (`"*"`) and
without a `Condition`. Statements that allow every action on every resource are left to
IAC-AWS-IAM-001. Unknown actions or resources are not reported.

## Why is this bad?
CONSEQUENCE

## Example
```hcl
data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["EXAMPLE"]
    resources = ["*"]
  }
}
```

## Use instead
```hcl
data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["EXAMPLE"]
    resources = [FIXED]
  }
}
```
"""


def _fill(text: str, row: _Row) -> str:
    service = row.action.split(":")[0]
    text = text.replace("ACTION", row.action).replace("SERVICE", service)
    text = text.replace("CONSEQUENCE", row.consequence).replace("EXAMPLE", row.example_action)
    return text.replace("FIXED", row.fixed)


def _violations(resource: Resource, context: CheckContext, row: _Row) -> Iterator[Violation]:
    for statement in identity_statements(resource, context.graph):
        if not statement.allows or statement.has_condition or not _any_resource(statement):
            continue
        if _full_admin(statement):
            continue
        where = statement.granting(row.action)
        if where is not None:
            yield Violation(at=where, message=f"the statement allows {row.action} on any resource")


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, context, row)

    run.__doc__ = _fill(_DOC, row)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=Severity.HIGH,
        category="iam",
        targets=IDENTITY_POLICY_TARGETS,
        remediation=row.remediation,
        compliance=row.compliance,
        references=[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        ],
    )(run)


IAM_PASS_ROLE_ANY = _make(
    _Row(
        id="IAC-AWS-IAM-019",
        name="iam-policy-pass-any-role",
        title="IAM policy lets its holder pass any role to AWS services",
        action="iam:PassRole",
        consequence=(
            "`iam:PassRole` on every role lets the holder hand the most powerful role in the "
            "account to a service it controls (a Lambda function, an EC2 instance, a Glue "
            "job) and act with that role's permissions: a direct path to privilege "
            "escalation."
        ),
        example_action="iam:PassRole",
        fixed="aws_iam_role.worker.arn",
        remediation="""
Name the roles that may be passed, and to which service.

```hcl
statement {
  actions   = ["iam:PassRole"]
  resources = [aws_iam_role.worker.arn]
  condition {
    test     = "StringEquals"
    variable = "iam:PassedToService"
    values   = ["lambda.amazonaws.com"]
  }
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6", "AC-6(10)"]},
    )
)

IAM_ASSUME_ANY_ROLE = _make(
    _Row(
        id="IAC-AWS-IAM-021",
        name="iam-policy-assume-any-role",
        title="IAM policy lets its holder assume any role",
        action="sts:AssumeRole",
        consequence=(
            "`sts:AssumeRole` on every role lets the holder become any role whose trust policy "
            "admits the account (many trust the whole account root), including roles in other "
            "accounts: one stolen credential reaches far beyond what it was meant for."
        ),
        example_action="sts:AssumeRole",
        fixed='"arn:aws:iam::123456789012:role/deploy"',
        remediation="""
Name the roles that may be assumed.

```hcl
statement {
  actions   = ["sts:AssumeRole"]
  resources = ["arn:aws:iam::123456789012:role/deploy"]
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6"]},
    )
)


@check(
    id="IAC-AWS-IAM-020",
    name="iam-policy-allow-not-action",
    title="IAM policy allows everything except a list of actions",
    severity=Severity.MEDIUM,
    category="iam",
    targets=IDENTITY_POLICY_TARGETS,
    remediation="""
        List the actions to allow instead of the ones to exclude.

        ```hcl
        statement {
          actions   = ["s3:GetObject", "s3:PutObject"]
          resources = ["${aws_s3_bucket.data.arn}/*"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6"]},
    references=[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    ],
)
def iam_policy_allow_not_action(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags identity policy statements that combine `Effect: Allow` with `NotAction`
    (`not_actions` in an `aws_iam_policy_document`): they allow every action of every
    service except the listed ones. The finding points at the `NotAction` list.

    ## Why is this bad?
    The grant grows silently: every new AWS service and action is allowed the day it
    launches, and a single forgotten action in the exclusion list (`iam:PassRole`,
    `sts:AssumeRole`, `organizations:*`) is enough to escalate privileges.

    ## Example
    ```hcl
    data "aws_iam_policy_document" "power_user" {
      statement {
        not_actions = ["iam:*"]
        resources   = ["*"]
      }
    }
    ```

    ## Use instead
    ```hcl
    data "aws_iam_policy_document" "deploy" {
      statement {
        actions   = ["s3:PutObject", "cloudfront:CreateInvalidation"]
        resources = ["*"]
      }
    }
    ```
    """
    for statement in identity_statements(resource, context.graph):
        if statement.allows and "NotAction" in statement.data:
            yield Violation(
                at=statement.field("NotAction"),
                message="the statement allows every action except the listed ones",
            )
