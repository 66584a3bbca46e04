"""AKS control plane exposure (one row each): the Kubernetes dashboard add-on and private
clusters. Whether the public API server is open to the whole internet is
`aks_api_server_public` (IAC-AZURE-AKS-001)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework

_AKS_TF = "azurerm_kubernetes_cluster"
_AKS_ARM = "Microsoft.ContainerService/managedClusters"
_REFERENCE = "https://learn.microsoft.com/azure/aks/"


def _doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "azurerm_kubernetes_cluster" "main" {\n'
        '  name       = "acme-aks"\n'
        '  dns_prefix = "acme"\n'
    )
    return Doc(
        what_it_does=what,
        why_is_this_bad=why,
        example=f"```hcl\n{head}{bad}}}\n```",
        use_instead=f"```hcl\n{head}{good}}}\n```",
    )


AKS_KUBE_DASHBOARD_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-019",
        name="aks-kube-dashboard-enabled",
        title="AKS cluster runs the Kubernetes dashboard add-on",
        severity=Severity.MEDIUM,
        category="public-endpoint",
        what="the Kubernetes dashboard add-on",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("addon_profile", 0, "kube_dashboard", 0, "enabled")},
            Framework.ARM: {_AKS_ARM: ("properties", "addonProfiles", "kubeDashboard", "enabled")},
        },
        expect=Disabled(),
        doc=_doc(
            "Flags AKS clusters that turn on the Kubernetes dashboard add-on: "
            "`addon_profile.kube_dashboard.enabled = true` (azurerm v2; the block was removed "
            "in v3) or ARM `addonProfiles.kubeDashboard.enabled: true`. An unwritten value is "
            "not reported: the add-on is off by default on every supported Kubernetes version "
            "and cannot be installed from Kubernetes 1.19 on.",
            "The dashboard runs inside the cluster with a service account that is often "
            "granted broad rights; exposed through `kubectl proxy`, a port-forward or an "
            "ingress it has been the entry point of cluster takeovers (the 2018 Tesla "
            "cryptojacking). The add-on is deprecated and no longer patched.",
            "\n  addon_profile {\n    kube_dashboard {\n      enabled = true\n    }\n  }\n",
            "\n  addon_profile {\n    kube_dashboard {\n      enabled = false\n    }\n  }\n",
        ),
        remediation="""
Turn the add-on off (or remove the block) and use the Azure portal's Kubernetes resource
view, which authenticates every user with Microsoft Entra ID.

```hcl
addon_profile {
  kube_dashboard {
    enabled = false
  }
}
```

In an ARM template set `"addonProfiles": {"kubeDashboard": {"enabled": false}}` under
`properties`.
""",
        compliance={"nist-800-53-r5": ["CM-7", "AC-3"]},
        equivalents={"checkov": ["CKV_AZURE_8"]},
        references=[_REFERENCE + "kubernetes-portal"],
    )
)

AKS_PRIVATE_CLUSTER_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-020",
        name="aks-private-cluster-disabled",
        title="AKS API server has a public endpoint",
        severity=Severity.LOW,
        category="public-endpoint",
        what="private cluster mode",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("private_cluster_enabled",)},
            Framework.ARM: {
                _AKS_ARM: ("properties", "apiServerAccessProfile", "enablePrivateCluster")
            },
        },
        expect=Enabled(default=False),
        doc=_doc(
            "Flags AKS clusters whose API server has a public endpoint: "
            "`private_cluster_enabled` (ARM `apiServerAccessProfile.enablePrivateCluster`) "
            "false or not written, which is the default. This is hardening advice: a public "
            "endpoint limited by authorized IP ranges is still reported here (at low "
            "severity), while one open to the whole internet is reported by "
            "IAC-AZURE-AKS-001.",
            "A public API server endpoint can be reached, probed and attacked from the "
            "internet; authorized IP ranges filter connections but the endpoint, its DNS name "
            "and any pre-authentication flaw stay exposed. A private cluster serves the API "
            "only on a private IP address inside your virtual network.",
            "  private_cluster_enabled = false\n",
            "  private_cluster_enabled = true\n",
        ),
        remediation="""
Create the cluster as a private cluster (this cannot be changed on an existing cluster) and
reach the API server from the virtual network, a peered network or a jump host.

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                    = "acme-aks"
  dns_prefix              = "acme"
  private_cluster_enabled = true
}
```

In an ARM template set `"apiServerAccessProfile": {"enablePrivateCluster": true}` under
`properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_115"]},
        references=[_REFERENCE + "private-clusters"],
    )
)
