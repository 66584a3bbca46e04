from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_rules import known_text, parameters


@check(
    id="IAC-AWS-DOCDB-003",
    name="docdb-tls-disabled",
    title="DocumentDB parameter group turns TLS off",
    severity=Severity.HIGH,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_docdb_cluster_parameter_group"],
        Framework.CLOUDFORMATION: ["AWS::DocDB::DBClusterParameterGroup"],
    },
    remediation="""
        Keep TLS on (`enabled`, or `tls1.2+` / `tls1.3+` / `fips-140-3`), or drop the
        parameter: TLS is on by default.

        ```hcl
        resource "aws_docdb_cluster_parameter_group" "catalog" {
          family = "docdb5.0"

          parameter {
            name  = "tls"
            value = "enabled"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"]},
    equivalents={"checkov": ["CKV_AWS_90"]},
    references=[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/security.encryption.ssl.html",
    ],
)
def docdb_tls_disabled(group: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags DocumentDB cluster parameter groups that set the `tls` parameter to `disabled`.
    TLS is on by default, so a group that does not set it is not reported; nor are unknown
    values.

    ## Why is this bad?
    With TLS off, clients connect in clear text: credentials and documents cross the network
    readable and alterable by anyone on the path.

    ## Example
    ```hcl
    resource "aws_docdb_cluster_parameter_group" "catalog" {
      family = "docdb5.0"

      parameter {
        name  = "tls"
        value = "disabled"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_docdb_cluster_parameter_group" "catalog" {
      family = "docdb5.0"

      parameter {
        name  = "tls"
        value = "enabled"
      }
    }
    ```
    """
    for parameter in parameters(group):
        if parameter.name == "tls" and known_text(parameter.value) == "disabled":
            yield Violation(at=parameter.value, message="the tls parameter is 'disabled'")
