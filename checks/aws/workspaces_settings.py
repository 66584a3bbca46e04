"""WorkSpaces settings: one row per volume."""

from __future__ import annotations

from iacscan.check import Check, Severity
from iacscan.check_table import Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework


def _volume_row(id: str, volume: str, terraform: str, cloudformation: str, checkov: str) -> Check:
    example = """
```hcl
resource "aws_workspaces_workspace" "alice" {
  directory_id = aws_workspaces_directory.corp.id
  bundle_id    = data.aws_workspaces_bundle.standard.id
  user_name    = "alice"
}
```
"""
    fixed = f"""
```hcl
resource "aws_workspaces_workspace" "alice" {{
  directory_id                   = aws_workspaces_directory.corp.id
  bundle_id                      = data.aws_workspaces_bundle.standard.id
  user_name                      = "alice"
  volume_encryption_key          = aws_kms_key.workspaces.arn
  {terraform} = true
}}
```
"""
    return setting_check(
        SettingRule(
            id=id,
            name=f"workspaces-{volume}-volume-unencrypted",
            title=f"WorkSpaces {volume} volume is not encrypted",
            severity=Severity.MEDIUM,
            category="encryption",
            what=f"{volume} volume encryption",
            where={
                Framework.TERRAFORM: {"aws_workspaces_workspace": (terraform,)},
                Framework.CLOUDFORMATION: {"AWS::WorkSpaces::Workspace": (cloudformation,)},
            },
            expect=Enabled(default=False),
            doc=Doc(
                what_it_does=f"""
Flags WorkSpaces whose {volume} volume is not encrypted: `{terraform}` (CloudFormation
`{cloudformation}`) false or unwritten (the default is off).
""",
                why_is_this_bad=f"""
The {volume} volume holds the desktop's files, caches and credentials; unencrypted it is
exposed through snapshots and the underlying storage.
""",
                example=example,
                use_instead=fixed,
            ),
            remediation=f"Encrypt the {volume} volume with a KMS key.\n{fixed}",
            compliance={"nist-800-53-r5": ["SC-28"]},
            equivalents={"checkov": [checkov]},
            references=[
                "https://docs.aws.amazon.com/workspaces/latest/adminguide/encrypt-workspaces.html",
            ],
        )
    )


WORKSPACES_ROOT_VOLUME_UNENCRYPTED = _volume_row(
    "IAC-AWS-WORKSPACES-001",
    "root",
    "root_volume_encryption_enabled",
    "RootVolumeEncryptionEnabled",
    "CKV_AWS_156",
)
WORKSPACES_USER_VOLUME_UNENCRYPTED = _volume_row(
    "IAC-AWS-WORKSPACES-002",
    "user",
    "user_volume_encryption_enabled",
    "UserVolumeEncryptionEnabled",
    "CKV_AWS_155",
)
