from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_rules import find_parameter, has_unknown_parameter_name, known_text


@check(
    id="IAC-AWS-NEPTUNE-007",
    name="neptune-audit-log-parameter-disabled",
    title="Neptune parameter group does not turn audit logging on",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_neptune_cluster_parameter_group"],
        Framework.CLOUDFORMATION: ["AWS::Neptune::DBClusterParameterGroup"],
    },
    remediation="""
        Turn audit logging on in the cluster parameter group (and export the `audit` log).

        ```hcl
        resource "aws_neptune_cluster_parameter_group" "graph" {
          family = "neptune1.3"

          parameter {
            name  = "neptune_enable_audit_log"
            value = "1"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    references=["https://docs.aws.amazon.com/neptune/latest/userguide/auditing.html"],
)
def neptune_audit_log_parameter_disabled(
    group: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Neptune cluster parameter groups whose `neptune_enable_audit_log` parameter is `0`
    or not set (the default is `0`, off). Clusters using such a group record no audit
    events, whatever they export. Unknown values, and groups with a parameter whose name is
    unknown, are not reported.

    ## Why is this bad?
    Without audit events there is no record of who sent which query to the graph.

    ## Example
    ```hcl
    resource "aws_neptune_cluster_parameter_group" "graph" {
      family = "neptune1.3"

      parameter {
        name  = "neptune_query_timeout"
        value = "25"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_neptune_cluster_parameter_group" "graph" {
      family = "neptune1.3"

      parameter {
        name  = "neptune_enable_audit_log"
        value = "1"
      }
    }
    ```
    """
    found = find_parameter(group, "neptune_enable_audit_log")
    if found is None:
        if not has_unknown_parameter_name(group):
            yield Violation(at=group, message="neptune_enable_audit_log is not set (off)")
        return
    if known_text(found.value) in ("0", "false"):
        yield Violation(at=found.value, message="neptune_enable_audit_log is off")
