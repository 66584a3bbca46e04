"""GKE clusters and node pools (google provider): the resource types, where a node pool
setting can be written, and which clusters a Standard-cluster setting applies to."""

from __future__ import annotations

from iacscan.check_table import EACH
from iacscan.graph.model import Framework, PathPart, Resource
from iacscan.graph.values import as_bool, as_str

CLUSTER_TYPE = "google_container_cluster"
NODE_POOL_TYPE = "google_container_node_pool"

SettingPath = tuple[PathPart, ...]


def node_pool_setting(path: SettingPath) -> dict[Framework, dict[str, SettingPath]]:
    """A node pool setting on separate node pools and on a cluster's inline `node_pool`
    blocks."""
    return {
        Framework.TERRAFORM: {
            NODE_POOL_TYPE: path,
            CLUSTER_TYPE: ("node_pool", EACH, *path),
        }
    }


def is_standard_cluster(cluster: Resource) -> bool:
    """Autopilot clusters manage node and security settings themselves; an unknown mode is
    not judged (False)."""
    autopilot = cluster.field("enable_autopilot")
    return not autopilot.unknown and as_bool(autopilot.value) is not True


def without_dataplane_v2(cluster: Resource) -> bool:
    """A Standard cluster not on GKE Dataplane V2 (`ADVANCED_DATAPATH`, which enforces
    network policies on its own); unknown values count as Dataplane V2."""
    if not is_standard_cluster(cluster):
        return False
    datapath = cluster.field("datapath_provider")
    if datapath.unknown:
        return False
    text = as_str(datapath.value)
    return text is None or text.strip().upper() != "ADVANCED_DATAPATH"
