from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource
from iacscan.model.iam_policy import (
    IDENTITY_POLICIES,
    POLICY_DOCUMENT,
    Statement,
    backing_document,
    document_statements,
    known_strings,
    parse_policy,
    policy_paths,
)

ALL_ACTIONS = ("*", "*:*")


@check(
    id="IAC-AWS-IAM-001",
    name="iam-policy-full-admin",
    title="IAM policy grants every action on every resource",
    severity=Severity.HIGH,
    category="iam",
    targets={
        Framework.TERRAFORM: [
            "aws_iam_policy",
            "aws_iam_role_policy",
            "aws_iam_user_policy",
            "aws_iam_group_policy",
            "aws_iam_role",
            POLICY_DOCUMENT,
        ],
        Framework.CLOUDFORMATION: [
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::RolePolicy",
            "AWS::IAM::UserPolicy",
            "AWS::IAM::GroupPolicy",
            "AWS::IAM::Role",
            "AWS::IAM::User",
            "AWS::IAM::Group",
        ],
    },
    remediation="""
        Grant only the actions and resources the principal needs.

        ```hcl
        data "aws_iam_policy_document" "deploy" {
          statement {
            actions   = ["s3:PutObject"]
            resources = ["${aws_s3_bucket.artifacts.arn}/*"]
          }
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["1.16"],
        "nist-800-53-r5": ["AC-6"],
        "pci-dss-4.0": ["7.2.2"],
    },
    equivalents={"checkov": ["CKV_AWS_1", "CKV_AWS_62"]},
    references=[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
)
def iam_policy_full_admin(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags identity policy statements with `Effect: Allow`, `Action: "*"` (or `"*:*"`) and
    `Resource: "*"`: full administrator rights. Reads standalone and inline policies
    (`aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
    `aws_iam_group_policy`, `aws_iam_role.inline_policy`, CloudFormation `AWS::IAM::*Policy`
    and the `Policies` of roles, users and groups), whether written as a mapping, a JSON
    string or `jsonencode(...)`, and the `statement` blocks of `aws_iam_policy_document` data
    sources. A policy taken from a data source is reported once, on the data source's
    `actions` line. Statements that name a `Principal` belong to resource policies and are
    left to IAC-AWS-IAM-002. A statement is reported even when it has a condition: with the
    condition met, the principal can still do everything, including removing the condition.

    ## Why is this bad?
    Whoever holds the policy, or steals its credentials, controls the whole account: they can
    read every secret, delete every resource and create new administrators.

    ## Example
    ```hcl
    resource "aws_iam_policy" "deploy" {
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
      })
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_iam_policy" "deploy" {
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{
          Effect   = "Allow"
          Action   = ["s3:PutObject"]
          Resource = ["arn:aws:s3:::acme-artifacts/*"]
        }]
      })
    }
    ```
    """
    for statement in _statements(resource, context.graph):
        action = _admin_action(statement)
        if action is not None:
            yield Violation(
                at=statement.element("Action", action),
                message=f'policy statement allows Action "{action}" on Resource "*"',
            )


def _statements(resource: Resource, graph: ResourceGraph) -> Iterator[Statement]:
    if resource.type_key == POLICY_DOCUMENT:
        # Statements merged in from other data sources are reported on those.
        merged = document_statements(resource, graph)
        yield from (s for s in merged if s.anchor.resource is resource)
        return
    for path in policy_paths(resource, IDENTITY_POLICIES):
        if backing_document(resource, path, graph) is None:
            yield from parse_policy(resource.field(*path))


def _admin_action(statement: Statement) -> str | None:
    if not statement.allows or "Principal" in statement.data or "NotPrincipal" in statement.data:
        return None
    if "*" not in known_strings(statement.get("Resource")):
        return None
    actions = known_strings(statement.get("Action"))
    return next((a for a in ALL_ACTIONS if a in actions), None)
