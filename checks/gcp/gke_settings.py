"""GKE cluster settings (one row each): legacy ABAC, client certificates, network policy,
private nodes, Shielded Nodes, release channel, logging, monitoring, Workload Identity.
Node pool settings are in `gke_node_pool_settings`."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import (
    Disabled,
    Doc,
    Enabled,
    NoneOf,
    Present,
    SettingPath,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework
from iacscan.model.gcp_gke import (
    CLUSTER_TYPE,
    NODE_POOL_TYPE,
    is_standard_cluster,
    without_dataplane_v2,
)

_CLUSTER = CLUSTER_TYPE
_POOL = NODE_POOL_TYPE
_REFERENCE = "https://cloud.google.com/kubernetes-engine/docs/"


def _cluster(path: SettingPath) -> dict[Framework, dict[str, SettingPath]]:
    return {Framework.TERRAFORM: {_CLUSTER: path}}


def _doc(what: str, why: str, bad: str, good: str, kind: str = _CLUSTER) -> Doc:
    head = f'resource "{kind}" "main" {{\n  name     = "acme"\n  location = "europe-west1"\n'
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


def _fix(text: str, good: str, kind: str = _CLUSTER) -> str:
    head = f'resource "{kind}" "main" {{\n  name     = "acme"\n  location = "europe-west1"\n'
    return f"{text}\n\n```hcl\n{head}{good}}}\n```"


GKE_LEGACY_ABAC_ENABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-010",
        name="gke-legacy-abac-enabled",
        title="GKE cluster authorizes with legacy ABAC",
        severity=Severity.HIGH,
        category="rbac",
        what="legacy ABAC",
        where=_cluster(("enable_legacy_abac",)),
        expect=Disabled(),
        doc=_doc(
            "Flags clusters with `enable_legacy_abac = true`. It is off by default.",
            "Legacy ABAC grants broad, static permissions outside Kubernetes RBAC; service "
            "accounts and users typically get far more access than they need, and it cannot "
            "be audited with RBAC tooling.",
            "  enable_legacy_abac = true\n",
            "  enable_legacy_abac = false\n",
        ),
        remediation=_fix("Use Kubernetes RBAC only.", "  enable_legacy_abac = false\n"),
        compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
        equivalents={"checkov": ["CKV_GCP_7"], "tfsec": ["google-gke-use-rbac-permissions"]},
        references=[_REFERENCE + "how-to/hardening-your-cluster#leave_abac_disabled"],
    )
)

GKE_CLIENT_CERTIFICATE_ENABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-011",
        name="gke-client-certificate-enabled",
        title="GKE cluster issues a client certificate",
        severity=Severity.MEDIUM,
        category="iam",
        what="issuing a client certificate",
        where=_cluster(
            ("master_auth", 0, "client_certificate_config", 0, "issue_client_certificate")
        ),
        expect=Disabled(),
        doc=_doc(
            "Flags clusters with `master_auth.client_certificate_config.issue_client_certificate "
            "= true`. It is off by default.",
            "The issued client certificate is a long-lived cluster credential that cannot be "
            "revoked; whoever obtains it keeps access until the cluster's CA is rotated.",
            "  master_auth {\n    client_certificate_config {\n"
            "      issue_client_certificate = true\n    }\n  }\n",
            "  master_auth {\n    client_certificate_config {\n"
            "      issue_client_certificate = false\n    }\n  }\n",
        ),
        remediation=_fix(
            "Authenticate with Google identities (OAuth) instead of client certificates.",
            "  master_auth {\n    client_certificate_config {\n"
            "      issue_client_certificate = false\n    }\n  }\n",
        ),
        compliance={"nist-800-53-r5": ["IA-2", "IA-5"]},
        equivalents={
            "checkov": ["CKV_GCP_13"],
            "tfsec": ["google-gke-no-legacy-authentication"],
        },
        references=[_REFERENCE + "how-to/api-server-authentication"],
    )
)

GKE_NETWORK_POLICY_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-012",
        name="gke-network-policy-disabled",
        title="GKE cluster does not enforce network policies",
        severity=Severity.MEDIUM,
        category="network",
        what="network policy enforcement",
        where=_cluster(("network_policy", 0, "enabled")),
        expect=Enabled(),
        applies=without_dataplane_v2,
        doc=_doc(
            "Flags Standard clusters without network policy enforcement: `network_policy.enabled` "
            "false or not written. Autopilot clusters and clusters on GKE Dataplane V2 "
            '(`datapath_provider = "ADVANCED_DATAPATH"`) enforce policies anyway and are '
            "skipped.",
            "Without enforcement, Kubernetes NetworkPolicy objects are accepted but ignored: "
            "every pod can reach every other pod, so one compromised workload can reach "
            "databases and internal APIs.",
            "",
            '  datapath_provider = "ADVANCED_DATAPATH"\n',
        ),
        remediation=_fix(
            "Use GKE Dataplane V2 (or enable the Calico network policy add-on).",
            '  datapath_provider = "ADVANCED_DATAPATH"\n',
        ),
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_GCP_12"], "tfsec": ["google-gke-enable-network-policy"]},
        references=[_REFERENCE + "how-to/network-policy"],
    )
)

GKE_PUBLIC_NODES = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-013",
        name="gke-public-nodes",
        title="GKE cluster nodes have external IP addresses",
        severity=Severity.MEDIUM,
        category="network",
        what="private nodes",
        where=_cluster(("private_cluster_config", 0, "enable_private_nodes")),
        expect=Enabled(),
        applies=is_standard_cluster,
        doc=_doc(
            "Flags Standard clusters whose nodes get external IPs: "
            "`private_cluster_config.enable_private_nodes` false or not written.",
            "Nodes with external IPs are reachable from the internet through any permissive "
            "firewall rule or NodePort service, and exposed to kubelet and SSH attacks.",
            "",
            "  private_cluster_config {\n    enable_private_nodes    = true\n"
            "    enable_private_endpoint = false\n  }\n",
        ),
        remediation=_fix(
            "Create the cluster with private nodes and give them egress through Cloud NAT.",
            "  private_cluster_config {\n    enable_private_nodes    = true\n"
            "    enable_private_endpoint = false\n  }\n",
        ),
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={
            "checkov": ["CKV_GCP_64", "CKV_GCP_25"],
            "tfsec": ["google-gke-enable-private-cluster"],
        },
        references=[_REFERENCE + "concepts/private-cluster-concept"],
    )
)

GKE_SHIELDED_NODES_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-014",
        name="gke-shielded-nodes-disabled",
        title="GKE cluster turns Shielded GKE Nodes off",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="Shielded GKE Nodes",
        where=_cluster(("enable_shielded_nodes",)),
        expect=Enabled(default=True),
        doc=_doc(
            "Flags clusters with `enable_shielded_nodes = false`. Shielded nodes are on by "
            "default.",
            "Shielded nodes prove their identity to the control plane with a vTPM; without "
            "them a compromised pod that steals node credentials can impersonate a node and "
            "read other workloads' secrets.",
            "  enable_shielded_nodes = false\n",
            "  enable_shielded_nodes = true\n",
        ),
        remediation=_fix("Keep Shielded GKE Nodes on.", "  enable_shielded_nodes = true\n"),
        compliance={"nist-800-53-r5": ["SI-7", "IA-3"]},
        equivalents={"checkov": ["CKV_GCP_71"], "tfsec": ["google-gke-node-shielding-enabled"]},
        references=[_REFERENCE + "how-to/shielded-gke-nodes"],
    )
)

GKE_NO_RELEASE_CHANNEL = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-015",
        name="gke-no-release-channel",
        title="GKE cluster is not enrolled in a release channel",
        severity=Severity.LOW,
        category="workload-security",
        what="the release channel",
        where=_cluster(("release_channel", 0, "channel")),
        expect=NoneOf(frozenset({"UNSPECIFIED"})),
        doc=_doc(
            'Flags clusters with `release_channel { channel = "UNSPECIFIED" }`. New clusters '
            "without a `release_channel` block are enrolled in the Regular channel by GKE, so "
            "an unwritten block is not reported.",
            "Outside a release channel, control plane and node versions are not upgraded "
            "automatically and fall behind on security patches.",
            '  release_channel {\n    channel = "UNSPECIFIED"\n  }\n',
            '  release_channel {\n    channel = "REGULAR"\n  }\n',
        ),
        remediation=_fix(
            "Enroll the cluster in a release channel.",
            '  release_channel {\n    channel = "REGULAR"\n  }\n',
        ),
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_GCP_70"]},
        references=[_REFERENCE + "concepts/release-channels"],
    )
)

GKE_LOGGING_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-016",
        name="gke-logging-disabled",
        title="GKE cluster does not send logs to Cloud Logging",
        severity=Severity.MEDIUM,
        category="logging",
        what="the logging service",
        where=_cluster(("logging_service",)),
        expect=NoneOf(frozenset({"none"})),
        doc=_doc(
            'Flags clusters with `logging_service = "none"`. Cloud Logging is on by default.',
            "Without cluster logs, audit events, crashes and attacks against workloads leave "
            "no record to investigate.",
            '  logging_service = "none"\n',
            '  logging_service = "logging.googleapis.com/kubernetes"\n',
        ),
        remediation=_fix(
            "Send logs to Cloud Logging.",
            '  logging_service = "logging.googleapis.com/kubernetes"\n',
        ),
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_GCP_1"], "tfsec": ["google-gke-enable-stackdriver-logging"]},
        references=[_REFERENCE + "how-to/logging"],
    )
)

GKE_MONITORING_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-017",
        name="gke-monitoring-disabled",
        title="GKE cluster does not send metrics to Cloud Monitoring",
        severity=Severity.LOW,
        category="logging",
        what="the monitoring service",
        where=_cluster(("monitoring_service",)),
        expect=NoneOf(frozenset({"none"})),
        doc=_doc(
            'Flags clusters with `monitoring_service = "none"`. Cloud Monitoring is on by default.',
            "Without metrics, resource exhaustion, crash loops and unusual activity (such as "
            "cryptomining) go unnoticed.",
            '  monitoring_service = "none"\n',
            '  monitoring_service = "monitoring.googleapis.com/kubernetes"\n',
        ),
        remediation=_fix(
            "Send metrics to Cloud Monitoring.",
            '  monitoring_service = "monitoring.googleapis.com/kubernetes"\n',
        ),
        compliance={"nist-800-53-r5": ["SI-4"]},
        equivalents={
            "checkov": ["CKV_GCP_8"],
            "tfsec": ["google-gke-enable-stackdriver-monitoring"],
        },
        references=[_REFERENCE + "how-to/configure-metrics"],
    )
)

GKE_WORKLOAD_IDENTITY_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-023",
        name="gke-workload-identity-disabled",
        title="GKE cluster does not use Workload Identity",
        severity=Severity.MEDIUM,
        category="iam",
        what="Workload Identity",
        where=_cluster(("workload_identity_config", 0, "workload_pool")),
        expect=Present(),
        applies=is_standard_cluster,
        doc=_doc(
            "Flags Standard clusters without Workload Identity: no "
            "`workload_identity_config.workload_pool`. Autopilot clusters always use it and "
            "are skipped.",
            "Without Workload Identity, pods reach the node's metadata server and act as the "
            "node's service account; every workload on a node shares its permissions, and "
            "one compromised pod can use them.",
            "",
            '  workload_identity_config {\n    workload_pool = "acme-prod.svc.id.goog"\n  }\n',
        ),
        remediation=_fix(
            "Enable Workload Identity and bind Kubernetes service accounts to Google service "
            "accounts.",
            '  workload_identity_config {\n    workload_pool = "acme-prod.svc.id.goog"\n  }\n',
        ),
        compliance={"nist-800-53-r5": ["AC-6", "IA-2"]},
        references=[_REFERENCE + "how-to/workload-identity"],
    )
)

GKE_ALPHA_FEATURES_ENABLED = setting_check(
    SettingRule(
        id="IAC-GCP-GKE-025",
        name="gke-alpha-features-enabled",
        title="GKE cluster enables Kubernetes alpha features",
        severity=Severity.LOW,
        category="workload-security",
        what="Kubernetes alpha features",
        where=_cluster(("enable_kubernetes_alpha",)),
        expect=Disabled(),
        doc=_doc(
            "Flags clusters with `enable_kubernetes_alpha = true`. Alpha clusters are off by "
            "default.",
            "Alpha features are untested, unsupported and may have security bugs; alpha "
            "clusters also get no upgrades or SLA and are deleted after 30 days.",
            "  enable_kubernetes_alpha = true\n",
            "  enable_kubernetes_alpha = false\n",
        ),
        remediation=_fix(
            "Keep alpha features for throwaway test clusters only.",
            "  enable_kubernetes_alpha = false\n",
        ),
        compliance={"nist-800-53-r5": ["CM-7"]},
        equivalents={"checkov": ["CKV2_GCP_19"]},
        references=[_REFERENCE + "concepts/alpha-clusters"],
    )
)
