from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import is_true
from iacscan.model.azure_fields import setting
from iacscan.model.network import is_world


@check(
    id="IAC-AZURE-AKS-001",
    name="aks-api-server-public",
    title="AKS API server is reachable from the whole internet",
    severity=Severity.HIGH,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["azurerm_kubernetes_cluster"],
        Framework.ARM: ["Microsoft.ContainerService/managedClusters"],
    },
    remediation="""
        Make the cluster private, or allow only known address ranges to reach the API server.

        ```hcl
        resource "azurerm_kubernetes_cluster" "main" {
          name       = "acme-aks"
          dns_prefix = "acme"

          api_server_access_profile {
            authorized_ip_ranges = ["203.0.113.0/24"]
          }
        }
        ```

        In an ARM template set `properties.apiServerAccessProfile.enablePrivateCluster` to
        true or list `authorizedIPRanges`.
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={
        "checkov": ["CKV_AZURE_6"],
        "tfsec": ["azure-container-limit-authorized-ips"],
    },
    references=[
        "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
        "https://learn.microsoft.com/azure/aks/private-clusters",
    ],
)
def aks_api_server_public(cluster: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags AKS clusters whose Kubernetes API server accepts connections from any address: the
    cluster is not private (`private_cluster_enabled`, ARM
    `apiServerAccessProfile.enablePrivateCluster`) and has no authorized IP ranges
    (`api_server_access_profile.authorized_ip_ranges`, the older
    `api_server_authorized_ip_ranges`, ARM `apiServerAccessProfile.authorizedIPRanges`), an
    empty list, or a range that is the whole internet (`0.0.0.0/0`). Unknown values are not
    reported.

    ## Why is this bad?
    The API server is the control plane of every workload in the cluster. Exposed to the
    internet it can be brute-forced, probed for unauthenticated endpoints, and attacked
    through any API server vulnerability before a patch is rolled out.

    ## Example
    ```hcl
    resource "azurerm_kubernetes_cluster" "main" {
      name       = "acme-aks"
      dns_prefix = "acme"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_kubernetes_cluster" "main" {
      name                    = "acme-aks"
      dns_prefix              = "acme"
      private_cluster_enabled = true
    }
    ```
    """
    private = setting(
        cluster,
        terraform=["private_cluster_enabled"],
        arm=("apiServerAccessProfile", "enablePrivateCluster"),
    )
    if private.unknown or is_true(private.value):
        return
    ranges = setting(
        cluster,
        terraform=[
            ("api_server_access_profile", 0, "authorized_ip_ranges"),
            "api_server_authorized_ip_ranges",
        ],
        arm=("apiServerAccessProfile", "authorizedIPRanges"),
    )
    if ranges.present and ranges.value is not None and not isinstance(ranges.value, list):
        return  # an unknown list may well restrict access
    elements = list(cluster.blocks(*ranges.path)) if ranges.value is not None else []
    world = [e for e in elements if is_world(e.value)]
    for element in world:
        yield Violation(
            at=element, message=f"authorized IP range {element.value!r} is the whole internet"
        )
    if not elements:
        yield Violation(
            at=_where_unrestricted(private, ranges),
            message="the API server is public and no authorized IP ranges restrict it",
        )


def _where_unrestricted(private: Field, ranges: Field) -> Field:
    """An explicit `private_cluster_enabled = false` is the line to change; otherwise the
    authorized ranges (or the nearest written block above them)."""
    return private if private.present else ranges
