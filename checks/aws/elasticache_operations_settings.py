"""ElastiCache operations settings: automatic minor upgrades and automatic failover. One row
each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, own_redis_group

_DOCS = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg"

elasticache_auto_minor_version_upgrade_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-006",
        name="elasticache-auto-minor-version-upgrade-disabled",
        title="ElastiCache cache does not receive minor engine upgrades automatically",
        severity=Severity.LOW,
        category="workload-security",
        what="automatic minor version upgrade",
        where={
            TERRAFORM: {
                "aws_elasticache_replication_group": ("auto_minor_version_upgrade",),
                "aws_elasticache_cluster": ("auto_minor_version_upgrade",),
            },
            CLOUDFORMATION: {
                "AWS::ElastiCache::ReplicationGroup": ("AutoMinorVersionUpgrade",),
                "AWS::ElastiCache::CacheCluster": ("AutoMinorVersionUpgrade",),
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags ElastiCache replication groups and clusters with `auto_minor_version_upgrade = false`
(CloudFormation `AutoMinorVersionUpgrade: false`). The default is on, so an unwritten
setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
Minor engine versions carry security fixes; with automatic upgrades off, caches keep
running known vulnerable versions until someone upgrades them by hand.""",
            example="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  auto_minor_version_upgrade = false
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  auto_minor_version_upgrade = true
}
```""",
        ),
        remediation="""
Let ElastiCache apply minor versions in the maintenance window (on by default).

```hcl
resource "aws_elasticache_replication_group" "sessions" {
  auto_minor_version_upgrade = true
}
```""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        references=[f"{_DOCS}/VersionManagement.html"],
    )
)


def _several_nodes(group: Resource) -> bool:
    """A Redis/Valkey group known to have a replica to fail over to (cluster-mode groups
    must enable failover anyway)."""
    if not own_redis_group(group):
        return False
    keys = (
        ("NumCacheClusters",)
        if group.framework is CLOUDFORMATION
        else ("num_cache_clusters", "number_cache_clusters")
    )
    for key in keys:
        count = group.get(key)
        if isinstance(count, (int, str)) and not isinstance(count, bool):
            try:
                return int(count) >= 2
            except ValueError:
                return False
    return False


elasticache_automatic_failover_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-ELASTICACHE-007",
        name="elasticache-automatic-failover-disabled",
        title="ElastiCache replication group does not fail over automatically",
        severity=Severity.LOW,
        category="resilience",
        what="automatic failover",
        where={
            TERRAFORM: {"aws_elasticache_replication_group": ("automatic_failover_enabled",)},
            CLOUDFORMATION: {"AWS::ElastiCache::ReplicationGroup": ("AutomaticFailoverEnabled",)},
        },
        expect=Enabled(default=False),
        applies=_several_nodes,
        doc=Doc(
            what_it_does="""
Flags Redis and Valkey replication groups with replicas (`num_cache_clusters` /
`NumCacheClusters` of 2 or more) whose `automatic_failover_enabled`
(CloudFormation `AutomaticFailoverEnabled`) is false or unwritten (the default is off).
Single-node groups (nothing to fail over to) and unknown values are not reported.""",
            why_is_this_bad="""
Without automatic failover, losing the primary node takes the cache down until someone
promotes a replica by hand, although a replica is running.""",
            example="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 2
}
```""",
            use_instead="""
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
}
```""",
        ),
        remediation="""
Turn automatic failover on (and Multi-AZ).

```hcl
resource "aws_elasticache_replication_group" "sessions" {
  automatic_failover_enabled = true
  multi_az_enabled           = true
}
```""",
        compliance={"nist-800-53-r5": ["CP-10", "SC-36"]},
        references=[f"{_DOCS}/AutoFailover.html"],
    )
)
