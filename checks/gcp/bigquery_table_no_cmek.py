from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

_DATASET = "google_bigquery_dataset"


@check(
    id="IAC-GCP-BIGQUERY-002",
    name="bigquery-table-no-cmek",
    title="BigQuery table is not encrypted with a customer-managed key",
    severity=Severity.LOW,
    category="encryption",
    targets={Framework.TERRAFORM: ["google_bigquery_table"]},
    remediation="""
        Encrypt the table with a Cloud KMS key, or give its dataset a default key.

        ```hcl
        resource "google_bigquery_table" "orders" {
          dataset_id = google_bigquery_dataset.sales.dataset_id
          table_id   = "orders"

          encryption_configuration {
            kms_key_name = google_kms_crypto_key.bigquery.id
          }
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["7.2"], "nist-800-53-r5": ["SC-12", "SC-28"]},
    equivalents={"checkov": ["CKV_GCP_80"]},
    references=["https://cloud.google.com/bigquery/docs/customer-managed-encryption"],
)
def bigquery_table_no_cmek(table: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags BigQuery tables without `encryption_configuration` whose dataset (a
    `google_bigquery_dataset` the table refers to) has no `default_encryption_configuration`
    either: the table is then encrypted with Google-managed keys. A table whose dataset is
    not in the code (named by a literal) is not reported, since the dataset's default key is
    not visible.

    ## Why is this bad?
    With Google-managed keys you cannot revoke access to the data by disabling a key,
    control rotation, or prove key custody as many regulations require.

    ## Example
    ```hcl
    resource "google_bigquery_table" "orders" {
      dataset_id = google_bigquery_dataset.sales.dataset_id
      table_id   = "orders"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_bigquery_table" "orders" {
      dataset_id = google_bigquery_dataset.sales.dataset_id
      table_id   = "orders"

      encryption_configuration {
        kms_key_name = google_kms_crypto_key.bigquery.id
      }
    }
    ```
    """
    if table.field("encryption_configuration").present:
        return
    datasets = context.graph.references(table, _DATASET)
    if not datasets:
        return
    if any(d.field("default_encryption_configuration").present for d in datasets):
        return
    yield Violation(
        at=table, message="neither the table nor its dataset uses a customer-managed key"
    )
