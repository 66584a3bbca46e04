"""ElastiCache (Redis and Valkey) settings: encryption at rest and in transit, backups. One
row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, Enabled, Present, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import (
    CLOUDFORMATION,
    TERRAFORM,
    known_text,
    own_redis_group,
    redis_like,
    setting,
)

_DOCS = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg"


def _at_rest_default_off(resource: Resource) -> bool:
    """Valkey groups are encrypted at rest unless told otherwise; Redis groups are not."""
    if not own_redis_group(resource):
        return False
    key = (
        "AtRestEncryptionEnabled"
        if resource.framework is CLOUDFORMATION
        else ("at_rest_encryption_enabled")
    )
    engine = setting(resource, "engine", "Engine")
    return resource.field(key).present or known_text(engine) != "valkey"


elasticache_at_rest_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-001",
        name="elasticache-at-rest-unencrypted",
        title="ElastiCache replication group does not encrypt data at rest",
        severity=Severity.MEDIUM,
        category="encryption",
        what="encryption at rest",
        where={
            TERRAFORM: {"aws_elasticache_replication_group": ("at_rest_encryption_enabled",)},
            CLOUDFORMATION: {"AWS::ElastiCache::ReplicationGroup": ("AtRestEncryptionEnabled",)},
        },
        expect=Enabled(default=False),
        applies=_at_rest_default_off,
        doc=Doc(
            what_it_does="""
Flags ElastiCache Redis replication groups without encryption at rest:
`at_rest_encryption_enabled` (CloudFormation `AtRestEncryptionEnabled`) false, or unwritten
for the Redis engine (the default is off; Valkey groups are encrypted by default and only an
explicit false is reported). Memcached, secondaries of a global datastore and unknown values
are not reported.""",
            why_is_this_bad="""
Cached data (sessions, tokens, query results) is written to disk in snapshots and swap;
unencrypted, those copies are readable to anyone who gets at the storage or a backup.""",
            example="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.t4g.small"
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = true
}
```""",
        ),
        remediation="""
Create the group with encryption at rest (it cannot be added to an existing group).

```hcl
resource "aws_elasticache_replication_group" "sessions" {
  at_rest_encryption_enabled = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_29"],
            "tfsec": ["aws-elasticache-enable-at-rest-encryption"],
        },
        references=[f"{_DOCS}/at-rest-encryption.html"],
    )
)

elasticache_in_transit_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-002",
        name="elasticache-in-transit-unencrypted",
        title="ElastiCache replication group accepts unencrypted connections",
        severity=Severity.MEDIUM,
        category="encryption",
        what="encryption in transit",
        where={
            TERRAFORM: {"aws_elasticache_replication_group": ("transit_encryption_enabled",)},
            CLOUDFORMATION: {"AWS::ElastiCache::ReplicationGroup": ("TransitEncryptionEnabled",)},
        },
        expect=Enabled(default=False),
        applies=own_redis_group,
        doc=Doc(
            what_it_does="""
Flags ElastiCache Redis and Valkey replication groups without TLS:
`transit_encryption_enabled` (CloudFormation `TransitEncryptionEnabled`) false or unwritten
(the default is off). Memcached, secondaries of a global datastore and unknown values are
not reported.""",
            why_is_this_bad="""
