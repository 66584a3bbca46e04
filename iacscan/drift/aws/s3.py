"""S3 buckets in the AWS provider v4+ model: the bucket, and its ACL, public access block,
default encryption, versioning and policy as resources of their own that refer to it.

Buckets are listed once for the account; each is read in its own region, and buckets outside
the inventory's regions are left out. Settings that are not configured give no resource.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.aws.session import tags
from iacscan.drift.inventory import GLOBAL_REGION, LiveRecord

SERVICE = "s3"
CLIENT = "s3"
GLOBAL = True
BUCKET = "aws_s3_bucket"
ACL = "aws_s3_bucket_acl"
ACCESS_BLOCK = "aws_s3_bucket_public_access_block"
ENCRYPTION = "aws_s3_bucket_server_side_encryption_configuration"
VERSIONING = "aws_s3_bucket_versioning"
POLICY = "aws_s3_bucket_policy"
ACCOUNT_BLOCK = "aws_s3_account_public_access_block"
TYPES = (BUCKET, ACL, ACCESS_BLOCK, ENCRYPTION, VERSIONING, POLICY, ACCOUNT_BLOCK)
WORKERS = 8

_ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
_AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
_LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
# Canned ACLs as the grants they give besides the owner's FULL_CONTROL.
_CANNED = {
    frozenset(): "private",
    frozenset({(_ALL_USERS, "READ")}): "public-read",
    frozenset({(_ALL_USERS, "READ"), (_ALL_USERS, "WRITE")}): "public-read-write",
    frozenset({(_AUTHENTICATED, "READ")}): "authenticated-read",
    frozenset({(_LOG_DELIVERY, "WRITE"), (_LOG_DELIVERY, "READ_ACP")}): "log-delivery-write",
}


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    names = [b["Name"] for b in context.reader.pages(client, "list_buckets", "Buckets")]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        found = list(pool.map(lambda name: _bucket(context, name), names))
    skipped = sum(1 for records in found if records is None)
    if skipped:
        context.progress.note(f"s3: {skipped} bucket(s) outside {', '.join(context.regions)}")
    for records in found:
        yield from records or ()
    yield from _account_block(context)


def _bucket(context: ServiceContext, name: str) -> list[LiveRecord] | None:
    """The bucket's records, or None when it lives outside the inventory's regions."""
    location = context.optional(
        lambda: context.client().get_bucket_location(Bucket=name),
        "GetBucketLocation",
        types=(BUCKET,),
    )
    region = _region(location, context.region)
    if region not in context.regions:
        return None
    client = context.client(region=region)

    def get(operation: str, absent: str, type_: str) -> Any:
        method = getattr(client, _snake(operation))
        return context.optional(
            lambda: method(Bucket=name), operation, frozenset({absent}), (type_,), region
        )

    tagging = get("GetBucketTagging", "NoSuchTagSet", BUCKET)
    attributes: dict[str, Any] = {
        "bucket": name,
        "arn": f"arn:aws:s3:::{name}",
        "region": region,
        "tags": tags((tagging or {}).get("TagSet")),
    }
    records = [record(BUCKET, name, region, attributes)]
    parent = (BUCKET, name, "bucket")
    acl = get("GetBucketAcl", "", ACL)
    if acl is not None:
        records.append(record(ACL, name, region, _acl(name, acl), parent=parent))
    block = get("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", ACCESS_BLOCK)
    if block is not None:
        settings = _block_settings(block.get("PublicAccessBlockConfiguration", {}))
        records.append(
            record(ACCESS_BLOCK, name, region, {"bucket": name, **settings}, parent=parent)
        )
    encryption = get(
        "GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError", ENCRYPTION
    )
    if encryption is not None:
        rules = encryption.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        attributes = {"bucket": name, "rule": [_encryption_rule(r) for r in rules]}
        records.append(record(ENCRYPTION, name, region, attributes, parent=parent))
    versioning = get("GetBucketVersioning", "", VERSIONING)
    if versioning and versioning.get("Status"):
        records.append(
            record(VERSIONING, name, region, _versioning(name, versioning), parent=parent)
        )
    policy = get("GetBucketPolicy", "NoSuchBucketPolicy", POLICY)
    if policy and policy.get("Policy"):
        attributes = {"bucket": name, "policy": policy["Policy"]}
        records.append(record(POLICY, name, region, attributes, parent=parent))
    return records


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


def _region(location: Any, fallback: str) -> str:
    """GetBucketLocation says None for us-east-1 and `EU` for the oldest eu-west-1 buckets;
    when the call failed (recorded), the bucket is taken to be in the home region."""
    if location is None:
        return fallback
    constraint = location.get("LocationConstraint")
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def _acl(name: str, acl: dict[str, Any]) -> dict[str, Any]:
    owner = acl.get("Owner", {})
    grants = []
    others = set()
    for grant in acl.get("Grants", []):
        grantee = grant.get("Grantee", {})
        permission = grant.get("Permission")
        grants.append({"grantee": [_grantee(grantee)], "permission": permission})
        owners = grantee.get("Type") == "CanonicalUser" and grantee.get("ID") == owner.get("ID")
        if owners and permission == "FULL_CONTROL":
            continue
        others.add((grantee.get("URI") or grantee.get("ID") or "", permission))
    owner_block = {"id": owner.get("ID"), "display_name": owner.get("DisplayName")}
    return {
        "bucket": name,
        "acl": _CANNED.get(frozenset(others)),
        "access_control_policy": [{"grant": grants, "owner": [owner_block]}],
    }


def _grantee(grantee: dict[str, Any]) -> dict[str, Any]:
    keys = {
        "Type": "type",
        "ID": "id",
        "URI": "uri",
        "EmailAddress": "email_address",
        "DisplayName": "display_name",
    }
    return {ours: grantee[theirs] for theirs, ours in keys.items() if theirs in grantee}


def _block_settings(config: dict[str, Any]) -> dict[str, bool]:
    return {
        "block_public_acls": bool(config.get("BlockPublicAcls", False)),
        "block_public_policy": bool(config.get("BlockPublicPolicy", False)),
        "ignore_public_acls": bool(config.get("IgnorePublicAcls", False)),
        "restrict_public_buckets": bool(config.get("RestrictPublicBuckets", False)),
    }


def _encryption_rule(rule: dict[str, Any]) -> dict[str, Any]:
    default = rule.get("ApplyServerSideEncryptionByDefault", {})
    applied: dict[str, Any] = {"sse_algorithm": default.get("SSEAlgorithm")}
    applied["kms_master_key_id"] = default.get("KMSMasterKeyID")
    return {
        "apply_server_side_encryption_by_default": [applied],
        "bucket_key_enabled": bool(rule.get("BucketKeyEnabled", False)),
    }


def _versioning(name: str, versioning: dict[str, Any]) -> dict[str, Any]:
    configuration: dict[str, Any] = {"status": versioning["Status"]}
    if versioning.get("MFADelete"):
        configuration["mfa_delete"] = versioning["MFADelete"]
    return {"bucket": name, "versioning_configuration": [configuration]}


def _account_block(context: ServiceContext) -> Iterator[LiveRecord]:
    if not context.account:
        return
    block = context.optional(
        lambda: context.client("s3control").get_public_access_block(AccountId=context.account),
        "GetPublicAccessBlock",
        frozenset({"NoSuchPublicAccessBlockConfiguration"}),
        (ACCOUNT_BLOCK,),
        GLOBAL_REGION,
    )
    if block is None:
        return
    settings = _block_settings(block.get("PublicAccessBlockConfiguration", {}))
    attributes = {"account_id": context.account, **settings}
    yield record(ACCOUNT_BLOCK, context.account, GLOBAL_REGION, attributes)
