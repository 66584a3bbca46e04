"""Identity policy statements whose grant has no natural bound: everything but a list of
actions (`NotAction`), or every action on the resources they name."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.iam_policy import (
    FULL_ACCESS_ACTIONS,
    IDENTITY_POLICY_TARGETS,
    identity_statements,
    known_strings,
    on_any_resource,
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


@check(
    id="IAC-AWS-IAM-024",
    name="iam-policy-wildcard-action",
    title="IAM policy allows every action on the resources it names",
    severity=Severity.MEDIUM,
    category="iam",
    targets=IDENTITY_POLICY_TARGETS,
    remediation="""
        List the actions the principal needs on the resource.

        ```hcl
        statement {
          actions   = ["s3:GetObject", "s3:PutObject"]
          resources = ["${aws_s3_bucket.data.arn}/*"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_AWS_63"]},
    references=[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
)
def iam_policy_wildcard_action(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags identity policy statements that allow `Action: "*"` (or `"*:*"`) on named
    resources. With `Resource: "*"` the statement is full administrator access, reported by
    IAC-AWS-IAM-001 instead. The finding points at the `"*"` action.

    ## Why is this bad?
    Every action of every service on the resource, including deleting it, changing its
    policy to share it publicly and disabling its encryption, is granted; and every action AWS
    adds later is granted too.

    ## Example
    ```hcl
    data "aws_iam_policy_document" "data" {
      statement {
        actions   = ["*"]
        resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
      }
    }
    ```

    ## Use instead
    ```hcl
    data "aws_iam_policy_document" "data" {
      statement {
        actions   = ["s3:GetObject", "s3:PutObject"]
        resources = ["${aws_s3_bucket.data.arn}/*"]
      }
    }
    ```
    """
    for statement in identity_statements(resource, context.graph):
        if not statement.allows or on_any_resource(statement):
            continue
        actions = known_strings(statement.get("Action"))
        for action in FULL_ACCESS_ACTIONS:
            if action in actions:
                yield Violation(
                    at=statement.element("Action", action),
                    message=f'the statement allows Action "{action}" on the resources it names',
                )
