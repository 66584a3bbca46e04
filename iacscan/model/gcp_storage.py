"""Cloud Storage buckets and the resources that grant access to them (google provider).

Access to a bucket is granted through IAM (`google_storage_bucket_iam_*`) or, unless uniform
bucket-level access is on, through ACLs (`google_storage_*_acl`, `*_access_control`, a
`predefined_acl` on an object). A bucket with `public_access_prevention = "enforced"` refuses
every public grant, so nothing on it is public.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_str, is_true
from iacscan.model.gcp_iam import PUBLIC_PRINCIPALS, iam_types

BUCKET_TYPE = "google_storage_bucket"
BUCKET_IAM_TYPES = iam_types(BUCKET_TYPE)
ACL_TYPES = [
    "google_storage_bucket_acl",
    "google_storage_default_object_acl",
    "google_storage_object_acl",
    "google_storage_bucket_access_control",
    "google_storage_default_object_access_control",
    "google_storage_object_access_control",
    "google_storage_bucket_object",
]
# Canned ACLs that grant allUsers or allAuthenticatedUsers.
PUBLIC_PREDEFINED_ACLS = frozenset({"publicread", "publicreadwrite", "authenticatedread"})


def buckets_of(resource: Resource, graph: ResourceGraph) -> list[Resource]:
    """The bucket resources a grant refers to (none when the bucket is named by a literal)."""
    return graph.references(resource, BUCKET_TYPE)


def prevents_public_access(bucket: Resource) -> bool:
    value = as_str(bucket.get("public_access_prevention"))
    return value is not None and value.strip().lower() == "enforced"


def uniform_access(bucket: Resource) -> Field:
    """`uniform_bucket_level_access`, or its provider v3 name `bucket_policy_only`."""
    current = bucket.field("uniform_bucket_level_access")
    legacy = bucket.field("bucket_policy_only")
    return current if current.present or not legacy.present else legacy


def acls_disabled(bucket: Resource) -> bool:
    return is_true(uniform_access(bucket).value)


def public_acl_grants(resource: Resource) -> Iterator[Field]:
    """ACL settings of an ACL-style resource that grant access to the public."""
    predefined = resource.field("predefined_acl")
    if _lower(predefined.value) in PUBLIC_PREDEFINED_ACLS:
        yield predefined
    for entry in resource.blocks("role_entity"):
        # `READER:allUsers`: the role, then the entity.
        text = as_str(entry.value)
        if text is not None and _lower(text.partition(":")[2]) in PUBLIC_PRINCIPALS:
            yield entry
    entity = resource.field("entity")
    if _lower(entity.value) in PUBLIC_PRINCIPALS:
        yield entity


def _lower(value: Any) -> str | None:
    text = as_str(value)
    return text.strip().lower() if text is not None else None
