from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AWS-REDSHIFT-003",
    name="redshift-audit-logging-disabled",
    title="Redshift cluster does not record audit logs",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_redshift_cluster"],
        Framework.CLOUDFORMATION: ["AWS::Redshift::Cluster"],
    },
    remediation="""
        Turn audit logging on, to CloudWatch Logs or S3.

        ```hcl
        resource "aws_redshift_logging" "warehouse" {
          cluster_identifier   = aws_redshift_cluster.warehouse.id
          log_destination_type = "cloudwatch"
          log_exports          = ["connectionlog", "userlog", "useractivitylog"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
    equivalents={"checkov": ["CKV_AWS_71"]},
    references=["https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html"],
)
def redshift_audit_logging_disabled(
    cluster: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Redshift clusters without audit logging. Terraform: no `aws_redshift_logging`
    resource for the cluster and no inline `logging { enable = true }` block (provider v5 and
    earlier); CloudFormation: no `LoggingProperties`. Audit logging is off by default. An
    unknown `enable` value is not reported.

    ## Why is this bad?
    Audit logs (connections, user changes, queries) are the only record of who read or changed
    data in the warehouse; without them, misuse and breaches cannot be investigated.

    ## Example
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      cluster_identifier = "warehouse"
      node_type          = "ra3.xlplus"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_redshift_cluster" "warehouse" {
      cluster_identifier = "warehouse"
      node_type          = "ra3.xlplus"
    }

    resource "aws_redshift_logging" "warehouse" {
      cluster_identifier   = aws_redshift_cluster.warehouse.id
      log_destination_type = "cloudwatch"
      log_exports          = ["connectionlog", "userlog", "useractivitylog"]
    }
    ```
    """
    if cluster.framework is Framework.CLOUDFORMATION:
        if not cluster.field("LoggingProperties").present:
            yield from require_enabled(cluster.field("LoggingProperties"), "audit logging")
        return
    if context.graph.referenced_by(cluster, "aws_redshift_logging"):
        return
    name = cluster.get("cluster_identifier")
    for logger in context.graph.of_type(cluster.framework, "aws_redshift_logging"):
        if not _same_scope(logger, cluster):
            continue
        if context.graph.references(logger, "aws_redshift_cluster"):
            continue  # it logs the cluster it refers to, not this one
        if _may_name(logger, name):
            return
    yield from require_enabled(cluster.field("logging", 0, "enable"), "audit logging")


def _may_name(logger: Resource, cluster_identifier: object) -> bool:
    """A logging resource that names the cluster literally, or whose target is unknown (it
    may be this cluster)."""
    target = logger.field("cluster_identifier")
    if target.unknown:
        return True
    return isinstance(cluster_identifier, str) and target.value == cluster_identifier


def _same_scope(a: Resource, b: Resource) -> bool:
    """Same Terraform directory and module instance."""
    return a.id.split("::", 1)[0] == b.id.split("::", 1)[0] and a.module == b.module
