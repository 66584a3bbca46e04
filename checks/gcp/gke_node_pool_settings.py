"""GKE node pool settings (one row each), on separate node pools and inline `node_pool`
blocks: legacy metadata endpoints, auto-repair, auto-upgrade, node image."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.gcp_gke import CLUSTER_TYPE, NODE_POOL_TYPE, node_pool_setting

_CLUSTER = CLUSTER_TYPE
_POOL = NODE_POOL_TYPE
_REFERENCE = "https://cloud.google.com/kubernetes-engine/docs/"


def _doc(what: str, why: str, bad: str, good: str, kind: str = _POOL) -> Doc:
    head = f'resource "{kind}" "main" {{\n  name     = "acme"\n  location = "europe-west1"\n'
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


def _fix(text: str, good: str, kind: str = _POOL) -> str:
    head = f'resource "{kind}" "main" {{\n  name     = "acme"\n  location = "europe-west1"\n'
    return f"{text}\n\n```hcl\n{head}{good}}}\n```"


GKE_LEGACY_METADATA_ENDPOINTS = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-018",
        name="gke-legacy-metadata-endpoints",
        title="GKE nodes serve the legacy metadata endpoints",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="disabling the legacy metadata endpoints",
        where={
            Framework.TERRAFORM: {
                _POOL: ("node_config", 0, "metadata", "disable-legacy-endpoints"),
                _CLUSTER: ("node_config", 0, "metadata", "disable-legacy-endpoints"),
            },
        },
        expect=Enabled(default=True),
        doc=_doc(
            "Flags clusters and node pools whose node metadata sets "
            '`disable-legacy-endpoints = "false"`. The legacy endpoints are off by default.',
            "The legacy metadata endpoints (v0.1, v1beta1) answer without the "
            "`Metadata-Flavor` header, so an SSRF bug in any pod can read node credentials "
            "and the kube-env.",
            '  node_config {\n    metadata = {\n      disable-legacy-endpoints = "false"\n'
            "    }\n  }\n",
            '  node_config {\n    metadata = {\n      disable-legacy-endpoints = "true"\n'
            "    }\n  }\n",
            kind=_POOL,
        ),
        remediation=_fix(
            "Keep the legacy metadata endpoints disabled.",
            '  node_config {\n    metadata = {\n      disable-legacy-endpoints = "true"\n'
            "    }\n  }\n",
            kind=_POOL,
        ),
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"tfsec": ["google-gke-metadata-endpoints-disabled"]},
        references=[_REFERENCE + "how-to/protecting-cluster-metadata"],
    )
)

GKE_NODE_AUTO_REPAIR_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-019",
        name="gke-node-auto-repair-disabled",
        title="GKE node pool does not repair unhealthy nodes",
        severity=Severity.LOW,
        category="workload-security",
        what="node auto-repair",
        where=node_pool_setting(("management", 0, "auto_repair")),
        expect=Enabled(default=True),
        doc=_doc(
            "Flags node pools (separate or inline `node_pool` blocks) with "
            "`management.auto_repair = false`. Auto-repair is on by default.",
            "Unhealthy nodes then stay in service until someone notices, degrading workloads "
            "and keeping broken or compromised nodes around.",
            "  management {\n    auto_repair = false\n  }\n",
            "  management {\n    auto_repair  = true\n    auto_upgrade = true\n  }\n",
            kind=_POOL,
        ),
        remediation=_fix(
            "Keep auto-repair on.",
            "  management {\n    auto_repair  = true\n    auto_upgrade = true\n  }\n",
            kind=_POOL,
        ),
        compliance={"nist-800-53-r5": ["SI-2", "CP-10"]},
        equivalents={"checkov": ["CKV_GCP_9"], "tfsec": ["google-gke-enable-auto-repair"]},
        references=[_REFERENCE + "how-to/node-auto-repair"],
    )
)

GKE_NODE_AUTO_UPGRADE_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-020",
        name="gke-node-auto-upgrade-disabled",
        title="GKE node pool does not upgrade nodes automatically",
        severity=Severity.LOW,
        category="workload-security",
        what="node auto-upgrade",
        where=node_pool_setting(("management", 0, "auto_upgrade")),
        expect=Enabled(default=True),
        doc=_doc(
            "Flags node pools (separate or inline `node_pool` blocks) with "
            "`management.auto_upgrade = false`. Auto-upgrade is on by default.",
            "Nodes then keep running old Kubernetes and OS versions with known, exploited "
            "vulnerabilities.",
            "  management {\n    auto_upgrade = false\n  }\n",
            "  management {\n    auto_repair  = true\n    auto_upgrade = true\n  }\n",
            kind=_POOL,
        ),
        remediation=_fix(
            "Keep auto-upgrade on.",
            "  management {\n    auto_repair  = true\n    auto_upgrade = true\n  }\n",
            kind=_POOL,
        ),
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_GCP_10"], "tfsec": ["google-gke-enable-auto-upgrade"]},
        references=[_REFERENCE + "how-to/node-auto-upgrades"],
    )
)

GKE_NODE_IMAGE_NOT_COS = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-021",
        name="gke-node-image-not-cos",
        title="GKE nodes do not run Container-Optimized OS",
        severity=Severity.LOW,
        category="workload-security",
        what="the node image type",
        where={
            Framework.TERRAFORM: {
                _POOL: ("node_config", 0, "image_type"),
                _CLUSTER: ("node_config", 0, "image_type"),
            },
        },
        expect=OneOf(frozenset({"COS_CONTAINERD", "COS"}), missing_ok=True),
        doc=_doc(
            "Flags clusters and node pools whose `node_config.image_type` is not a "
            "Container-Optimized OS image (`COS_CONTAINERD`, the default). Windows node "
            "pools are reported too; suppress the finding where Windows is required.",
            "Container-Optimized OS has a read-only root filesystem, a minimal package set "
            "and automatic security updates; general-purpose images carry far more attack "
            "surface.",
            '  node_config {\n    image_type = "UBUNTU_CONTAINERD"\n  }\n',
            '  node_config {\n    image_type = "COS_CONTAINERD"\n  }\n',
            kind=_POOL,
        ),
        remediation=_fix(
            "Use Container-Optimized OS.",
            '  node_config {\n    image_type = "COS_CONTAINERD"\n  }\n',
            kind=_POOL,
        ),
        compliance={"nist-800-53-r5": ["CM-7"]},
        equivalents={"checkov": ["CKV_GCP_22"], "tfsec": ["google-gke-node-pool-uses-cos"]},
        references=[_REFERENCE + "concepts/node-images"],
    )
)
