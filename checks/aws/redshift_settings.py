"""Redshift cluster settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Disabled, Doc, Enabled, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DOCS = "https://docs.aws.amazon.com/redshift/latest/mgmt"
_CLUSTER = {TERRAFORM: "aws_redshift_cluster", CLOUDFORMATION: "AWS::Redshift::Cluster"}


def _not_restored(cluster: Resource) -> bool:
    """Clusters restored from a snapshot take its encryption."""
    key = "SnapshotIdentifier" if cluster.framework is CLOUDFORMATION else "snapshot_identifier"
    return not cluster.field(key).present


redshift_cluster_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-001",
        name="redshift-cluster-unencrypted",
        title="Redshift cluster is created without encryption",
        severity=Severity.HIGH,
        category="encryption",
        what="cluster encryption",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("encrypted",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("Encrypted",)},
        },
        expect=Enabled(default=True),
        applies=_not_restored,
        doc=Doc(
            what_it_does="""
Flags Redshift clusters with `encrypted = false` (CloudFormation `Encrypted: false`). Since
2025 Redshift encrypts new clusters by default (and AWS provider v6 defaults to true), so an
unwritten setting is not reported; nor are clusters restored from a snapshot and unknown
values.""",
            why_is_this_bad="""
A data warehouse holds the organisation's most sensitive data in one place. Unencrypted, its
blocks, backups and snapshots are stored in the clear.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  encrypted          = false
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  encrypted          = true
  kms_key_id         = aws_kms_key.redshift.arn
}
```""",
        ),
        remediation="""
Encrypt the cluster (existing clusters can be switched to encryption in place).

```hcl
resource "aws_redshift_cluster" "warehouse" {
  encrypted  = true
  kms_key_id = aws_kms_key.redshift.arn
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"], "pci-dss-4.0": ["3.5.1"]},
        equivalents={"checkov": ["CKV_AWS_64"]},
        references=[f"{_DOCS}/working-with-db-encryption.html"],
    )
)

redshift_cluster_publicly_accessible = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-002",
        name="redshift-cluster-publicly-accessible",
        title="Redshift cluster is publicly accessible",
        severity=Severity.HIGH,
        category="public-endpoint",
        what="public accessibility",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("publicly_accessible",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("PubliclyAccessible",)},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Redshift clusters with `publicly_accessible = true` (CloudFormation
`PubliclyAccessible: true`), which gives the cluster a public IP address. Only an explicit
true is reported: Redshift and AWS provider v6 default to private (provider v5 and earlier
defaulted to public). Unknown values are not reported.""",
            why_is_this_bad="""
A public cluster is one security group rule away from the internet, where database ports are
scanned constantly and attacked with password guessing.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier  = "warehouse"
  node_type           = "ra3.xlplus"
  publicly_accessible = true
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier  = "warehouse"
  node_type           = "ra3.xlplus"
  publicly_accessible = false
}
```""",
        ),
        remediation="""
Keep the cluster private and reach it from inside the VPC.

```hcl
resource "aws_redshift_cluster" "warehouse" {
  publicly_accessible = false
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"], "pci-dss-4.0": ["1.4.4"]},
        equivalents={"checkov": ["CKV_AWS_87"]},
        references=[f"{_DOCS}/managing-clusters-vpc.html"],
    )
)

