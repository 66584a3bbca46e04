"""EBS volumes, however they are described: standalone volumes, the root and extra volumes of
instances and launch configurations, and launch template block device mappings.

A volume made from a snapshot inherits the snapshot's encryption; so does a root volume whose
settings are not written (it comes from the AMI's snapshot). The second case is kept apart, as
`root_default`, so a check can decide how to treat it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.graph.model import MISSING, Field, Framework, Resource
from iacscan.graph.values import as_bool


@dataclass(frozen=True, slots=True)
class Volume:
    at: Field
    """The volume's block, or where the missing block would go (the resource)."""
    encrypted: Field
    from_snapshot: bool
    """Created from a named snapshot (whose encryption it inherits)."""
    label: str
    root_default: bool = False
    """A root volume whose settings are not written at all."""


def volumes(resource: Resource) -> list[Volume]:
    key = resource.type_key
    if key in ("aws_ebs_volume", "AWS::EC2::Volume"):
        return [_standalone(resource)]
    if key in ("aws_instance", "aws_launch_configuration"):
        return list(_terraform_instance(resource))
    if key == "aws_launch_template":
        return list(_terraform_template(resource))
    if key in ("AWS::EC2::Instance", "AWS::AutoScaling::LaunchConfiguration"):
        return list(_cloudformation_mappings(resource, resource.field("BlockDeviceMappings")))
    if key == "AWS::EC2::LaunchTemplate":
        data = resource.field("LaunchTemplateData")
        return list(_cloudformation_mappings(resource, data.get("BlockDeviceMappings")))
    return []


def _standalone(resource: Resource) -> Volume:
    cloudformation = resource.framework is Framework.CLOUDFORMATION
    return Volume(
        at=Field(resource, (), resource.attributes),
        encrypted=resource.field("Encrypted" if cloudformation else "encrypted"),
        from_snapshot=resource.field("SnapshotId" if cloudformation else "snapshot_id").present,
        label="EBS volume",
    )


def _terraform_instance(resource: Resource) -> Iterator[Volume]:
    roots = list(resource.blocks("root_block_device"))
    if not roots and not resource.field("launch_template").present:
        missing = resource.field("root_block_device")
        yield Volume(missing, missing, False, "root volume", root_default=True)
    for root in roots:
        yield Volume(root, root.get("encrypted"), False, "root volume")
    for block in resource.blocks("ebs_block_device"):
        yield _block(block, "encrypted", "snapshot_id", _label(block))


def _terraform_template(resource: Resource) -> Iterator[Volume]:
    for mapping in resource.blocks("block_device_mappings"):
        for ebs in _items(mapping.get("ebs")):
            yield _block(ebs, "encrypted", "snapshot_id", _label(mapping))


def _cloudformation_mappings(resource: Resource, mappings: Field) -> Iterator[Volume]:
    if not mappings.present and not resource.field("LaunchTemplate").present:
        if resource.type_key != "AWS::EC2::LaunchTemplate":
            yield Volume(mappings, mappings, False, "root volume", root_default=True)
        return
    for mapping in _items(mappings):
        ebs = mapping.get("Ebs")
        if ebs.present:
            yield _block(ebs, "Encrypted", "SnapshotId", _label(mapping, "DeviceName"))


def _block(block: Field, encrypted: str, snapshot: str, label: str) -> Volume:
    return Volume(block, block.get(encrypted), block.get(snapshot).present, label)


def _label(block: Field, key: str = "device_name") -> str:
    name = block.get(key).value
    return f"volume {name}" if isinstance(name, str) else "volume"


def _items(field: Field) -> list[Field]:
    if isinstance(field.value, list):
        return [field.get(index) for index in range(len(field.value))]
    return [field] if field.present else []


def encrypted_by_default(resources: list[Resource]) -> bool:
    """True when an `aws_ebs_encryption_by_default` turns default encryption on (its `enabled`
    defaults to true), or may (unknown): new volumes are then encrypted whatever they say."""
    for resource in resources:
        enabled = resource.get("enabled")
        if enabled is MISSING or as_bool(enabled) is not False:
            return True
    return False
