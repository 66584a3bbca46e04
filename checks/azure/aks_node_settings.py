"""AKS node and upgrade settings (one row each): automatic upgrade channel and node public
IPs, on the default node pool and separate node pools."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Disabled, Doc, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName

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


AKS_NO_AUTO_UPGRADE_CHANNEL = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-017",
        name="aks-no-auto-upgrade-channel",
        title="AKS cluster is not upgraded automatically",
        severity=Severity.LOW,
        category="workload-security",
        what="the automatic upgrade channel",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("automatic_upgrade_channel",)},
            Framework.ARM: {_AKS_ARM: ("properties", "autoUpgradeProfile", "upgradeChannel")},
        },
        expect=OrOlderName(
            OneOf(frozenset({"patch", "rapid", "stable", "node-image"})),
            older=(("automatic_channel_upgrade",),),
        ),
        doc=_doc(
            "Flags AKS clusters without an automatic upgrade channel: "
            "`automatic_upgrade_channel` (azurerm v3: `automatic_channel_upgrade`; ARM "
            '`autoUpgradeProfile.upgradeChannel`) not written or `"none"`.',
            "Without automatic upgrades, clusters fall behind on Kubernetes patch releases and "
            "node images, leaving known vulnerabilities unpatched until someone upgrades by "
            "hand.",
            "",
            '  automatic_upgrade_channel = "patch"\n',
        ),
        remediation="""
Choose an automatic upgrade channel (with a maintenance window).

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                      = "acme-aks"
  dns_prefix                = "acme"
  automatic_upgrade_channel = "patch" # automatic_channel_upgrade in azurerm v3
}
```

In an ARM template set `"autoUpgradeProfile": {"upgradeChannel": "patch"}` under
`properties`.
""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_AZURE_171"]},
        references=[_REFERENCE + "auto-upgrade-cluster"],
    )
)

AKS_NODE_PUBLIC_IP = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-018",
        name="aks-node-public-ip",
        title="AKS nodes get public IP addresses",
        severity=Severity.MEDIUM,
        category="network",
        what="node public IPs",
        where={
            Framework.TERRAFORM: {
                _AKS_TF: ("default_node_pool", 0, "node_public_ip_enabled"),
                "azurerm_kubernetes_cluster_node_pool": ("node_public_ip_enabled",),
            },
            Framework.ARM: {
                _AKS_ARM: ("properties", "agentPoolProfiles", EACH, "enableNodePublicIP"),
                f"{_AKS_ARM}/agentPools": ("properties", "enableNodePublicIP"),
            },
        },
        expect=OrOlderName(
            Disabled(),
            older=(("default_node_pool", 0, "enable_node_public_ip"), ("enable_node_public_ip",)),
        ),
        doc=_doc(
            "Flags AKS node pools whose nodes get public IPs: `node_public_ip_enabled = true` "
            "(azurerm v3: `enable_node_public_ip`) on the default or a separate node pool "
            "(ARM `enableNodePublicIP`). It is off by default.",
            "Nodes with public IPs can be reached from the internet directly; the kubelet, "
            "SSH and any NodePort service are then one firewall mistake away from exposure.",
            '  default_node_pool {\n    name                   = "system"\n'
            "    node_public_ip_enabled = true\n  }\n",
            '  default_node_pool {\n    name = "system"\n  }\n',
        ),
        remediation="""
Keep nodes on private IPs and publish services through a load balancer or ingress.

```hcl
default_node_pool {
  name                   = "system"
  vm_size                = "Standard_D4s_v5"
  node_public_ip_enabled = false # enable_node_public_ip in azurerm v3
}
```

In an ARM template set `"enableNodePublicIP": false` on each agent pool profile.
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_143"]},
        references=[_REFERENCE + "use-node-public-ips"],
    )
)
