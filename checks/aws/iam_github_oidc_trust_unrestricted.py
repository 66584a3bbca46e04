from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, is_unknown
from iacscan.model.iam_policy import (
    POLICY_DOCUMENT,
    Statement,
    backing_document,
    document_statements,
    known_strings,
    parse_policy,
)

GITHUB = "token.actions.githubusercontent.com"
_SUBJECT = f"{GITHUB}:sub"
_TRUST = {"aws_iam_role": ("assume_role_policy",), "AWS::IAM::Role": ("AssumeRolePolicyDocument",)}


@check(
    id="IAC-AWS-IAM-025",
    name="iam-github-oidc-trust-any-repository",
    title="IAM role trusts GitHub Actions tokens from any repository",
    severity=Severity.HIGH,
    category="iam",
    targets={
        Framework.TERRAFORM: ["aws_iam_role", POLICY_DOCUMENT],
        Framework.CLOUDFORMATION: ["AWS::IAM::Role"],
    },
    remediation="""
        Require the token's `sub` claim to name your repository (and branch or environment).

        ```hcl
        condition {
          test     = "StringLike"
          variable = "token.actions.githubusercontent.com:sub"
          values   = ["repo:acme/deploy:ref:refs/heads/main"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "IA-2"]},
    equivalents={"checkov": ["CKV_AWS_358"]},
    references=[
        "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
    ],
)
def iam_github_oidc_trust_any_repository(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags role trust policies (`aws_iam_role.assume_role_policy`, the `aws_iam_policy_document`
    data sources that render them, CloudFormation `AssumeRolePolicyDocument`) that let the
    GitHub Actions OIDC provider (`token.actions.githubusercontent.com`) assume the role
    without a condition on the token's `sub` claim, or with one that matches every repository
    (`*`, `repo:*`). Conditions that cannot be known are not reported.

    ## Why is this bad?
    Every GitHub Actions workflow of every repository on github.com can request a token from
    the same provider: without a `sub` condition naming your repository, anyone can write a
    workflow that assumes the role and acts in your account.

    ## Example
    ```hcl
    data "aws_iam_policy_document" "deploy_trust" {
      statement {
        actions = ["sts:AssumeRoleWithWebIdentity"]
        principals {
          type        = "Federated"
          identifiers = [aws_iam_openid_connect_provider.github.arn]
        }
        condition {
          test     = "StringEquals"
          variable = "token.actions.githubusercontent.com:aud"
          values   = ["sts.amazonaws.com"]
        }
      }
    }
    ```

    ## Use instead
    ```hcl
    data "aws_iam_policy_document" "deploy_trust" {
      statement {
        actions = ["sts:AssumeRoleWithWebIdentity"]
        principals {
          type        = "Federated"
          identifiers = [aws_iam_openid_connect_provider.github.arn]
        }
        condition {
          test     = "StringEquals"
          variable = "token.actions.githubusercontent.com:aud"
          values   = ["sts.amazonaws.com"]
        }
        condition {
          test     = "StringLike"
          variable = "token.actions.githubusercontent.com:sub"
          values   = ["repo:acme/deploy:ref:refs/heads/main"]
        }
      }
    }
    ```
    """
    for statement in _trust_statements(resource, context.graph):
        if not statement.allows or statement.granting("sts:AssumeRoleWithWebIdentity") is None:
            continue
        if not _trusts_github(statement):
            continue
        subjects = _subject_values(statement)
        if subjects is None:
            continue
        if not subjects or all(_any_repository(s) for s in subjects):
            where = statement.field("Condition") if subjects else statement.anchor
            yield Violation(
                at=where, message="GitHub Actions tokens from any repository may assume the role"
            )


def _trust_statements(resource: Resource, graph: ResourceGraph) -> Iterator[Statement]:
    if resource.type_key == POLICY_DOCUMENT:
        merged = document_statements(resource, graph)
        yield from (s for s in merged if s.anchor.resource is resource)
        return
    path = _TRUST[resource.type_key]
    if backing_document(resource, path, graph) is None:
        yield from parse_policy(resource.field(*path))


def _trusts_github(statement: Statement) -> bool:
    """The federated principal is GitHub's provider, or its ARN is not known but the
    condition tests GitHub token claims (`token.actions.githubusercontent.com:aud`)."""
    principal = statement.get("Principal")
    if not isinstance(principal, dict):
        return False
    if any(GITHUB in p for p in known_strings(principal.get("Federated"))):
        return True
    return any(key.lower().startswith(f"{GITHUB}:") for key in _condition_keys(statement))


def _condition_keys(statement: Statement) -> list[str]:
    condition = statement.get("Condition")
    if isinstance(condition, list):
        return [
            b["variable"]
            for b in condition
            if isinstance(b, dict) and isinstance(b.get("variable"), str)
        ]
    if isinstance(condition, dict):
        return [
            k for op in condition.values() if isinstance(op, dict) for k in op if isinstance(k, str)
        ]
    return []


def _subject_values(statement: Statement) -> list[str] | None:
    """The values the condition allows for the `sub` claim; None when unknown."""
    condition = statement.get("Condition")
    if condition is None or not statement.has_condition:
        return []
    if is_unknown(condition):
        return None
    if statement.origin == "document":
        return _document_subjects(condition)
    values: list[str] = []
    if not isinstance(condition, dict):
        return None
    for operator in condition.values():
        if not isinstance(operator, dict):
            return None
        for key, value in operator.items():
            if isinstance(key, str) and key.lower() == _SUBJECT:
                values.extend(known_strings(value))
    return values


def _document_subjects(blocks: Any) -> list[str] | None:
    values: list[str] = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict):
            return None
        variable = block.get("variable")
        if isinstance(variable, str) and variable.lower() == _SUBJECT:
            values.extend(known_strings(block.get("values")))
    return values


def _any_repository(pattern: str) -> bool:
    return pattern.strip() in ("*", "repo:*", "repo:*/*", "repo:*:*")
