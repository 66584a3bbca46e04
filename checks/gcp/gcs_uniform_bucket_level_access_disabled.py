from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_storage import BUCKET_TYPE, uniform_access
from iacscan.model.settings import require_enabled


@check(
    id="IAC-GCP-STORAGE-002",
    name="gcs-uniform-bucket-level-access-disabled",
    title="Cloud Storage bucket uses object ACLs instead of uniform bucket-level access",
    severity=Severity.MEDIUM,
    category="iam",
    targets={Framework.TERRAFORM: [BUCKET_TYPE]},
    remediation="""
        Turn on uniform bucket-level access so that only IAM decides who can read objects.

        ```hcl
        resource "google_storage_bucket" "reports" {
          name                        = "acme-reports"
          location                    = "EU"
          uniform_bucket_level_access = true
        }
        ```
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["5.2"],
        "nist-800-53-r5": ["AC-3", "AC-6"],
    },
    equivalents={"checkov": ["CKV_GCP_29"], "tfsec": ["google-storage-enable-ubla"]},
    references=["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
)
def gcs_uniform_bucket_level_access_disabled(
    bucket: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Cloud Storage buckets without uniform bucket-level access:
    `uniform_bucket_level_access` (formerly `bucket_policy_only`) false or not written, which
    is the default.

    ## Why is this bad?
    With fine-grained access, every object carries its own ACL besides the bucket's IAM
    policy. One object uploaded with a public ACL is public even when the bucket is not, and
    reviewing the bucket's IAM policy no longer tells who can read the data.

    ## Example
    ```hcl
    resource "google_storage_bucket" "reports" {
      name     = "acme-reports"
      location = "EU"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_storage_bucket" "reports" {
      name                        = "acme-reports"
      location                    = "EU"
      uniform_bucket_level_access = true
    }
    ```
    """
    yield from require_enabled(uniform_access(bucket), "uniform bucket-level access")
