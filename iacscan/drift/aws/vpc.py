"""VPCs and their flow logs. A region's default VPC is `aws_default_vpc`, the type Terraform
adopts it with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.aws.session import tags
from iacscan.drift.inventory import Link, LiveRecord

SERVICE = "ec2-vpcs"
CLIENT = "ec2"
GLOBAL = False
VPC = "aws_vpc"
DEFAULT_VPC = "aws_default_vpc"
FLOW_LOG = "aws_flow_log"
TYPES = (VPC, DEFAULT_VPC, FLOW_LOG)
# Which Terraform argument names the resource a flow log watches, by id prefix.
_WATCHED = {
    "vpc-": "vpc_id",
    "subnet-": "subnet_id",
    "eni-": "eni_id",
    "tgw-attach-": "transit_gateway_attachment_id",
    "tgw-": "transit_gateway_id",
}


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    for vpc in context.reader.pages(client, "describe_vpcs", "Vpcs"):
        yield _vpc(vpc, context)
    for flow_log in context.reader.pages(client, "describe_flow_logs", "FlowLogs"):
        yield _flow_log(flow_log, context.region)


def _vpc(vpc: dict[str, Any], context: ServiceContext) -> LiveRecord:
    vpc_id = vpc["VpcId"]
    attributes: dict[str, Any] = {
        "id": vpc_id,
        "arn": f"arn:aws:ec2:{context.region}:{context.account}:vpc/{vpc_id}",
        "cidr_block": vpc.get("CidrBlock"),
        "instance_tenancy": vpc.get("InstanceTenancy"),
        "owner_id": vpc.get("OwnerId"),
        "tags": tags(vpc.get("Tags")),
    }
    for attribute, key in (
        ("enableDnsSupport", "enable_dns_support"),
        ("enableDnsHostnames", "enable_dns_hostnames"),
    ):
        answer = context.optional(
            lambda name=attribute: context.client().describe_vpc_attribute(  # type: ignore[misc]
                VpcId=vpc_id, Attribute=name
            ),
            "DescribeVpcAttribute",
            types=(VPC, DEFAULT_VPC),
        )
        if answer is not None:
            field = attribute[0].upper() + attribute[1:]
            attributes[key] = bool(answer.get(field, {}).get("Value", False))
    type_ = DEFAULT_VPC if vpc.get("IsDefault") else VPC
    return record(type_, vpc_id, context.region, attributes)


def _flow_log(flow_log: dict[str, Any], region: str) -> LiveRecord:
    watched = str(flow_log.get("ResourceId", ""))
    attributes: dict[str, Any] = {
        "id": flow_log["FlowLogId"],
        "traffic_type": flow_log.get("TrafficType"),
        "log_destination_type": flow_log.get("LogDestinationType"),
        "log_destination": flow_log.get("LogDestination"),
        "log_group_name": flow_log.get("LogGroupName"),
        "iam_role_arn": flow_log.get("DeliverLogsPermissionArn"),
        "log_format": flow_log.get("LogFormat"),
        "max_aggregation_interval": flow_log.get("MaxAggregationInterval"),
        "tags": tags(flow_log.get("Tags")),
    }
    links: tuple[Link, ...] = ()
    for prefix, key in _WATCHED.items():
        if watched.startswith(prefix):
            attributes[key] = watched
            if key == "vpc_id":
                links = (Link(VPC, watched, (key,)),)
            break
    return record(FLOW_LOG, flow_log["FlowLogId"], region, attributes, links=links)
