"""Lambda functions, their resource policies (one `aws_lambda_permission` a statement, named by
its Sid as Terraform's `statement_id`) and function URLs.

Environment variable values are secrets as often as not: they are masked as soon as they are
read (`Sup3rSecret!` -> `Sup3****`), so neither reports nor inventory files ever hold them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.inventory import LiveRecord
from iacscan.drift.names import mask

SERVICE = "lambda"
CLIENT = "lambda"
GLOBAL = False
FUNCTION = "aws_lambda_function"
PERMISSION = "aws_lambda_permission"
URL = "aws_lambda_function_url"
TYPES = (FUNCTION, PERMISSION, URL)
_NOT_FOUND = frozenset({"ResourceNotFoundException"})
# Condition keys of a permission statement -> aws_lambda_permission arguments (lower case).
_CONDITIONS = {
    "aws:sourcearn": "source_arn",
    "aws:sourceaccount": "source_account",
    "aws:principalorgid": "principal_org_id",
    "lambda:functionurlauthtype": "function_url_auth_type",
    "lambda:eventsourcetoken": "event_source_token",
}


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    for function in context.reader.pages(client, "list_functions", "Functions"):
        yield _function(function, context.region)
        yield from _permissions(context, function["FunctionName"])
        yield from _url(context, function["FunctionName"])


def _function(function: dict[str, Any], region: str) -> LiveRecord:
    name = function["FunctionName"]
    variables = function.get("Environment", {}).get("Variables")
    vpc = function.get("VpcConfig") or {}
    attributes = {
        "function_name": name,
        "arn": function.get("FunctionArn"),
        "role": function.get("Role"),
        "handler": function.get("Handler"),
        "runtime": function.get("Runtime"),
        "description": function.get("Description"),
        "timeout": function.get("Timeout"),
        "memory_size": function.get("MemorySize"),
        "package_type": function.get("PackageType"),
        "architectures": function.get("Architectures", []),
        "kms_key_arn": function.get("KMSKeyArn"),
        "layers": [layer.get("Arn") for layer in function.get("Layers", [])],
        "environment": [{"variables": {k: mask(v) for k, v in variables.items()}}]
        if variables
        else [],
        "tracing_config": [{"mode": function["TracingConfig"].get("Mode")}]
        if function.get("TracingConfig")
        else [],
        "vpc_config": [
            {
                "subnet_ids": vpc.get("SubnetIds", []),
                "security_group_ids": vpc.get("SecurityGroupIds", []),
            }
        ]
        if vpc.get("SubnetIds")
        else [],
    }
    return record(FUNCTION, name, region, attributes)


def _permissions(context: ServiceContext, name: str) -> Iterator[LiveRecord]:
    got = context.optional(
        lambda: context.client().get_policy(FunctionName=name),
        "GetPolicy",
        _NOT_FOUND,
        (PERMISSION,),
    )
    if not got or not got.get("Policy"):
        return
    try:
        policy = json.loads(got["Policy"])
    except ValueError:
        return
    statements = policy.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and statement.get("Sid"):
            attributes = permission(statement, name)
            identity = f"{name}/{statement['Sid']}"
            parent = (FUNCTION, name, "function_name")
            yield record(PERMISSION, identity, context.region, attributes, parent=parent)


def permission(statement: dict[str, Any], function_name: str) -> dict[str, Any]:
    """One resource policy statement as `aws_lambda_permission` arguments."""
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        values = [v for v in principal.values()]
        principal = values[0] if len(values) == 1 else json.dumps(principal, sort_keys=True)
    action = statement.get("Action")
    attributes: dict[str, Any] = {
        "function_name": function_name,
        "statement_id": statement.get("Sid"),
        "action": action[0] if isinstance(action, list) and len(action) == 1 else action,
        "principal": principal,
    }
    for argument in _CONDITIONS.values():
        attributes[argument] = None
    for block in (statement.get("Condition") or {}).values():
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            name = _CONDITIONS.get(str(key).lower())
            if name is not None:
                attributes[name] = value[0] if isinstance(value, list) and value else value
    return attributes


def _url(context: ServiceContext, name: str) -> Iterator[LiveRecord]:
    got = context.optional(
        lambda: context.client().get_function_url_config(FunctionName=name),
        "GetFunctionUrlConfig",
        _NOT_FOUND,
        (URL,),
    )
    if not got:
        return
    attributes = {
        "function_name": name,
        "function_url": got.get("FunctionUrl"),
        "authorization_type": got.get("AuthType"),
        "invoke_mode": got.get("InvokeMode"),
    }
    yield record(URL, name, context.region, attributes, parent=(FUNCTION, name, "function_name"))
