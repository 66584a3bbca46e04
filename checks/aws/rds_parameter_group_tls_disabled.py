from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_rules import known_text, parameters

# The parameter that makes each engine refuse unencrypted connections, and its "off" values.
_TLS_PARAMETERS = {
    "rds.force_ssl": frozenset({"0", "false", "off"}),  # PostgreSQL, SQL Server
    "require_secure_transport": frozenset({"0", "false", "off"}),  # MySQL, MariaDB
}


@check(
    id="IAC-AWS-RDS-019",
    name="rds-parameter-group-tls-disabled",
    title="RDS parameter group lets clients connect without TLS",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
        Framework.CLOUDFORMATION: [
            "AWS::RDS::DBParameterGroup",
            "AWS::RDS::DBClusterParameterGroup",
        ],
    },
    remediation="""
        Require TLS (`rds.force_ssl = 1` for PostgreSQL and SQL Server,
        `require_secure_transport = ON` for MySQL and MariaDB).

        ```hcl
        resource "aws_db_parameter_group" "orders" {
          family = "postgres16"

          parameter {
            name  = "rds.force_ssl"
            value = "1"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
    ],
)
def rds_parameter_group_tls_disabled(group: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags RDS and Aurora parameter groups that explicitly turn TLS enforcement off:
    `rds.force_ssl` (PostgreSQL, SQL Server) or `require_secure_transport` (MySQL, MariaDB)
    set to `0` / `OFF`. Defaults differ by engine and version, so groups that do not set the
    parameter are not reported; nor are unknown values.

    ## Why is this bad?
    Clients may then connect in clear text, sending credentials and query results across the
    network unencrypted and open to tampering.

    ## Example
    ```hcl
    resource "aws_db_parameter_group" "orders" {
      family = "postgres16"

      parameter {
        name  = "rds.force_ssl"
        value = "0"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_db_parameter_group" "orders" {
      family = "postgres16"

      parameter {
        name  = "rds.force_ssl"
        value = "1"
      }
    }
    ```
    """
    for parameter in parameters(group):
        off = _TLS_PARAMETERS.get(parameter.name or "")
        value = known_text(parameter.value)
        if off is not None and value in off:
            yield Violation(at=parameter.value, message=f"{parameter.name} is {value!r}")
