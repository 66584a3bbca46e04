from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import is_false
from iacscan.model.gcp_compute import INSTANCE_TYPES

_PROTECTIONS = {
    "enable_vtpm": "the virtual TPM",
    "enable_integrity_monitoring": "integrity monitoring",
}


@check(
    id="IAC-GCP-COMPUTE-017",
    name="compute-shielded-vm-disabled",
    title="Compute instance turns Shielded VM protections off",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets={Framework.TERRAFORM: list(INSTANCE_TYPES)},
    remediation="""
        Keep the vTPM and integrity monitoring on (and turn on Secure Boot where the image
        supports it).

        ```hcl
        shielded_instance_config {
          enable_secure_boot          = true
          enable_vtpm                 = true
          enable_integrity_monitoring = true
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["4.8"], "nist-800-53-r5": ["SI-7"]},
    equivalents={
        "checkov": ["CKV_GCP_39"],
        "tfsec": ["google-compute-enable-shielded-vm-vtpm", "google-compute-enable-shielded-vm-im"],
    },
    references=["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm"],
)
def compute_shielded_vm_disabled(instance: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags instances and instance templates that turn off a Shielded VM protection:
    `enable_vtpm = false` or `enable_integrity_monitoring = false` in
    `shielded_instance_config`. Both are on by default (on Shielded VM images), so an
    unwritten block is not reported.

    ## Why is this bad?
    The virtual TPM and integrity monitoring detect boot-level malware (rootkits, bootkits)
    and protect keys sealed to the VM; without them a compromised boot chain goes unnoticed.

    ## Example
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      shielded_instance_config {
        enable_vtpm                 = false
        enable_integrity_monitoring = false
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      shielded_instance_config {
        enable_secure_boot          = true
        enable_vtpm                 = true
        enable_integrity_monitoring = true
      }
    }
    ```
    """
    for config in instance.blocks("shielded_instance_config"):
        for key, label in _PROTECTIONS.items():
            setting = config.get(key)
            if is_false(setting.value):
                yield Violation(at=setting, message=f"{label} is turned off")
