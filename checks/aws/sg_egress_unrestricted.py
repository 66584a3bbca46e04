from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_security_group import EGRESS_TYPES, egress_rules


@check(
    id="IAC-AWS-EC2-031",
    name="security-group-egress-unrestricted",
    title="Security group allows all outbound traffic to the internet",
    severity=Severity.LOW,
    category="network",
    targets={
        Framework.TERRAFORM: [t for t in EGRESS_TYPES if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in EGRESS_TYPES if t.startswith("AWS::")],
    },
    remediation="""
        Allow only the destinations and ports the workload talks to.

        ```hcl
        egress {
          description = "HTTPS to AWS APIs and package mirrors"
          from_port   = 443
          to_port     = 443
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "SC-7(5)"]},
    equivalents={"checkov": ["CKV_AWS_382"], "tfsec": ["aws-ec2-no-public-egress-sgr"]},
    references=["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
)
def security_group_egress_unrestricted(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags security group egress rules that allow every protocol and port (protocol `-1`, or
    all TCP/UDP ports) to the whole internet (`0.0.0.0/0` or `::/0`). Reads inline `egress`
    blocks, `aws_security_group_rule` (type `egress`), `aws_vpc_security_group_egress_rule`,
    and CloudFormation `SecurityGroupEgress` (inline or as `AWS::EC2::SecurityGroupEgress`).
    Only written rules are judged: the implicit allow-all rule of a CloudFormation group that
    writes no egress is not visible as a line to change.

    ## Why is this bad?
    Unrestricted egress lets compromised workloads download tooling, reach command-and-control
    servers and exfiltrate data over any port; restricting egress turns those into blocked,
    logged connection attempts.

    ## Example
    ```hcl
    resource "aws_security_group" "app" {
      egress {
        from_port   = 0
        to_port     = 0
        protocol    = "-1"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_security_group" "app" {
      egress {
        from_port   = 443
        to_port     = 443
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    ```
    """
    for rule in egress_rules(resource):
        if rule.opens_every_port():
            for destination in rule.world_sources():
                yield Violation(
                    at=destination, message=f"egress to {destination.value} on every port"
                )