Without TLS, cached data and the AUTH token cross the network in clear text, readable and
alterable by anyone on the path between the application and the cache.""",
            example="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.t4g.small"
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
}
```""",
        ),
        remediation="""
Turn TLS on (clients must connect with TLS).

```hcl
resource "aws_elasticache_replication_group" "sessions" {
  transit_encryption_enabled = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        equivalents={
            "checkov": ["CKV_AWS_30"],
            "tfsec": ["aws-elasticache-enable-in-transit-encryption"],
        },
        references=[f"{_DOCS}/in-transit-encryption.html"],
    )
)


def _backed_up_on_its_own(resource: Resource) -> bool:
    """A Redis/Valkey cluster or group whose backups are its own: not a node of a replication
    group (CloudFormation cache clusters cannot join one), not the smallest legacy node type
    (no snapshots there)."""
    if not redis_like(resource):
        return False
    member = resource.type == "aws_elasticache_cluster"
    if member and resource.field("replication_group_id").present:
        return False
    node = resource.get("CacheNodeType" if resource.framework is CLOUDFORMATION else "node_type")
    return bool(node != "cache.t1.micro")


elasticache_backups_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-003",
        name="elasticache-automatic-backups-disabled",
        title="ElastiCache Redis cache has automatic backups turned off",
        severity=Severity.LOW,
        category="resilience",
        what="snapshot retention (days)",
        where={
            TERRAFORM: {
                "aws_elasticache_cluster": ("snapshot_retention_limit",),
                "aws_elasticache_replication_group": ("snapshot_retention_limit",),
            },
            CLOUDFORMATION: {
                "AWS::ElastiCache::CacheCluster": ("SnapshotRetentionLimit",),
                "AWS::ElastiCache::ReplicationGroup": ("SnapshotRetentionLimit",),
            },
        },
        expect=AtLeast(1),
        applies=_backed_up_on_its_own,
        doc=Doc(
            what_it_does="""
Flags ElastiCache Redis and Valkey clusters and replication groups without automatic
backups: `snapshot_retention_limit` (CloudFormation `SnapshotRetentionLimit`) 0 or unwritten
(the default is 0, off). Memcached (no backups), nodes of a replication group (the group
holds the setting), `cache.t1.micro` nodes and unknown values are not reported.""",
            why_is_this_bad="""
Without daily snapshots, data kept only in Redis (queues, counters, sessions) is lost for
good when the nodes fail or someone flushes the cache.""",
            example="""
```hcl
resource "aws_elasticache_cluster" "cache" {
  cluster_id      = "cache"
  engine          = "redis"
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_cluster" "cache" {
  cluster_id               = "cache"
  engine                   = "redis"
  node_type                = "cache.t4g.small"
  num_cache_nodes          = 1
  snapshot_retention_limit = 7
}
```""",
        ),
        remediation="""
Keep daily snapshots for a few days.

```hcl
resource "aws_elasticache_cluster" "cache" {
  snapshot_retention_limit = 7
}
```""",
        compliance={"nist-800-53-r5": ["CP-9"]},
        equivalents={
            "checkov": ["CKV_AWS_134"],
            "tfsec": ["aws-elasticache-enable-backup-retention"],
        },
        references=[f"{_DOCS}/backups-automatic.html"],
    )
)


def _without_rbac(resource: Resource) -> bool:
    """A Redis/Valkey group without RBAC user groups (which replace the AUTH token)."""
    key = "UserGroupIds" if resource.framework is CLOUDFORMATION else "user_group_ids"
    return own_redis_group(resource) and not resource.field(key).present


elasticache_auth_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-004",
        name="elasticache-redis-auth-disabled",
        title="ElastiCache replication group accepts connections without authentication",
        severity=Severity.MEDIUM,
        category="iam",
        what="AUTH token",
        where={
            TERRAFORM: {"aws_elasticache_replication_group": ("auth_token",)},
            CLOUDFORMATION: {"AWS::ElastiCache::ReplicationGroup": ("AuthToken",)},
        },
        expect=Present(),
        applies=_without_rbac,
        doc=Doc(
            what_it_does="""
Flags ElastiCache Redis and Valkey replication groups with neither an AUTH token
(`auth_token`, CloudFormation `AuthToken`) nor RBAC user groups (`user_group_ids`,
`UserGroupIds`): by default any client that reaches the port can run every command.
Memcached, secondaries of a global datastore and unknown values are not reported.""",
            why_is_this_bad="""
Without authentication, anything that gets network access to the cache (a compromised pod,
a misconfigured security group) can read every key, overwrite sessions or flush the data.""",
            example="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
}
```""",
        ),
        remediation="""
Require an AUTH token (with TLS) or RBAC user groups.

```hcl
resource "aws_elasticache_replication_group" "sessions" {
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "IA-2"]},
        equivalents={"checkov": ["CKV_AWS_31"]},
        references=[f"{_DOCS}/auth.html"],
    )
)
