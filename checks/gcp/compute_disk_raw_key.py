from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource

_RAW_KEY_PATHS: dict[str, tuple[tuple[str | int, ...], ...]] = {
    "google_compute_disk": (("disk_encryption_key", 0, "raw_key"),),
    "google_compute_region_disk": (("disk_encryption_key", 0, "raw_key"),),
    "google_compute_image": (("image_encryption_key", 0, "raw_key"),),
    "google_compute_snapshot": (("snapshot_encryption_key", 0, "raw_key"),),
}


def _raw_keys(resource: Resource) -> Iterator[Field]:
    if resource.type == "google_compute_instance":
        yield resource.field("boot_disk", 0, "disk_encryption_key_raw")
        for disk in resource.blocks("attached_disk"):
            yield disk.get("disk_encryption_key_raw")
        return
    for path in _RAW_KEY_PATHS.get(resource.type, ()):
        yield resource.field(*path)


@check(
    id="IAC-GCP-COMPUTE-018",
    name="compute-disk-raw-encryption-key",
    title="Disk encryption key is written in plain text in the configuration",
    severity=Severity.HIGH,
    category="secrets",
    targets={Framework.TERRAFORM: ["google_compute_instance", *_RAW_KEY_PATHS]},
    remediation="""
        Encrypt with a Cloud KMS key instead of a raw customer-supplied key.

        ```hcl
        resource "google_compute_disk" "data" {
          name = "data"
          zone = "europe-west1-b"

          disk_encryption_key {
            kms_key_self_link = google_kms_crypto_key.disks.id
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-12", "SC-28", "IA-5(7)"]},
    equivalents={"tfsec": ["google-compute-disk-encryption-no-plaintext-key"]},
    references=["https://cloud.google.com/compute/docs/disks/customer-supplied-encryption"],
)
def compute_disk_raw_encryption_key(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags customer-supplied encryption keys written as known values: `raw_key` in a disk,
    image or snapshot encryption key, or `disk_encryption_key_raw` on an instance's boot or
    attached disk. A key that comes from an unset variable or another resource is not
    reported.

    ## Why is this bad?
    The raw key decrypts the disk; written in the code it sits in version control, CI logs
    and the Terraform state, readable by everyone who can read those, and cannot be rotated
    without recreating the disk.

    ## Example
    ```hcl
    resource "google_compute_disk" "data" {
      name = "data"

      disk_encryption_key {
        raw_key = "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0="
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_disk" "data" {
      name = "data"

      disk_encryption_key {
        kms_key_self_link = google_kms_crypto_key.disks.id
      }
    }
    ```
    """
    for key in _raw_keys(resource):
        if key.known and isinstance(key.value, str) and key.value.strip():
            yield Violation(at=key, message="a raw disk encryption key is written in the code")
