from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.gcp_compute import is_default_compute_account

_CLUSTER = "google_container_cluster"
_POOL = "google_container_node_pool"


def _uses_default_account(node_config: Field) -> Field | None:
    """Where a node config falls back to the Compute Engine default service account (its
    `service_account`, or the block itself when unwritten); None otherwise or when unknown."""
    account = node_config.get("service_account")
    text = as_str(account.value)
    if text is not None and text.strip().lower() == "default":
        return account
    if is_default_compute_account(account) is True:
        return account if account.present else node_config
    return None


def _node_configs(resource: Resource) -> Iterator[Field]:
    """The node configs a resource creates nodes with. For a cluster: each inline
    `node_pool`, and the default pool unless `remove_default_node_pool` is set (or the
    cluster is Autopilot, or either is unknown)."""
    if resource.type == _POOL:
        yield resource.field("node_config", 0)
        return
    for pool in resource.blocks("node_pool"):
        yield pool.get("node_config", 0)
    autopilot = resource.field("enable_autopilot")
    removed = resource.field("remove_default_node_pool")
    if autopilot.unknown or removed.unknown or as_bool(autopilot.value) is True:
        return
    if as_bool(removed.value) is not True and not resource.field("node_pool").present:
        yield resource.field("node_config", 0)


@check(
    id="IAC-GCP-GKE-022",
    name="gke-node-default-service-account",
    title="GKE nodes run as the Compute Engine default service account",
    severity=Severity.MEDIUM,
    category="iam",
    targets={Framework.TERRAFORM: [_CLUSTER, _POOL]},
    remediation="""
        Run nodes as a dedicated, minimally privileged service account (roles/logging.logWriter,
        roles/monitoring.metricWriter, roles/artifactregistry.reader).

        ```hcl
        resource "google_container_node_pool" "workers" {
          name    = "workers"
          cluster = google_container_cluster.main.id

          node_config {
            service_account = google_service_account.gke_nodes.email
            oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV2_GCP_1"], "tfsec": ["google-gke-use-service-account"]},
    references=[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa"
    ],
)
def gke_node_default_service_account(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags GKE node pools (separate `google_container_node_pool`, inline `node_pool` blocks,
    and the cluster's default pool unless `remove_default_node_pool = true`) whose
    `node_config.service_account` is unwritten, `"default"` or the
    `<number>-compute@developer.gserviceaccount.com` account. Autopilot clusters and unknown
    values are not reported.

    ## Why is this bad?
    The Compute Engine default service account usually holds the Editor role. Every pod
    that reaches the node's metadata server (the default without Workload Identity) can use
    it to change almost anything in the project.

    ## Example
    ```hcl
    resource "google_container_node_pool" "workers" {
      name    = "workers"
      cluster = google_container_cluster.main.id

      node_config {
        machine_type = "e2-standard-4"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_container_node_pool" "workers" {
      name    = "workers"
      cluster = google_container_cluster.main.id

      node_config {
        machine_type    = "e2-standard-4"
        service_account = google_service_account.gke_nodes.email
      }
    }
    ```
    """
    for node_config in _node_configs(resource):
        if node_config.unknown:
            continue
        found = _uses_default_account(node_config)
        if found is not None:
            yield Violation(
                at=found, message="nodes run as the Compute Engine default service account"
            )
