from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource


@check(
    id="IAC-GCP-IAM-012",
    name="iam-user-managed-service-account-key",
    title="Service account has a user-managed key",
    severity=Severity.MEDIUM,
    category="secrets",
    targets={Framework.TERRAFORM: ["google_service_account_key"]},
    remediation="""
        Remove the key and let workloads use attached service accounts, Workload Identity
        (GKE) or Workload Identity Federation (CI, other clouds) instead.

        ```hcl
        resource "google_iam_workload_identity_pool" "ci" {
          workload_identity_pool_id = "ci"
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["1.4"], "nist-800-53-r5": ["IA-5", "SC-12"]},
    equivalents={"checkov": ["CKV2_GCP_3"]},
    references=[
        "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys"
    ],
)
def iam_user_managed_service_account_key(
    key: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags every `google_service_account_key` resource: a user-managed key created (or
    uploaded with `public_key_data`) for a service account.

    ## Why is this bad?
    A user-managed key is a long-lived credential that works from anywhere until it is
    deleted; it ends up in the Terraform state (the private key is an output of the
    resource), in CI variables and on laptops, and is the most common way GCP projects get
    compromised.

    ## Example
    ```hcl
    resource "google_service_account_key" "ci" {
      service_account_id = google_service_account.ci.name
    }
    ```

    ## Use instead
    ```hcl
    resource "google_iam_workload_identity_pool" "ci" {
      workload_identity_pool_id = "ci"
    }
    ```
    """
    yield Violation(at=key, message="a user-managed service account key is created")
