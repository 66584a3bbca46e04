from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.model.gcp_iam import iam_types, is_public_principal, public_members

# Resources whose data or power must never be public. Cloud Storage has its own check
# (IAC-GCP-STORAGE-001); Cloud Run and Cloud Functions invokers are left out on purpose:
# `allUsers` there is how a public website or webhook is published.
_IAM_PREFIXES = (
    "google_project",
    "google_folder",
    "google_organization",
    "google_service_account",
    "google_kms_key_ring",
    "google_kms_crypto_key",
    "google_secret_manager_secret",
    "google_bigquery_dataset",
    "google_bigquery_table",
    "google_pubsub_topic",
    "google_pubsub_subscription",
)
_DATASET = "google_bigquery_dataset"
_DATASET_ACCESS = "google_bigquery_dataset_access"


@check(
    id="IAC-GCP-IAM-001",
    name="iam-grant-to-public-principal",
    title="IAM grants a role to allUsers or allAuthenticatedUsers",
    severity=Severity.CRITICAL,
    category="iam",
    targets={Framework.TERRAFORM: [*iam_types(*_IAM_PREFIXES), _DATASET, _DATASET_ACCESS]},
    remediation="""
        Grant the role to named users, groups or service accounts instead.

        ```hcl
        resource "google_kms_crypto_key_iam_member" "decrypters" {
          crypto_key_id = google_kms_crypto_key.data.id
          role          = "roles/cloudkms.cryptoKeyDecrypter"
          member        = "serviceAccount:app@acme-prod.iam.gserviceaccount.com"
        }
        ```
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["1.9", "7.1"],
        "nist-800-53-r5": ["AC-3", "AC-6"],
    },
    equivalents={"checkov": ["CKV_GCP_112", "CKV_GCP_15"]},
    references=[
        "https://cloud.google.com/iam/docs/principal-identifiers",
        "https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains",
    ],
)
def iam_grant_to_public_principal(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags IAM members, bindings and policies (including the `data "google_iam_policy"` a
    policy uses) that grant a role to `allUsers` or `allAuthenticatedUsers` on a project,
    folder, organization, service account, KMS key ring or key, Secret Manager secret,
    BigQuery dataset or table, or Pub/Sub topic or subscription, and BigQuery dataset
    `access` entries (inline or `google_bigquery_dataset_access`) for those principals.
    Cloud Storage is covered by IAC-GCP-STORAGE-001; Cloud Run and Cloud Functions invokers are
    not reported, since that is how public endpoints are published. (Google rejects public
    principals in project, folder and organization policies, so there the code would also fail
    to apply.)

    ## Why is this bad?
    `allUsers` is anyone on the internet and `allAuthenticatedUsers` anyone with a Google
    account. Either can then decrypt with the key, read the secret or the dataset, publish
    into the topic or act as the service account.

    ## Example
    ```hcl
    resource "google_secret_manager_secret_iam_member" "public" {
      secret_id = google_secret_manager_secret.api_key.id
      role      = "roles/secretmanager.secretAccessor"
      member    = "allAuthenticatedUsers"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_secret_manager_secret_iam_member" "app" {
      secret_id = google_secret_manager_secret.api_key.id
      role      = "roles/secretmanager.secretAccessor"
      member    = "serviceAccount:app@acme-prod.iam.gserviceaccount.com"
    }
    ```
    """
    if resource.type == _DATASET:
        grants = [g for block in resource.blocks("access") for g in _dataset_access(block)]
    elif resource.type == _DATASET_ACCESS:
        grants = list(_dataset_access(Field(resource, (), resource.attributes)))
    else:
        grants = list(public_members(resource, context.graph))
    for field, principal in grants:
        yield Violation(at=field, message=f"grants a role to {principal}")


def _dataset_access(entry: Field) -> Iterator[tuple[Field, str]]:
    """A BigQuery access entry names the public as `special_group = "allAuthenticatedUsers"`
    or `iam_member = "allUsers"`."""
    for key in ("special_group", "iam_member"):
        value = entry.get(key)
        if is_public_principal(value.value):
            yield value, str(value.value)
