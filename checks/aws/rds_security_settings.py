"""RDS security settings: IAM database authentication, automatic minor upgrades, the server
certificate authority, RDS Proxy TLS and global database encryption. One row each (see
`iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Resource
from iacscan.model.aws_data_rules import (
    CLOUDFORMATION,
    TERRAFORM,
    all_of,
    engine_in,
    not_serverless_v1,
    standalone_instance,
)

_RDS_DOCS = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide"

# IAM database authentication exists for MySQL and PostgreSQL (RDS and Aurora) only.
_IAM_AUTH_ENGINES = ("mysql", "postgres", "aurora", "aurora-mysql", "aurora-postgresql")

rds_iam_authentication_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-012",
        name="rds-iam-authentication-disabled",
        title="RDS database does not use IAM database authentication",
        severity=Severity.MEDIUM,
        category="iam",
        what="IAM database authentication",
        where={
            TERRAFORM: {
                "aws_db_instance": ("iam_database_authentication_enabled",),
                "aws_rds_cluster": ("iam_database_authentication_enabled",),
            },
            CLOUDFORMATION: {
                "AWS::RDS::DBInstance": ("EnableIAMDatabaseAuthentication",),
                "AWS::RDS::DBCluster": ("EnableIAMDatabaseAuthentication",),
            },
        },
        expect=Enabled(default=False),
        applies=all_of(engine_in(*_IAM_AUTH_ENGINES), standalone_instance, not_serverless_v1),
        doc=Doc(
            what_it_does="""
Flags MySQL and PostgreSQL databases (RDS instances and Aurora or Multi-AZ clusters) without
IAM database authentication: `iam_database_authentication_enabled` (CloudFormation
`EnableIAMDatabaseAuthentication`) false or unwritten (the default is off). Other engines do
not support it and are not reported; nor are Aurora instances (the cluster holds the
setting), Aurora Serverless v1 clusters (no IAM authentication), databases whose engine is
unknown, and unknown values.""",
            why_is_this_bad="""
Without IAM authentication every application and person logs in with long-lived database
passwords, which end up in configuration files and are rarely rotated. IAM authentication
uses short-lived tokens tied to IAM roles, so access is granted and revoked in one place and
shows up in CloudTrail.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  iam_database_authentication_enabled = true
}
```""",
        ),
        remediation="""
Turn IAM database authentication on and grant `rds-db:connect` to the roles that need it.

```hcl
resource "aws_db_instance" "orders" {
  iam_database_authentication_enabled = true
}
```""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-2", "IA-5"]},
        equivalents={"checkov": ["CKV_AWS_161", "CKV_AWS_162"]},
        references=[f"{_RDS_DOCS}/UsingWithRDS.IAMDBAuth.html"],
    )
)

rds_auto_minor_version_upgrade_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-013",
        name="rds-auto-minor-version-upgrade-disabled",
        title="RDS database does not receive minor engine upgrades automatically",
        severity=Severity.LOW,
        category="workload-security",
        what="automatic minor version upgrade",
        where={
            TERRAFORM: {
                "aws_db_instance": ("auto_minor_version_upgrade",),
                "aws_rds_cluster_instance": ("auto_minor_version_upgrade",),
                "aws_rds_cluster": ("auto_minor_version_upgrade",),
            },
            CLOUDFORMATION: {
                "AWS::RDS::DBInstance": ("AutoMinorVersionUpgrade",),
                "AWS::RDS::DBCluster": ("AutoMinorVersionUpgrade",),
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances, Aurora cluster instances and Multi-AZ DB clusters with
`auto_minor_version_upgrade = false` (CloudFormation `AutoMinorVersionUpgrade: false`).
The default is on, so an unwritten setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
Minor engine versions carry security fixes. With automatic upgrades off, a database keeps
running a vulnerable engine until someone remembers to upgrade it by hand.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine                     = "postgres"
  instance_class             = "db.t4g.micro"
  auto_minor_version_upgrade = false
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine                     = "postgres"
  instance_class             = "db.t4g.micro"
  auto_minor_version_upgrade = true
}
```""",
        ),
        remediation="""
Let RDS apply minor versions in the maintenance window (or remove the setting: on is the
default).

