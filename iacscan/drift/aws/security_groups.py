"""EC2 security groups with their rules as Terraform's inline `ingress` / `egress` blocks.

Each AWS permission becomes one block per rule description, holding its CIDRs, IPv6 CIDRs,
prefix lists, other groups and `self`, the way the provider's state holds them. A VPC's
`default` group is `aws_default_security_group` (the type Terraform adopts it with).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.aws.session import tags
from iacscan.drift.inventory import Link, LiveRecord

SERVICE = "ec2-security-groups"
CLIENT = "ec2"
GLOBAL = False
GROUP = "aws_security_group"
DEFAULT_GROUP = "aws_default_security_group"
TYPES = (GROUP, DEFAULT_GROUP)


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    for group in context.reader.pages(client, "describe_security_groups", "SecurityGroups"):
        yield _group(group, context.region)


def _group(group: dict[str, Any], region: str) -> LiveRecord:
    group_id = group["GroupId"]
    name = group.get("GroupName", "")
    vpc_id = group.get("VpcId")
    owner = group.get("OwnerId", "")
    attributes = {
        "id": group_id,
        "arn": group.get("SecurityGroupArn"),
        "name": name,
        "description": group.get("Description"),
        "vpc_id": vpc_id,
        "owner_id": owner,
        "ingress": rules(group.get("IpPermissions", []), group_id, owner),
        "egress": rules(group.get("IpPermissionsEgress", []), group_id, owner),
        "tags": tags(group.get("Tags")),
    }
    type_ = DEFAULT_GROUP if name == "default" else GROUP
    links = (Link("aws_vpc", vpc_id, ("vpc_id",)),) if vpc_id else ()
    return record(type_, group_id, region, attributes, links=links)


def rules(permissions: list[dict[str, Any]], group_id: str, owner: str) -> list[dict[str, Any]]:
    """AWS `IpPermissions` as Terraform rule blocks, one per permission and description."""
    blocks: list[dict[str, Any]] = []
    for permission in permissions:
        blocks.extend(_permission_blocks(permission, group_id, owner))
    return blocks


# Where each kind of source sits in a permission, its key there, and its Terraform argument.
_SOURCES = (
    ("IpRanges", "CidrIp", "cidr_blocks"),
    ("Ipv6Ranges", "CidrIpv6", "ipv6_cidr_blocks"),
    ("PrefixListIds", "PrefixListId", "prefix_list_ids"),
)


def _permission_blocks(
    permission: dict[str, Any], group_id: str, owner: str
) -> list[dict[str, Any]]:
    protocol = str(permission.get("IpProtocol", "-1"))
    every = protocol == "-1"
    base = {
        "protocol": protocol,
        "from_port": 0 if every else int(permission.get("FromPort", 0)),
        "to_port": 0 if every else int(permission.get("ToPort", 0)),
    }
    by_description: dict[str, dict[str, Any]] = {}

    def block(description: str | None) -> dict[str, Any]:
        key = description or ""
        if key not in by_description:
            by_description[key] = {**base, **_empty_sources(), "description": key}
        return by_description[key]

    for list_key, item_key, argument in _SOURCES:
        for item in permission.get(list_key, []):
            block(item.get("Description"))[argument].append(item[item_key])
    for item in permission.get("UserIdGroupPairs", []):
        target = block(item.get("Description"))
        if item.get("GroupId") == group_id:
            target["self"] = True
        elif item.get("UserId") and item.get("UserId") != owner:
            target["security_groups"].append(f"{item['UserId']}/{item.get('GroupId')}")
        else:
            target["security_groups"].append(item.get("GroupId"))
    return list(by_description.values())


def _empty_sources() -> dict[str, Any]:
    return {
        "cidr_blocks": [],
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "security_groups": [],
        "self": False,
    }
