from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource

_CFN_VPC, _CFN_FLOW_LOG = "AWS::EC2::VPC", "AWS::EC2::FlowLog"
_VPC_TYPES = frozenset({"aws_vpc", "aws_default_vpc"})


@check(
    id="IAC-AWS-VPC-001",
    name="vpc-flow-logs-disabled",
    title="VPC has no flow log",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_vpc", "aws_default_vpc"],
        Framework.CLOUDFORMATION: [_CFN_VPC],
    },
    remediation="""
        Record the VPC's traffic with a flow log.

        ```hcl
        resource "aws_flow_log" "main" {
          vpc_id          = aws_vpc.main.id
          traffic_type    = "ALL"
          log_destination = aws_cloudwatch_log_group.flow.arn
          iam_role_arn    = aws_iam_role.flow.arn
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["3.9"],
        "nist-800-53-r5": ["AU-12", "SI-4"],
        "pci-dss-4.0": ["10.2.1"],
    },
    equivalents={"checkov": ["CKV2_AWS_11"]},
    references=["https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html"],
)
def vpc_flow_logs_disabled(vpc: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags VPCs (`aws_vpc`, `aws_default_vpc`, `AWS::EC2::VPC`) that no flow log in the
    configuration refers to (`aws_flow_log` with `vpc_id`, `AWS::EC2::FlowLog` with
    `ResourceId`). A VPC handed to a module call is not reported (the module may create the
    flow log), nor is one in a Terraform configuration holding a flow log whose VPC cannot be
    told at scan time.

    ## Why is this bad?
    Without flow logs there is no record of which addresses talked to which instances:
    intrusions, data exfiltration and misrouted traffic cannot be investigated after the fact.

    ## Example
    ```hcl
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }

    resource "aws_flow_log" "main" {
      vpc_id          = aws_vpc.main.id
      traffic_type    = "ALL"
      log_destination = aws_s3_bucket.flow_logs.arn
      log_destination_type = "s3"
    }
    ```
    """
    graph = context.graph
    if vpc.framework is Framework.CLOUDFORMATION:
        if not graph.referenced_by(vpc, _CFN_FLOW_LOG):
            yield Violation(at=vpc, message="no AWS::EC2::FlowLog records this VPC's traffic")
        return
    if graph.referenced_by(vpc, "aws_flow_log") or graph.referenced_by(vpc, "module"):
        return
    if _unplaced_flow_log(vpc, graph):
        return
    yield Violation(at=vpc, message="no aws_flow_log records this VPC's traffic")


def _unplaced_flow_log(vpc: Resource, graph: ResourceGraph) -> bool:
    """A flow log of the same Terraform configuration whose VPC is not known (it may be this
    one, reached through an expression the graph does not follow)."""
    scope = vpc.id.removesuffix(vpc.address)
    for flow_log in graph.of_type(Framework.TERRAFORM, "aws_flow_log"):
        if not flow_log.id.startswith(scope) or not flow_log.field("vpc_id").unknown:
            continue
        if not any(r.type_key in _VPC_TYPES for r in graph.references(flow_log)):
            return True
    return False
