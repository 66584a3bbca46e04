"""Customer-managed KMS keys (rotation, key policy) and their aliases.

AWS-managed keys (`alias/aws/*`) are left out: nobody can manage them, in Terraform or
otherwise. A key can also be matched by any of its aliases (an IaC key's id is known only
after apply, its alias usually before).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.inventory import LiveRecord

SERVICE = "kms"
CLIENT = "kms"
GLOBAL = False
KEY = "aws_kms_key"
ALIAS = "aws_kms_alias"
TYPES = (KEY, ALIAS)
_UNSUPPORTED = frozenset({"UnsupportedOperationException"})


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias in context.reader.pages(client, "list_aliases", "Aliases"):
        name, target = alias.get("AliasName", ""), alias.get("TargetKeyId")
        if target and not name.startswith("alias/aws/"):
            aliases[target].append(name)
    for key in context.reader.pages(client, "list_keys", "Keys"):
        described = context.optional(
            lambda k=key["KeyId"]: client.describe_key(KeyId=k),  # type: ignore[misc]
            "DescribeKey",
            types=(KEY,),
        )
        metadata = (described or {}).get("KeyMetadata", {})
        if metadata.get("KeyManager") != "CUSTOMER":
            continue
        key_id = metadata["KeyId"]
        yield _key(context, metadata, tuple(sorted(aliases.get(key_id, []))))
        for name in sorted(aliases.get(key_id, [])):
            attributes = {"name": name, "target_key_id": key_id}
            parent = (KEY, key_id, "target_key_id")
            yield record(ALIAS, name, context.region, attributes, parent=parent)


def _key(context: ServiceContext, metadata: dict[str, Any], aliases: tuple[str, ...]) -> LiveRecord:
    key_id = metadata["KeyId"]
    client = context.client()
    attributes: dict[str, Any] = {
        "key_id": key_id,
        "arn": metadata.get("Arn"),
        "description": metadata.get("Description"),
        "is_enabled": bool(metadata.get("Enabled", False)),
        "multi_region": bool(metadata.get("MultiRegion", False)),
        "key_state": metadata.get("KeyState"),
    }
    # Left out when not said: an unread setting is not compared (and is never drift).
    for key, value in (
        ("key_usage", metadata.get("KeyUsage")),
        (
            "customer_master_key_spec",
            metadata.get("KeySpec") or metadata.get("CustomerMasterKeySpec"),
        ),
    ):
        if value:
            attributes[key] = value
    if metadata.get("Origin") not in (None, "AWS_KMS"):
        attributes["custom_key_store_id"] = metadata.get("CustomKeyStoreId") or metadata["Origin"]
    rotation = context.optional(
        lambda: client.get_key_rotation_status(KeyId=key_id), "GetKeyRotationStatus", _UNSUPPORTED
    )
    if rotation is not None:
        attributes["enable_key_rotation"] = bool(rotation.get("KeyRotationEnabled", False))
    policy = context.optional(
        lambda: client.get_key_policy(KeyId=key_id, PolicyName="default"), "GetKeyPolicy"
    )
    if policy is not None:
        attributes["policy"] = policy.get("Policy")
    return record(KEY, key_id, context.region, attributes, aliases=aliases)