redshift_enhanced_vpc_routing_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-004",
        name="redshift-enhanced-vpc-routing-disabled",
        title="Redshift cluster traffic to S3 bypasses the VPC",
        severity=Severity.LOW,
        category="network",
        what="enhanced VPC routing",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("enhanced_vpc_routing",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("EnhancedVpcRouting",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Redshift clusters without enhanced VPC routing: `enhanced_vpc_routing`
(CloudFormation `EnhancedVpcRouting`) false or unwritten (the default is off). Unknown values
are not reported.""",
            why_is_this_bad="""
Without enhanced VPC routing, `COPY` and `UNLOAD` traffic goes to S3 outside the VPC, so VPC
endpoint policies, security groups and flow logs do not apply to data leaving the
warehouse.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier   = "warehouse"
  node_type            = "ra3.xlplus"
  enhanced_vpc_routing = true
}
```""",
        ),
        remediation="""
Turn enhanced VPC routing on (give the VPC an S3 gateway endpoint or a NAT route).

```hcl
resource "aws_redshift_cluster" "warehouse" {
  enhanced_vpc_routing = true
}
```""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_321"]},
        references=[f"{_DOCS}/enhanced-vpc-routing.html"],
    )
)

redshift_version_upgrade_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-006",
        name="redshift-version-upgrade-disabled",
        title="Redshift cluster does not receive engine upgrades",
        severity=Severity.LOW,
        category="workload-security",
        what="automatic version upgrade",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("allow_version_upgrade",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("AllowVersionUpgrade",)},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags Redshift clusters with `allow_version_upgrade = false` (CloudFormation
`AllowVersionUpgrade: false`). Upgrades are allowed by default, so an unwritten setting is
not reported; nor are unknown values.""",
            why_is_this_bad="""
Engine upgrades carry security fixes; a cluster that refuses them keeps running known
vulnerable versions.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier    = "warehouse"
  node_type             = "ra3.xlplus"
  allow_version_upgrade = false
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier    = "warehouse"
  node_type             = "ra3.xlplus"
  allow_version_upgrade = true
}
```""",
        ),
        remediation="""
Allow upgrades in the maintenance window (on by default).

```hcl
resource "aws_redshift_cluster" "warehouse" {
  allow_version_upgrade = true
}
```""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_AWS_141"]},
        references=[f"{_DOCS}/working-with-clusters.html#rs-mgmt-maintenance-tracks"],
    )
)

redshift_automated_snapshots_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-007",
        name="redshift-automated-snapshots-disabled",
        title="Redshift cluster has automated snapshots turned off",
        severity=Severity.MEDIUM,
        category="resilience",
        what="automated snapshot retention (days)",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("automated_snapshot_retention_period",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("AutomatedSnapshotRetentionPeriod",)},
        },
        expect=AtLeast(1, missing_ok=True),
        doc=Doc(
            what_it_does="""
Flags Redshift clusters with `automated_snapshot_retention_period = 0` (CloudFormation
`AutomatedSnapshotRetentionPeriod: 0`), which turns automated snapshots off. The default
(1 day) keeps them, so an unwritten setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
Without automated snapshots, dropped tables, bad loads and a deleted cluster cannot be
recovered.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier                  = "warehouse"
  node_type                           = "ra3.xlplus"
  automated_snapshot_retention_period = 0
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier                  = "warehouse"
  node_type                           = "ra3.xlplus"
  automated_snapshot_retention_period = 7
}
```""",
        ),
        remediation="""
Keep automated snapshots for a few days (up to 35).

```hcl
resource "aws_redshift_cluster" "warehouse" {
  automated_snapshot_retention_period = 7
}
```""",
        compliance={"nist-800-53-r5": ["CP-9"]},
        references=[f"{_DOCS}/working-with-snapshots.html"],
    )
)

redshift_default_admin_username = setting_check(
    SettingRule(
        id="IAC-AWS-REDSHIFT-009",
        name="redshift-default-admin-username",
        title="Redshift cluster keeps the default administrator user name",
        severity=Severity.LOW,
        category="iam",
        what="administrator user name",
        where={
            TERRAFORM: {_CLUSTER[TERRAFORM]: ("master_username",)},
            CLOUDFORMATION: {_CLUSTER[CLOUDFORMATION]: ("MasterUsername",)},
        },
        expect=NoneOf(frozenset({"awsuser"})),
        doc=Doc(
            what_it_does="""
Flags Redshift clusters whose administrator user name is the console default `awsuser`
(`master_username`, CloudFormation `MasterUsername`). Unknown values are not reported.""",
            why_is_this_bad="""
Password-guessing attacks try the default administrator name first: with it an attacker
only has to guess the password.""",
            example="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  master_username    = "awsuser"
}
```""",
            use_instead="""
```hcl
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  master_username    = "warehouse_admin"
}
```""",
        ),
        remediation="""
Choose an administrator name of your own.

```hcl
resource "aws_redshift_cluster" "warehouse" {
  master_username = "warehouse_admin"
}
```""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-5"]},
        references=[f"{_DOCS}/changing-cluster-admin-username.html"],
    )
)
