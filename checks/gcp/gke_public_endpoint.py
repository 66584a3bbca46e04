from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import is_false, is_true
from iacscan.model.network import is_world


@check(
    id="IAC-GCP-GKE-001",
    name="gke-public-endpoint",
    title="GKE control plane is reachable from the whole internet",
    severity=Severity.HIGH,
    category="public-endpoint",
    targets={Framework.TERRAFORM: ["google_container_cluster"]},
    remediation="""
        Restrict the control plane's public endpoint to known ranges with master authorized
        networks, or make the endpoint private.

        ```hcl
        resource "google_container_cluster" "main" {
          name     = "acme-gke"
          location = "europe-west1"

          master_authorized_networks_config {
            cidr_blocks {
              cidr_block   = "203.0.113.0/24"
              display_name = "office"
            }
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={
        "checkov": ["CKV_GCP_20"],
        "tfsec": ["google-gke-enable-master-networks"],
    },
    references=[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks",
        "https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation",
    ],
)
def gke_public_endpoint(cluster: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags GKE clusters whose control plane accepts connections from any address: the public
    endpoint is on (no `private_cluster_config.enable_private_endpoint = true`, and the IP
    endpoint is not disabled through `control_plane_endpoints_config`) and either no
    `master_authorized_networks_config` block restricts it, or one of its `cidr_blocks` is
    `0.0.0.0/0`. Unknown values are not reported.

    ## Why is this bad?
    The Kubernetes API server controls every workload in the cluster. Open to the internet it
    can be probed and brute-forced, and attacked through any API server vulnerability before
    the cluster is upgraded.

    ## Example
    ```hcl
    resource "google_container_cluster" "main" {
      name     = "acme-gke"
      location = "europe-west1"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_container_cluster" "main" {
      name     = "acme-gke"
      location = "europe-west1"

      master_authorized_networks_config {
        cidr_blocks {
          cidr_block = "203.0.113.0/24"
        }
      }
    }
    ```
    """
    private = cluster.field("private_cluster_config", 0, "enable_private_endpoint")
    ip_endpoint = cluster.field(
        "control_plane_endpoints_config", 0, "ip_endpoints_config", 0, "enabled"
    )
    if private.unknown or is_true(private.value):
        return
    if ip_endpoint.unknown or is_false(ip_endpoint.value):
        return
    authorized = cluster.field("master_authorized_networks_config")
    if not authorized.present:
        # An explicit `enable_private_endpoint = false` is the line to change.
        yield Violation(
            at=private if private.present else cluster,
            message="no master authorized networks restrict the public endpoint",
        )
        return
    yield from _world_cidrs(cluster, authorized)


def _world_cidrs(cluster: Resource, authorized: Field) -> Iterator[Violation]:
    for config in cluster.blocks(*authorized.path):
        for block in cluster.blocks(*config.path, "cidr_blocks"):
            cidr = block.get("cidr_block")
            if is_world(cidr.value):
                yield Violation(
                    at=cidr, message=f"authorized network {cidr.value!r} is the whole internet"
                )
