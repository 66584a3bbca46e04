from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.settings import require_enabled


@dataclass(frozen=True, slots=True)
class _Keys:
    rotation: str
    spec: str
    usage: str
    external: tuple[str, ...]
    """Arguments that put the key material outside KMS (no automatic rotation there)."""


_KEYS = {
    Framework.TERRAFORM: _Keys(
        "enable_key_rotation",
        "customer_master_key_spec",
        "key_usage",
        ("custom_key_store_id", "xks_key_id"),
    ),
    Framework.CLOUDFORMATION: _Keys("EnableKeyRotation", "KeySpec", "KeyUsage", ()),
}


@check(
    id="IAC-AWS-KMS-001",
    name="kms-key-rotation-disabled",
    title="KMS key does not rotate its key material",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_kms_key"],
        Framework.CLOUDFORMATION: ["AWS::KMS::Key"],
    },
    remediation="""
        Turn on automatic rotation (yearly by default; old material stays available to
        decrypt).

        ```hcl
        resource "aws_kms_key" "data" {
          description         = "application data"
          enable_key_rotation = true
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["3.8"],
        "nist-800-53-r5": ["SC-12"],
        "pci-dss-4.0": ["3.7.4"],
    },
    equivalents={"checkov": ["CKV_AWS_7"], "tfsec": ["aws-kms-auto-rotate-keys"]},
    references=["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
)
def kms_key_rotation_disabled(key: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags symmetric encryption KMS keys without automatic key rotation: `enable_key_rotation`
    (CloudFormation `EnableKeyRotation`) false or unwritten (the default is off). Only keys
    that can rotate automatically are checked: key spec `SYMMETRIC_DEFAULT` (the default) and
    usage `ENCRYPT_DECRYPT` (the default), with key material in KMS (not imported with
    CloudFormation `Origin: EXTERNAL`, not in a custom or external key store). Asymmetric and
    HMAC keys cannot rotate automatically and are not reported; nor are unknown values.

    ## Why is this bad?
    The longer one key material encrypts data, the more data a single leaked or broken key
    exposes. Rotation limits that, costs nothing in code (KMS keeps old material to decrypt
    old data) and is required by most compliance frameworks.

    ## Example
    ```hcl
    resource "aws_kms_key" "data" {
      description = "application data"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_kms_key" "data" {
      description         = "application data"
      enable_key_rotation = true
    }
    ```
    """
    keys = _KEYS[key.framework]
    if not _rotatable(key, keys):
        return
    yield from require_enabled(key.field(keys.rotation), "automatic key rotation")


def _rotatable(key: Resource, keys: _Keys) -> bool:
    """Known to be a symmetric encryption key with its material in KMS."""
    if not _is(key.field(keys.spec), "SYMMETRIC_DEFAULT"):
        return False
    if not _is(key.field(keys.usage), "ENCRYPT_DECRYPT"):
        return False
    if key.framework is Framework.CLOUDFORMATION and not _is(key.field("Origin"), "AWS_KMS"):
        return False
    return not any(key.field(name).present for name in keys.external)


def _is(setting: Field, default: str) -> bool:
    """The setting is `default`, written or not (unknown is not)."""
    if not setting.present:
        return True
    return as_str(setting.value) == default
