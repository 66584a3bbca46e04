"""EC2 instances and EBS volumes.

As in Terraform's state, an instance's root volume and the volumes deleted with it are
described by the instance (`root_block_device`, `ebs_block_device`) and are not
`aws_ebs_volume`s; every other volume is. Terminated instances are gone and left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.drift.aws.context import ServiceContext, record
from iacscan.drift.aws.session import tags
from iacscan.drift.inventory import Link, LiveRecord
from iacscan.drift.names import arn_resource

SERVICE = "ec2-instances"
CLIENT = "ec2"
GLOBAL = False
INSTANCE = "aws_instance"
VOLUME = "aws_ebs_volume"
TYPES = (INSTANCE, VOLUME)
_GONE = frozenset({"terminated", "shutting-down"})


def read(context: ServiceContext) -> Iterator[LiveRecord]:
    client = context.client()
    volumes = {
        v["VolumeId"]: v for v in context.reader.pages(client, "describe_volumes", "Volumes")
    }
    owned: set[str] = set()
    for reservation in context.reader.pages(client, "describe_instances", "Reservations"):
        for instance in reservation.get("Instances", []):
            if instance.get("State", {}).get("Name") in _GONE:
                continue
            yield _instance(instance, volumes, owned, context)
    for volume_id, volume in volumes.items():
        if volume_id not in owned:
            yield _volume(volume, context)


def _instance(
    instance: dict[str, Any], volumes: dict[str, Any], owned: set[str], context: ServiceContext
) -> LiveRecord:
    instance_id = instance["InstanceId"]
    root_name = instance.get("RootDeviceName")
    roots, others = [], []
    for mapping in instance.get("BlockDeviceMappings", []):
        ebs = mapping.get("Ebs", {})
        volume = volumes.get(ebs.get("VolumeId", ""), {})
        block = _device(mapping, volume)
        if mapping.get("DeviceName") == root_name:
            roots.append(block)
            owned.add(ebs.get("VolumeId", ""))
        elif ebs.get("DeleteOnTermination"):
            others.append({**block, "snapshot_id": volume.get("SnapshotId") or None})
            owned.add(ebs.get("VolumeId", ""))
    profile = instance.get("IamInstanceProfile", {}).get("Arn")
    metadata = instance.get("MetadataOptions", {})
    attributes = {
        "id": instance_id,
        "arn": f"arn:aws:ec2:{context.region}:{context.account}:instance/{instance_id}",
        "ami": instance.get("ImageId"),
        "instance_type": instance.get("InstanceType"),
        "availability_zone": instance.get("Placement", {}).get("AvailabilityZone"),
        "subnet_id": instance.get("SubnetId"),
        "vpc_security_group_ids": [g["GroupId"] for g in instance.get("SecurityGroups", [])],
        "key_name": instance.get("KeyName"),
        "iam_instance_profile": arn_resource(profile) if profile else None,
        "associate_public_ip_address": bool(instance.get("PublicIpAddress")),
        "public_ip": instance.get("PublicIpAddress"),
        "private_ip": instance.get("PrivateIpAddress"),
        "monitoring": instance.get("Monitoring", {}).get("State") == "enabled",
        "ebs_optimized": bool(instance.get("EbsOptimized", False)),
        "metadata_options": [_metadata(metadata)] if metadata else [],
        "root_block_device": roots,
        "ebs_block_device": others,
        "instance_state": instance.get("State", {}).get("Name"),
        "tags": tags(instance.get("Tags")),
    }
    links = tuple(
        Link("aws_security_group", g, ("vpc_security_group_ids",))
        for g in attributes["vpc_security_group_ids"]
    )
    return record(INSTANCE, instance_id, context.region, attributes, links=links)


_METADATA = {
    "HttpEndpoint": "http_endpoint",
    "HttpTokens": "http_tokens",
    "HttpPutResponseHopLimit": "http_put_response_hop_limit",
    "InstanceMetadataTags": "instance_metadata_tags",
}


def _metadata(options: dict[str, Any]) -> dict[str, Any]:
    """The metadata options AWS reported (one it leaves out is not compared)."""
    return {ours: options[theirs] for theirs, ours in _METADATA.items() if theirs in options}


def _device(mapping: dict[str, Any], volume: dict[str, Any]) -> dict[str, Any]:
    ebs = mapping.get("Ebs", {})
    return {
        "device_name": mapping.get("DeviceName"),
        "volume_id": ebs.get("VolumeId"),
        "delete_on_termination": bool(ebs.get("DeleteOnTermination", False)),
        "encrypted": volume.get("Encrypted"),
        "kms_key_id": volume.get("KmsKeyId"),
        "volume_size": volume.get("Size"),
        "volume_type": volume.get("VolumeType"),
    }


def _volume(volume: dict[str, Any], context: ServiceContext) -> LiveRecord:
    volume_id = volume["VolumeId"]
    attributes = {
        "id": volume_id,
        "arn": f"arn:aws:ec2:{context.region}:{context.account}:volume/{volume_id}",
        "availability_zone": volume.get("AvailabilityZone"),
        "encrypted": bool(volume.get("Encrypted", False)),
        "kms_key_id": volume.get("KmsKeyId"),
        "size": volume.get("Size"),
        "type": volume.get("VolumeType"),
        "iops": volume.get("Iops"),
        "snapshot_id": volume.get("SnapshotId") or None,
        "multi_attach_enabled": bool(volume.get("MultiAttachEnabled", False)),
        "tags": tags(volume.get("Tags")),
    }
    return record(VOLUME, volume_id, context.region, attributes)
