"""IAM users, roles and customer-managed policies, with their policy documents.

Global: read once, in region `global`. A role's and a user's inline policies and managed
policy attachments are resources of their own (`aws_iam_role_policy`,
`aws_iam_role_policy_attachment`, ...), as Terraform writes them; a planned role that writes
`inline_policy` or `managed_policy_arns` is compared with them (see compare.py). AWS-managed
policies are not listed (Terraform cannot own them); attachments of them are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.inventory import GLOBAL_REGION, LiveRecord
from iacscan.drift.names import policy_reference

SERVICE = "iam"
CLIENT = "iam"
GLOBAL = True
USER = "aws_iam_user"
ROLE = "aws_iam_role"
POLICY = "aws_iam_policy"
ROLE_POLICY = "aws_iam_role_policy"
ROLE_ATTACHMENT = "aws_iam_role_policy_attachment"
USER_POLICY = "aws_iam_user_policy"
USER_ATTACHMENT = "aws_iam_user_policy_attachment"
TYPES = (USER, ROLE, POLICY, ROLE_POLICY, ROLE_ATTACHMENT, USER_POLICY, USER_ATTACHMENT)


def document(value: Any) -> str | None:
    """A policy document as JSON text (boto3 hands IAM documents over already decoded)."""
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value)


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    pages = context.reader.pages
    for role in pages(client, "list_roles", "Roles"):
        attributes = {
            "name": role["RoleName"],
            "arn": role.get("Arn"),
            "path": role.get("Path"),
            "description": role.get("Description"),
            "assume_role_policy": document(role.get("AssumeRolePolicyDocument")),
            "max_session_duration": role.get("MaxSessionDuration"),
        }
        yield record(ROLE, role["RoleName"], GLOBAL_REGION, attributes)
        yield from _principal_policies(context, "role", role["RoleName"])
    for user in pages(client, "list_users", "Users"):
        attributes = {"name": user["UserName"], "arn": user.get("Arn"), "path": user.get("Path")}
        yield record(USER, user["UserName"], GLOBAL_REGION, attributes)
        yield from _principal_policies(context, "user", user["UserName"])
    for policy in pages(client, "list_policies", "Policies", Scope="Local"):
        yield _policy(context, policy)


def _principal_policies(context: ServiceContext, kind: str, name: str) -> Iterator[LiveRecord]:
    """Inline policies and managed attachments of one role or user."""
    client = context.client()
    noun = kind.capitalize()
    inline_type, attachment_type = (
        (ROLE_POLICY, ROLE_ATTACHMENT) if kind == "role" else (USER_POLICY, USER_ATTACHMENT)
    )
    parent = (ROLE if kind == "role" else USER, name, kind)
    arguments = {f"{noun}Name": name}
    names = context.optional(
        lambda: list(
            context.reader.pages(client, f"list_{kind}_policies", "PolicyNames", **arguments)
        ),
        f"List{noun}Policies",
        types=(inline_type,),
    )
    for policy_name in names or []:
        got = context.optional(
            lambda n=policy_name: getattr(client, f"get_{kind}_policy")(PolicyName=n, **arguments),  # type: ignore[misc]
            f"Get{noun}Policy",
            types=(inline_type,),
        )
        if got is None:
            continue
        attributes = {
            kind: name,
            "name": policy_name,
            "policy": document(got.get("PolicyDocument")),
        }
        yield record(inline_type, f"{name}:{policy_name}", GLOBAL_REGION, attributes, parent=parent)
    attached = context.optional(
        lambda: list(
            context.reader.pages(
                client, f"list_attached_{kind}_policies", "AttachedPolicies", **arguments
            )
        ),
        f"ListAttached{noun}Policies",
        types=(attachment_type,),
    )
    for policy in attached or []:
        arn = policy["PolicyArn"]
        attributes = {kind: name, "policy_arn": arn}
        identity = f"{name}/{policy_reference(arn)}"
        yield record(attachment_type, identity, GLOBAL_REGION, attributes, parent=parent)


def _policy(context: ServiceContext, policy: dict[str, Any]) -> LiveRecord:
    arn = policy["Arn"]
    version = context.optional(
        lambda: context.client().get_policy_version(
            PolicyArn=arn, VersionId=policy["DefaultVersionId"]
        ),
        "GetPolicyVersion",
        types=(POLICY,),
    )
    attributes = {
        "name": policy["PolicyName"],
        "arn": arn,
        "path": policy.get("Path"),
        "policy_id": policy.get("PolicyId"),
    }
    if version is not None:  # a failed read leaves the document out: not compared
        attributes["policy"] = document(version.get("PolicyVersion", {}).get("Document"))
    return record(POLICY, policy["PolicyName"], GLOBAL_REGION, attributes)
