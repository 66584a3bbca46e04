from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_compute_ecs import TASK_DEFINITIONS

# framework -> (volumes, EFS configuration, transit encryption)
_KEYS = {
    Framework.TERRAFORM: ("volume", ("efs_volume_configuration", 0), "transit_encryption"),
    Framework.CLOUDFORMATION: ("Volumes", ("EFSVolumeConfiguration",), "TransitEncryption"),
}


@check(
    id="IAC-AWS-ECS-006",
    name="ecs-efs-volume-transit-unencrypted",
    title="ECS task mounts an EFS volume without encryption in transit",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=TASK_DEFINITIONS,
    remediation="""
        Encrypt EFS traffic in transit.

        ```hcl
        volume {
          name = "data"

          efs_volume_configuration {
            file_system_id     = aws_efs_file_system.data.id
            transit_encryption = "ENABLED"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"]},
    equivalents={"checkov": ["CKV_AWS_97"]},
    references=[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html",
    ],
)
def ecs_efs_volume_transit_unencrypted(
    task: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags EFS volumes of ECS task definitions whose `transit_encryption` (CloudFormation
    `EFSVolumeConfiguration.TransitEncryption`) is `DISABLED` or unwritten (the default is
    `DISABLED`). Other volume types are not concerned; unknown values are not reported.

    ## Why is this bad?
    File reads and writes between the task and the file system cross the network in clear
    text, where anyone who can capture traffic in the VPC can read or change them.

    ## Example
    ```hcl
    volume {
      name = "data"

      efs_volume_configuration {
        file_system_id = aws_efs_file_system.data.id
      }
    }
    ```

    ## Use instead
    ```hcl
    volume {
      name = "data"

      efs_volume_configuration {
        file_system_id     = aws_efs_file_system.data.id
        transit_encryption = "ENABLED"
      }
    }
    ```
    """
    volumes, efs_path, key = _KEYS[task.framework]
    for volume in task.blocks(volumes):
        efs = volume.get(*efs_path)
        if not efs.present:
            continue
        setting = efs.get(key)
        if not setting.present:
            yield Violation(at=efs, message="EFS transit encryption is not enabled")
            continue
        text = as_str(setting.value)
        if text is not None and text.upper() != "ENABLED":
            yield Violation(at=setting, message=f"EFS transit encryption is {text!r}")
