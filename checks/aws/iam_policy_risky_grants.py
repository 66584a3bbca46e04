"""Identity policy statements that grant a dangerous action on every resource without a
condition: passing any role to a service, assuming any role. One family over the shared
statement model: each row names the action and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.iam_actions import ESCALATION_ACTIONS, EXFILTRATION_ACTIONS
from iacscan.model.iam_policy import (
    FULL_ACCESS_ACTIONS,
    IDENTITY_POLICY_TARGETS,
    Statement,
    identity_statements,
    known_strings,
    on_any_resource,
)


def _full_admin(statement: Statement) -> bool:
    """Reported by IAC-AWS-IAM-001 already."""
    actions = known_strings(statement.get("Action"))
    return on_any_resource(statement) and any(a in actions for a in FULL_ACCESS_ACTIONS)


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    actions: tuple[str, ...]
    described: str
    """How the doc names the actions (`iam:PassRole`, or a family of them)."""
    consequence: str
    example_action: str
    fixed: str
    remediation: str
    compliance: dict[str, list[str]]
    equivalents: dict[str, list[str]] = field(default_factory=dict)


_DOC = """
## What it does
Flags identity policy statements (standalone and inline policies, `aws_iam_policy_document`
data sources, CloudFormation policies) that allow ACTIONS, directly or through a wildcard
(`service:*`, `service:Put*`) or a `NotAction` list that leaves them in, on every resource
(`"*"`) and without a `Condition`. Statements that allow every action on every resource are left to
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
    text = text.replace("ACTIONS", row.described)
    text = text.replace("CONSEQUENCE", row.consequence).replace("EXAMPLE", row.example_action)
    return text.replace("FIXED", row.fixed)


def _violations(resource: Resource, context: CheckContext, row: _Row) -> Iterator[Violation]:
    for statement in identity_statements(resource, context.graph):
        if not statement.allows or statement.has_condition or not on_any_resource(statement):
            continue
        if _full_admin(statement):
            continue
        reported: set[tuple[str | int, ...]] = set()
        for action in row.actions:
            where = statement.granting(action)
            if where is not None and where.path not in reported:
                reported.add(where.path)
                yield Violation(at=where, message=f"the statement allows {action} on any resource")


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
        equivalents=row.equivalents,
        references=[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        ],
    )(run)


IAM_PASS_ROLE_ANY = _make(
    _Row(
        id="IAC-AWS-IAM-019",
        name="iam-policy-pass-any-role",
        title="IAM policy lets its holder pass any role to AWS services",
        actions=("iam:PassRole",),
        described="`iam:PassRole`",
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
        actions=("sts:AssumeRole",),
        described="`sts:AssumeRole`",
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


IAM_PRIVILEGE_ESCALATION = _make(
    _Row(
        id="IAC-AWS-IAM-022",
        name="iam-policy-privilege-escalation",
        title="IAM policy lets its holder escalate its own privileges",
        actions=ESCALATION_ACTIONS,
        described=(
            "an action that rewrites permissions or mints credentials "
            "(`iam:CreatePolicyVersion`, `iam:SetDefaultPolicyVersion`, `iam:Attach*Policy`, "
            "`iam:Put*Policy`, `iam:AddUserToGroup`, `iam:UpdateAssumeRolePolicy`, "
            "`iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`), or that "
            "rewrites code running under another role (`lambda:UpdateFunctionCode`, "
            "`glue:UpdateDevEndpoint`)"
        ),
        consequence=(
            "Each of these actions on every resource is a known path to administrator: the "
            "holder attaches `AdministratorAccess` to itself, writes a new default version of "
            "its own policy, creates access keys and console passwords for more powerful "
            "users, or replaces the code of a Lambda function or Glue endpoint so that it runs "
            "with that function's more powerful role."
        ),
        example_action="iam:AttachRolePolicy",
        fixed='"arn:aws:iam::123456789012:role/app-*"',
        remediation="""
Limit IAM write actions to the roles and policies the principal manages, and guard them with
a permissions boundary condition.

```hcl
statement {
  actions   = ["iam:AttachRolePolicy"]
  resources = ["arn:aws:iam::123456789012:role/app-*"]
  condition {
    test     = "StringEquals"
    variable = "iam:PermissionsBoundary"
    values   = [aws_iam_policy.boundary.arn]
  }
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6", "AC-6(10)"]},
        equivalents={"checkov": ["CKV_AWS_110", "CKV_AWS_286"]},
    )
)

IAM_DATA_EXFILTRATION = _make(
    _Row(
        id="IAC-AWS-IAM-023",
        name="iam-policy-reads-every-secret",
        title="IAM policy lets its holder read every secret, parameter or object",
        actions=EXFILTRATION_ACTIONS,
        described=(
            "reading secrets, parameters or objects (`secretsmanager:GetSecretValue`, "
            "`ssm:GetParameter*`, `s3:GetObject`)"
        ),
        consequence=(
            "Read access to every secret, parameter and object in the account means one "
            "stolen credential exposes every database password, API key and data file, far "
            "beyond what the principal's own job needs."
        ),
        example_action="secretsmanager:GetSecretValue",
        fixed="aws_secretsmanager_secret.db.arn",
        remediation="""
Name the secrets, parameters and buckets the principal reads.

```hcl
statement {
  actions   = ["secretsmanager:GetSecretValue"]
  resources = [aws_secretsmanager_secret.db.arn]
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6", "AC-3"]},
        equivalents={"checkov": ["CKV_AWS_108", "CKV_AWS_288"]},
    )
)
