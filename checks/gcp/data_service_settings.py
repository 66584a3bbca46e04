"""Data service settings (one row each): BigQuery dataset and Pub/Sub topic encryption with
customer-managed keys, Dataproc clusters without public IPs."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

BIGQUERY_DATASET_NO_CMEK = setting_check(
    SettingRule(
        id="IAC-GCP-BIGQUERY-001",
        name="bigquery-dataset-no-cmek",
        title="BigQuery dataset is not encrypted with a customer-managed key by default",
        severity=Severity.LOW,
        category="encryption",
        what="a default customer-managed key",
        where={
            Framework.TERRAFORM: {
                "google_bigquery_dataset": ("default_encryption_configuration",),
            },
        },
        expect=Present(),
        doc=Doc(
            "Flags BigQuery datasets without `default_encryption_configuration`: new tables "
            "are then encrypted with Google-managed keys.",
            "With Google-managed keys you cannot revoke access to the data by disabling a "
            "key, control rotation, or prove key custody as many regulations require.",
            '```hcl\nresource "google_bigquery_dataset" "sales" {\n'
            '  dataset_id = "sales"\n  location   = "EU"\n}\n```',
            '```hcl\nresource "google_bigquery_dataset" "sales" {\n'
            '  dataset_id = "sales"\n  location   = "EU"\n\n'
            "  default_encryption_configuration {\n"
            "    kms_key_name = google_kms_crypto_key.bigquery.id\n  }\n}\n```",
        ),
        remediation="""
Encrypt new tables with a Cloud KMS key by default.

```hcl
default_encryption_configuration {
  kms_key_name = google_kms_crypto_key.bigquery.id
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["7.3"], "nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_GCP_81"]},
        references=["https://cloud.google.com/bigquery/docs/customer-managed-encryption"],
    )
)

PUBSUB_TOPIC_NO_CMEK = setting_check(
    SettingRule(
        id="IAC-GCP-PUBSUB-001",
        name="pubsub-topic-no-cmek",
        title="Pub/Sub topic is not encrypted with a customer-managed key",
        severity=Severity.LOW,
        category="encryption",
        what="a customer-managed key",
        where={Framework.TERRAFORM: {"google_pubsub_topic": ("kms_key_name",)}},
        expect=Present(),
        doc=Doc(
            "Flags Pub/Sub topics without `kms_key_name`: messages are then encrypted with "
            "Google-managed keys.",
            "With Google-managed keys you cannot revoke access to stored messages by "
            "disabling a key, control rotation, or prove key custody.",
            '```hcl\nresource "google_pubsub_topic" "orders" {\n  name = "orders"\n}\n```',
            '```hcl\nresource "google_pubsub_topic" "orders" {\n  name         = "orders"\n'
            "  kms_key_name = google_kms_crypto_key.pubsub.id\n}\n```",
        ),
        remediation="""
Encrypt the topic with a Cloud KMS key.

```hcl
resource "google_pubsub_topic" "orders" {
  name         = "orders"
  kms_key_name = google_kms_crypto_key.pubsub.id
}
```
""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_GCP_83"]},
        references=["https://cloud.google.com/pubsub/docs/encryption"],
    )
)

DATAPROC_PUBLIC_IP = setting_check(
    SettingRule(
        id="IAC-GCP-DATAPROC-001",
        name="dataproc-public-ip",
        title="Dataproc cluster nodes have public IP addresses",
        severity=Severity.MEDIUM,
        category="network",
        what="internal IPs only",
        where={
            Framework.TERRAFORM: {
                "google_dataproc_cluster": (
                    "cluster_config",
                    0,
                    "gce_cluster_config",
                    0,
                    "internal_ip_only",
                ),
            },
        },
        expect=Enabled(),
        doc=Doc(
            "Flags Dataproc clusters whose nodes get external IPs: "
            "`cluster_config.gce_cluster_config.internal_ip_only` false or not written (the "
            "provider default is false).",
            "Cluster nodes with external IPs are reachable from the internet through any "
            "permissive firewall rule; Hadoop and Spark web UIs and RPC ports have a long "
            "history of remote code execution exploits.",
            '```hcl\nresource "google_dataproc_cluster" "etl" {\n  name   = "etl"\n'
            '  region = "europe-west1"\n}\n```',
            '```hcl\nresource "google_dataproc_cluster" "etl" {\n  name   = "etl"\n'
            '  region = "europe-west1"\n\n  cluster_config {\n    gce_cluster_config {\n'
            "      subnetwork       = google_compute_subnetwork.data.id\n"
            "      internal_ip_only = true\n    }\n  }\n}\n```",
        ),
        remediation="""
Give the nodes internal IPs only (with Private Google Access on the subnet).

```hcl
cluster_config {
  gce_cluster_config {
    subnetwork       = google_compute_subnetwork.data.id
    internal_ip_only = true
  }
}
```
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_GCP_103"]},
        references=["https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/network"],
    )
)
