"""Cloud Storage bucket settings (one row each): object versioning, access logging and
public access prevention."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

_BUCKET = "google_storage_bucket"
_HEAD = 'resource "google_storage_bucket" "data" {\n  name     = "acme-data"\n  location = "EU"\n'

STORAGE_VERSIONING_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-STORAGE-010",
        name="gcs-versioning-disabled",
        title="Cloud Storage bucket does not keep previous object versions",
        severity=Severity.LOW,
        category="public-storage",
        what="object versioning",
        where={Framework.TERRAFORM: {_BUCKET: ("versioning", 0, "enabled")}},
        expect=Enabled(),
        doc=Doc(
            "Flags buckets without object versioning: `versioning.enabled` false or not "
            "written, which is the default.",
            "Without versioning an overwrite or delete is final; a bad deployment, a bug or "
            "an attacker with write access can destroy data for good.",
            f"```hcl\n{_HEAD}}}\n```",
            f"```hcl\n{_HEAD}\n  versioning {{\n    enabled = true\n  }}\n}}\n```",
        ),
        remediation=f"""
Turn on object versioning (with a lifecycle rule to expire old versions).

```hcl
{_HEAD}
  versioning {{
    enabled = true
  }}
}}
```
""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-7"]},
        equivalents={"checkov": ["CKV_GCP_78"]},
        references=["https://cloud.google.com/storage/docs/object-versioning"],
    )
)

STORAGE_ACCESS_LOGGING_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-STORAGE-011",
        name="gcs-access-logging-disabled",
        title="Cloud Storage bucket does not record usage logs",
        severity=Severity.LOW,
        category="logging",
        what="usage logging",
        where={Framework.TERRAFORM: {_BUCKET: ("logging",)}},
        expect=Present(),
        doc=Doc(
            "Flags buckets without a `logging` block (usage and storage logs written to "
            "another bucket). Data Access audit logs are an alternative that this check does "
            "not see; suppress the finding where they are on.",
            "Without access logs there is no record of who read or deleted which objects, so "
            "a data leak cannot be scoped.",
            f"```hcl\n{_HEAD}}}\n```",
            f'```hcl\n{_HEAD}\n  logging {{\n    log_bucket = "acme-access-logs"\n  }}\n}}\n```',
        ),
        remediation=f"""
Write usage logs to a separate bucket.

```hcl
{_HEAD}
  logging {{
    log_bucket = "acme-access-logs"
  }}
}}
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_GCP_62"]},
        references=["https://cloud.google.com/storage/docs/access-logs"],
    )
)

STORAGE_PUBLIC_ACCESS_PREVENTION_OFF = setting_check(
    SettingRule(
        id="IAC-GCP-STORAGE-012",
        name="gcs-public-access-prevention-off",
        title="Cloud Storage bucket does not enforce public access prevention",
        severity=Severity.LOW,
        category="public-storage",
        what="public access prevention",
        where={Framework.TERRAFORM: {_BUCKET: ("public_access_prevention",)}},
        expect=OneOf(frozenset({"enforced"})),
        doc=Doc(
            'Flags buckets whose `public_access_prevention` is not `"enforced"` (unwritten '
            'or `"inherited"` follows the organization policy, which the code does not show).',
            "Without enforcement, one mistaken IAM binding or ACL for `allUsers` makes the "
            "bucket's objects public; enforcement refuses such grants outright.",
            f"```hcl\n{_HEAD}}}\n```",
            f'```hcl\n{_HEAD}  public_access_prevention = "enforced"\n}}\n```',
        ),
        remediation=f"""
Enforce public access prevention (or set the organization policy
`storage.publicAccessPrevention`).

```hcl
{_HEAD}  public_access_prevention = "enforced"
}}
```
""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-21"]},
        equivalents={"checkov": ["CKV_GCP_114"]},
        references=["https://cloud.google.com/storage/docs/public-access-prevention"],
    )
)
