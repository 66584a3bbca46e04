from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_rules import find_parameter, has_unknown_parameter_name, known_text


@check(
    id="IAC-AWS-DOCDB-007",
    name="docdb-audit-logs-parameter-disabled",
    title="DocumentDB parameter group does not turn audit logging on",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_docdb_cluster_parameter_group"],
        Framework.CLOUDFORMATION: ["AWS::DocDB::DBClusterParameterGroup"],
    },
    remediation="""
        Turn audit logging on in the cluster parameter group (and export the `audit` log).

        ```hcl
        resource "aws_docdb_cluster_parameter_group" "catalog" {
          family = "docdb5.0"

          parameter {
            name  = "audit_logs"
            value = "enabled"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV_AWS_104"]},
    references=[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html",
    ],
)
def docdb_audit_logs_parameter_disabled(
    group: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags DocumentDB cluster parameter groups whose `audit_logs` parameter is `disabled` or
    `none`, or not set (the default is `disabled`). Clusters using such a group record no
    audit events, whatever they export. Unknown values, and groups with a parameter whose
    name is unknown, are not reported.

    ## Why is this bad?
    Without audit events there is no record of authentication attempts, authorisation
    failures, user management or schema changes to investigate.

    ## Example
    ```hcl
    resource "aws_docdb_cluster_parameter_group" "catalog" {
      family = "docdb5.0"

      parameter {
        name  = "tls"
        value = "enabled"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_docdb_cluster_parameter_group" "catalog" {
      family = "docdb5.0"

      parameter {
        name  = "audit_logs"
        value = "enabled"
      }
    }
    ```
    """
    found = find_parameter(group, "audit_logs")
    if found is None:
        if not has_unknown_parameter_name(group):
            yield Violation(at=group, message="the audit_logs parameter is not set (off)")
        return
    value = known_text(found.value)
    if value in ("disabled", "none"):
        yield Violation(at=found.value, message=f"the audit_logs parameter is {value!r}")
