from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_iam import public_members
from iacscan.model.gcp_storage import (
    ACL_TYPES,
    BUCKET_IAM_TYPES,
    acls_disabled,
    buckets_of,
    prevents_public_access,
    public_acl_grants,
)


@check(
    id="IAC-GCP-STORAGE-001",
    name="gcs-bucket-public",
    title="Cloud Storage bucket or object is readable by anyone",
    severity=Severity.HIGH,
    category="public-storage",
    targets={Framework.TERRAFORM: [*BUCKET_IAM_TYPES, *ACL_TYPES]},
    remediation="""
        Grant access to named principals only, and enforce public access prevention so a
        later change cannot make the bucket public.

        ```hcl
        resource "google_storage_bucket" "reports" {
          name                        = "acme-reports"
          location                    = "EU"
          uniform_bucket_level_access = true
          public_access_prevention    = "enforced"
        }

        resource "google_storage_bucket_iam_member" "readers" {
          bucket = google_storage_bucket.reports.name
          role   = "roles/storage.objectViewer"
          member = "group:report-readers@example.com"
        }
        ```
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["5.1"],
        "nist-800-53-r5": ["AC-3", "AC-21"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={"checkov": ["CKV_GCP_28"], "tfsec": ["google-storage-no-public-access"]},
    references=[
        "https://cloud.google.com/storage/docs/access-control/making-data-public",
        "https://cloud.google.com/storage/docs/public-access-prevention",
    ],
)
def gcs_bucket_public(grant: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags grants that make Cloud Storage data public: bucket IAM members, bindings and
    policies (including a `data "google_iam_policy"` they use) naming `allUsers` or
    `allAuthenticatedUsers`; ACLs with a public `predefined_acl` (`publicRead`,
    `publicReadWrite`, `authenticatedRead`), a `role_entity` such as `READER:allUsers`, or a
    public `entity`; and objects uploaded with a public `predefined_acl`. Nothing is reported
    for a bucket with `public_access_prevention = "enforced"`, nor ACL grants on a bucket with
    uniform bucket-level access (ACLs are then disabled).

    ## Why is this bad?
    `allUsers` is anyone on the internet and `allAuthenticatedUsers` anyone with a Google
    account; either way the objects can be listed or downloaded by strangers, a common cause
    of data leaks.

    ## Example
    ```hcl
    resource "google_storage_bucket_iam_member" "public" {
      bucket = google_storage_bucket.reports.name
      role   = "roles/storage.objectViewer"
      member = "allUsers"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_storage_bucket_iam_member" "readers" {
      bucket = google_storage_bucket.reports.name
      role   = "roles/storage.objectViewer"
      member = "group:report-readers@example.com"
    }
    ```
    """
    buckets = buckets_of(grant, context.graph)
    if any(prevents_public_access(b) for b in buckets):
        return
    if grant.type in ACL_TYPES:
        if any(acls_disabled(b) for b in buckets):
            return
        grants = [(field, str(field.value)) for field in public_acl_grants(grant)]
    else:
        grants = list(public_members(grant, context.graph))
    for field, what in grants:
        yield Violation(at=field, message=f"{what!r} grants public access")