```hcl
resource "aws_db_instance" "orders" {
  auto_minor_version_upgrade = true
}
```""",
        compliance={"cis-aws-foundations-1.4.0": ["2.3.2"], "nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_AWS_226"]},
        references=[f"{_RDS_DOCS}/USER_UpgradeDBInstance.Maintenance.html"],
    )
)


rds_outdated_ca_certificate = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-017",
        name="rds-outdated-ca-certificate",
        title="RDS instance uses an expired certificate authority",
        severity=Severity.MEDIUM,
        category="encryption",
        what="certificate authority",
        where={
            TERRAFORM: {"aws_db_instance": ("ca_cert_identifier",)},
            CLOUDFORMATION: {"AWS::RDS::DBInstance": ("CACertificateIdentifier",)},
        },
        expect=NoneOf(frozenset({"rds-ca-2015", "rds-ca-2019"})),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances whose `ca_cert_identifier` (CloudFormation `CACertificateIdentifier`)
is `rds-ca-2015` or `rds-ca-2019`, certificate authorities that expired in 2020 and 2024.
New instances get a current authority by default, so an unwritten setting is not reported;
nor are unknown values.""",
            why_is_this_bad="""
With an expired server certificate, clients that verify TLS fail to connect, and the usual
"fix" is turning certificate verification off, which leaves connections open to
man-in-the-middle attacks.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine             = "postgres"
  instance_class     = "db.t4g.micro"
  ca_cert_identifier = "rds-ca-2019"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine             = "postgres"
  instance_class     = "db.t4g.micro"
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
```""",
        ),
        remediation="""
Rotate to a current certificate authority (`rds-ca-rsa2048-g1`, `rds-ca-rsa4096-g1` or
`rds-ca-ecc384-g1`) and update the CA bundle clients trust.

```hcl
resource "aws_db_instance" "orders" {
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
```""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-17"]},
        equivalents={"checkov": ["CKV_AWS_211"]},
        references=[f"{_RDS_DOCS}/UsingWithRDS.SSL-certificate-rotation.html"],
    )
)

rds_proxy_tls_not_required = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-021",
        name="rds-proxy-tls-not-required",
        title="RDS Proxy accepts connections without TLS",
        severity=Severity.MEDIUM,
        category="encryption",
        what="TLS requirement",
        where={
            TERRAFORM: {"aws_db_proxy": ("require_tls",)},
            CLOUDFORMATION: {"AWS::RDS::DBProxy": ("RequireTLS",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags RDS Proxies that do not require TLS: `require_tls` (CloudFormation `RequireTLS`) false
or unwritten (the default is off). Unknown values are not reported.""",
            why_is_this_bad="""
Without it, applications may connect to the proxy in clear text, sending database
credentials and query results across the network unencrypted.""",
            example="""
```hcl
resource "aws_db_proxy" "orders" {
  name           = "orders"
  engine_family  = "POSTGRESQL"
  role_arn       = aws_iam_role.proxy.arn
  vpc_subnet_ids = aws_subnet.private[*].id

  auth {
    secret_arn = aws_secretsmanager_secret.db.arn
  }
}
```""",
            use_instead="""
```hcl
resource "aws_db_proxy" "orders" {
  name           = "orders"
  engine_family  = "POSTGRESQL"
  role_arn       = aws_iam_role.proxy.arn
  vpc_subnet_ids = aws_subnet.private[*].id
  require_tls    = true

  auth {
    secret_arn = aws_secretsmanager_secret.db.arn
  }
}
```""",
        ),
        remediation="""
Require TLS between clients and the proxy.

```hcl
resource "aws_db_proxy" "orders" {
  require_tls = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        references=[f"{_RDS_DOCS}/rds-proxy.howitworks.html#rds-proxy-security.tls"],
    )
)


def _own_global_storage(cluster: Resource) -> bool:
    """A global cluster created from an existing cluster takes that cluster's encryption."""
    key = (
        "SourceDBClusterIdentifier"
        if cluster.framework is CLOUDFORMATION
        else "source_db_cluster_identifier"
    )
    return not cluster.field(key).present


rds_global_cluster_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-022",
        name="rds-global-cluster-unencrypted",
        title="Aurora global database storage is not encrypted",
        severity=Severity.HIGH,
        category="encryption",
        what="storage encryption",
        where={
            TERRAFORM: {"aws_rds_global_cluster": ("storage_encrypted",)},
            CLOUDFORMATION: {"AWS::RDS::GlobalCluster": ("StorageEncrypted",)},
        },
        expect=Enabled(default=False),
        applies=_own_global_storage,
        doc=Doc(
            what_it_does="""
Flags Aurora global databases created without storage encryption: `storage_encrypted`
(CloudFormation `StorageEncrypted`) false or unwritten (the default is off). Global clusters
built from an existing cluster (`source_db_cluster_identifier`) take its encryption and are
not reported; nor are unknown values.""",
            why_is_this_bad="""
Every regional cluster that joins the global database inherits its storage settings: the
data, its backups and its replicas in every region are stored in the clear.""",
            example="""
```hcl
resource "aws_rds_global_cluster" "orders" {
  global_cluster_identifier = "orders"
  engine                    = "aurora-postgresql"
}
```""",
            use_instead="""
```hcl
resource "aws_rds_global_cluster" "orders" {
  global_cluster_identifier = "orders"
  engine                    = "aurora-postgresql"
  storage_encrypted         = true
}
```""",
        ),
        remediation="""
Create the global database encrypted.

```hcl
resource "aws_rds_global_cluster" "orders" {
  storage_encrypted = true
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        references=[
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html"
        ],
    )
)

rds_default_admin_username = setting_check(
    SettingRule(
        id="IAC-AWS-RDS-023",
        name="rds-default-admin-username",
        title="RDS database keeps the default administrator user name",
        severity=Severity.LOW,
        category="iam",
        what="administrator user name",
        where={
            TERRAFORM: {
                "aws_db_instance": ("username",),
                "aws_rds_cluster": ("master_username",),
            },
            CLOUDFORMATION: {
                "AWS::RDS::DBInstance": ("MasterUsername",),
                "AWS::RDS::DBCluster": ("MasterUsername",),
            },
        },
        expect=NoneOf(frozenset({"admin", "postgres"})),
        doc=Doc(
            what_it_does="""
Flags RDS DB instances and clusters whose administrator user name is the engine's
well-known default, `admin` or `postgres` (`username` / `master_username`, CloudFormation
`MasterUsername`). Unwritten names (replicas, restores) and unknown values are not
reported.""",
            why_is_this_bad="""
Password-guessing attacks try the default administrator names first: with a default name
an attacker only has to guess the password.""",
            example="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
  username       = "postgres"
}
```""",
            use_instead="""
```hcl
resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
  username       = "orders_admin"
}
```""",
        ),
        remediation="""
Choose an administrator name of your own (it cannot be changed later: restore a snapshot
with a new name to migrate).

```hcl
resource "aws_db_instance" "orders" {
  username = "orders_admin"
}
```""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-5"]},
        references=[f"{_RDS_DOCS}/UsingWithRDS.MasterAccounts.html"],
    )
)
