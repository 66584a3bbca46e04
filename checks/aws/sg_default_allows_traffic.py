from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource, Unknown


@check(
    id="IAC-AWS-EC2-027",
    name="default-security-group-allows-traffic",
    title="Default security group of a VPC allows traffic",
    severity=Severity.MEDIUM,
    category="network",
    targets={Framework.TERRAFORM: ["aws_default_security_group"]},
    remediation="""
        Manage the default security group with no rules, so that it denies everything, and
        give resources security groups of their own.

        ```hcl
        resource "aws_default_security_group" "default" {
          vpc_id = aws_vpc.main.id
        }
        ```
    """,
    compliance={"cis-aws-foundations-1.4.0": ["5.3"], "nist-800-53-r5": ["SC-7", "AC-4"]},
    equivalents={"checkov": ["CKV2_AWS_12"]},
    references=[
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
    ],
)
def default_security_group_allows_traffic(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags `aws_default_security_group` resources that write `ingress` or `egress` rules.
    Terraform removes every rule the default group has and adds only the written ones, so a
    default group written without rules denies all traffic, which is what is wanted. Rules
    written as `null` or `[]`, and `dynamic` blocks over an empty or unknown collection (e.g.
    terraform-aws-modules/vpc's `default_security_group_ingress` variable) are not reported. A
    VPC whose default group Terraform does not manage is not reported either: it is outside the
    code, and this check says nothing about it.

    ## Why is this bad?
    Every instance, endpoint or database launched without an explicit security group lands in
    the default group. Rules on it silently apply to all of those resources, which were never
    meant to share them.

    ## Example
    ```hcl
    resource "aws_default_security_group" "default" {
      vpc_id = aws_vpc.main.id

      ingress {
        protocol  = -1
        self      = true
        from_port = 0
        to_port   = 0
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_default_security_group" "default" {
      vpc_id = aws_vpc.main.id
    }
    ```
    """
    for direction in ("ingress", "egress"):
        for rule in resource.blocks(direction):
            # `ingress = null`, or a dynamic block whose collection is unknown: no known rule.
            if not rule.present or isinstance(rule.value, Unknown):
                continue
            yield Violation(at=rule, message=f"the default security group has an {direction} rule")
