from __future__ import annotations

import re
from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str, is_true

MAX_ROTATION_SECONDS = 90 * 24 * 3600  # 7776000s
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")
# Only symmetric encryption keys rotate automatically; keys whose material lives outside
# Cloud KMS (Cloud EKM) cannot rotate at all.
_ROTATING_PURPOSE = "ENCRYPT_DECRYPT"
_EXTERNAL_LEVELS = frozenset({"EXTERNAL", "EXTERNAL_VPC"})


@check(
    id="IAC-GCP-KMS-001",
    name="kms-key-rotation-period-too-long",
    title="Cloud KMS key is not rotated at least every 90 days",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={Framework.TERRAFORM: ["google_kms_crypto_key"]},
    remediation="""
        Rotate the key automatically every 90 days or sooner.

        ```hcl
        resource "google_kms_crypto_key" "data" {
          name            = "data"
          key_ring        = google_kms_key_ring.main.id
          rotation_period = "7776000s"
        }
        ```
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["1.10"],
        "nist-800-53-r5": ["SC-12"],
        "pci-dss-4.0": ["3.7.4"],
    },
    equivalents={"checkov": ["CKV_GCP_43"], "tfsec": ["google-kms-rotate-kms-keys"]},
    references=["https://cloud.google.com/kms/docs/key-rotation"],
)
def kms_key_rotation_period_too_long(key: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags symmetric Cloud KMS keys (`purpose` `ENCRYPT_DECRYPT`, the default) without
    `rotation_period`, or with a period longer than 90 days (`7776000s`). Asymmetric and MAC
    keys, which Cloud KMS cannot rotate automatically, keys for import (`import_only`) and
    external (Cloud EKM) keys are not reported, nor are unknown values.

    ## Why is this bad?
    The longer one key version stays primary, the more data a single leaked or broken key
    version exposes. Automatic rotation limits that amount without re-encrypting anything.

    ## Example
    ```hcl
    resource "google_kms_crypto_key" "data" {
      name     = "data"
      key_ring = google_kms_key_ring.main.id
    }
    ```

    ## Use instead
    ```hcl
    resource "google_kms_crypto_key" "data" {
      name            = "data"
      key_ring        = google_kms_key_ring.main.id
      rotation_period = "7776000s"
    }
    ```
    """
    purpose = key.field("purpose")
    if purpose.present and as_str(purpose.value) != _ROTATING_PURPOSE:
        return
    import_only = key.field("import_only")
    if import_only.unknown or is_true(import_only.value):
        return
    level = key.field("version_template", 0, "protection_level")
    if level.unknown or as_str(level.value) in _EXTERNAL_LEVELS:
        return
    period = key.field("rotation_period")
    if not period.present:
        yield Violation(at=period, message="the key is never rotated automatically")
        return
    seconds = _seconds(period.value)
    if seconds is not None and seconds > MAX_ROTATION_SECONDS:
        yield Violation(
            at=period,
            message=f"rotation period {period.value} is {seconds / 86400:g} days, longer than 90",
        )


def _seconds(value: object) -> float | None:
    text = as_str(value)
    match = _DURATION.match(text) if text is not None else None
    return float(match.group(1)) if match else None
