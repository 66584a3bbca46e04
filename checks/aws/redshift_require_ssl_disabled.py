from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.aws_data_rules import parameters


@check(
    id="IAC-AWS-REDSHIFT-005",
    name="redshift-require-ssl-disabled",
    title="Redshift parameter group lets clients connect without TLS",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_redshift_parameter_group"],
        Framework.CLOUDFORMATION: ["AWS::Redshift::ClusterParameterGroup"],
    },
    remediation="""
        Require TLS for every connection.

        ```hcl
        resource "aws_redshift_parameter_group" "warehouse" {
          name   = "warehouse"
          family = "redshift-2.0"

          parameter {
            name  = "require_ssl"
            value = "true"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV_AWS_105"]},
    references=[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html",
    ],
)
def redshift_require_ssl_disabled(group: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Redshift parameter groups that set `require_ssl` to `false`. Groups that do not set
    it take the engine default, which AWS changed to `true` for new clusters in 2025, so
    they are not reported; nor are unknown values.

    ## Why is this bad?
    With `require_ssl` off, clients may connect in clear text, sending credentials and query
    results across the network unencrypted.

    ## Example
    ```hcl
    resource "aws_redshift_parameter_group" "warehouse" {
      name   = "warehouse"
      family = "redshift-2.0"

      parameter {
        name  = "require_ssl"
        value = "false"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_redshift_parameter_group" "warehouse" {
      name   = "warehouse"
      family = "redshift-2.0"

      parameter {
        name  = "require_ssl"
        value = "true"
      }
    }
    ```
    """
    for parameter in parameters(group):
        if parameter.name == "require_ssl" and as_bool(parameter.value.value) is False:
            yield Violation(at=parameter.value, message="require_ssl is false")
