from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import forbid_enabled


@check(
    id="IAC-AWS-RDS-002",
    name="rds-publicly-accessible",
    title="RDS database is publicly accessible",
    severity=Severity.HIGH,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"],
        Framework.CLOUDFORMATION: ["AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
    },
    remediation="""
        Keep the database private and reach it from inside the VPC (or through a bastion,
        VPN or RDS Proxy).

        ```hcl
        resource "aws_db_instance" "orders" {
          publicly_accessible = false
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"], "pci-dss-4.0": ["1.4.4"]},
    equivalents={"checkov": ["CKV_AWS_17"], "tfsec": ["aws-rds-no-public-db-access"]},
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    ],
)
def rds_publicly_accessible(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags RDS DB instances, Aurora cluster instances and Multi-AZ DB clusters with
    `publicly_accessible = true` (CloudFormation `PubliclyAccessible: true`), which gives the
    database a public DNS name and IP address. Terraform's default is private. CloudFormation's
    default depends on the subnet group (public when its subnets route to an internet
    gateway), which cannot be seen here, so only an explicit `true` is reported.

    ## Why is this bad?
    A public database is one security group rule away from the internet, where database ports
    are scanned constantly and attacked with password guessing and engine exploits.

    ## Example
    ```hcl
    resource "aws_db_instance" "orders" {
      engine              = "postgres"
      instance_class      = "db.t4g.micro"
      publicly_accessible = true
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_db_instance" "orders" {
      engine              = "postgres"
      instance_class      = "db.t4g.micro"
      publicly_accessible = false
    }
    ```
    """
    cloudformation = resource.framework is Framework.CLOUDFORMATION
    key = "PubliclyAccessible" if cloudformation else "publicly_accessible"
    yield from forbid_enabled(resource.field(key), "public accessibility")
