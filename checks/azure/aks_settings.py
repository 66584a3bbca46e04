"""AKS cluster settings: Kubernetes RBAC, network policy, Azure Policy add-on, local
accounts, disk encryption set and Container Insights (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import (
    Disabled,
    Doc,
    Enabled,
    OneOf,
    Present,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName, PerFramework

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


AKS_RBAC_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-010",
        name="aks-rbac-disabled",
        title="AKS cluster has Kubernetes RBAC turned off",
        severity=Severity.HIGH,
        category="rbac",
        what="Kubernetes RBAC",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("role_based_access_control_enabled",)},
            Framework.ARM: {_AKS_ARM: ("properties", "enableRBAC")},
        },
        expect=OrOlderName(
            Enabled(default=True), older=(("role_based_access_control", 0, "enabled"),)
        ),
        doc=_doc(
            "Flags AKS clusters created without Kubernetes RBAC: "
            "`role_based_access_control_enabled = false` (azurerm v2: "
            "`role_based_access_control { enabled = false }`; ARM `enableRBAC: false`). RBAC "
            "is on by default.",
            "Without RBAC every authenticated user and service account is effectively a "
            "cluster administrator; one compromised pod token controls the whole cluster. "
            "RBAC cannot be turned on later without recreating the cluster.",
            "  role_based_access_control_enabled = false\n",
            "  role_based_access_control_enabled = true\n",
        ),
        remediation="""
Create the cluster with Kubernetes RBAC (the default).

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                              = "acme-aks"
  dns_prefix                        = "acme"
  role_based_access_control_enabled = true
}
```

In an ARM template set `"enableRBAC": true` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
        equivalents={
            "checkov": ["CKV_AZURE_5"],
            "tfsec": ["azure-container-use-rbac-permissions"],
        },
        references=[_REFERENCE + "manage-azure-rbac"],
    )
)

AKS_NETWORK_POLICY_MISSING = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-011",
        name="aks-network-policy-missing",
        title="AKS cluster has no network policy engine",
        severity=Severity.MEDIUM,
        category="network",
        what="the network policy engine",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("network_profile", 0, "network_policy")},
            Framework.ARM: {_AKS_ARM: ("properties", "networkProfile", "networkPolicy")},
        },
        expect=OneOf(frozenset({"azure", "calico", "cilium"})),
        doc=_doc(
            "Flags AKS clusters without a network policy engine: no `network_policy` in "
            "`network_profile` (ARM `networkProfile.networkPolicy`, or `none`). Without one, "
            "Kubernetes NetworkPolicy objects are accepted but silently not enforced.",
            "Every pod can reach every other pod and namespace; one compromised workload can "
            "talk to databases, internal APIs and the metadata of the whole cluster.",
            '  network_profile {\n    network_plugin = "azure"\n  }\n',
            '  network_profile {\n    network_plugin = "azure"\n'
            '    network_policy = "azure"\n  }\n',
        ),
        remediation="""
Choose a network policy engine when creating the cluster.

```hcl
network_profile {
  network_plugin = "azure"
  network_policy = "azure" # or "calico", "cilium"
}
```

In an ARM template set `"networkPolicy": "azure"` under `properties.networkProfile`.
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={
            "checkov": ["CKV_AZURE_7"],
            "tfsec": ["azure-container-configured-network-policy"],
        },
        references=[_REFERENCE + "use-network-policies"],
    )
)

AKS_AZURE_POLICY_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-012",
        name="aks-azure-policy-disabled",
        title="AKS cluster does not run the Azure Policy add-on",
        severity=Severity.LOW,
        category="workload-security",
        what="the Azure Policy add-on",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("azure_policy_enabled",)},
            Framework.ARM: {
                _AKS_ARM: ("properties", "addonProfiles", "azurepolicy", "enabled"),
            },
        },
        expect=OrOlderName(
            Enabled(default=False), older=(("addon_profile", 0, "azure_policy", 0, "enabled"),)
        ),
        doc=_doc(
            "Flags AKS clusters without the Azure Policy add-on: `azure_policy_enabled` "
            "false or not written (azurerm v2: `addon_profile.azure_policy.enabled`; ARM "
            "`addonProfiles.azurepolicy.enabled`). It is off by default.",
            "Without the add-on, policies such as 'no privileged containers' or 'only "
            "images from our registry' are not enforced at admission, so any deployment can "
            "break them.",
            "  azure_policy_enabled = false\n",
            "  azure_policy_enabled = true\n",
        ),
        remediation="""
Turn on the Azure Policy add-on.

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                 = "acme-aks"
  dns_prefix           = "acme"
  azure_policy_enabled = true
}
```

In an ARM template set `"addonProfiles": {"azurepolicy": {"enabled": true}}` under
`properties`.
""",
        compliance={"nist-800-53-r5": ["CM-7", "CM-6"]},
        equivalents={"checkov": ["CKV_AZURE_116"]},
        references=[_REFERENCE + "use-azure-policy"],
    )
)

AKS_LOCAL_ACCOUNTS_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-013",
        name="aks-local-accounts-enabled",
        title="AKS cluster keeps its local admin account",
        severity=Severity.MEDIUM,
        category="iam",
        what="disabling local accounts",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("local_account_disabled",)},
            Framework.ARM: {_AKS_ARM: ("properties", "disableLocalAccounts")},
        },
        expect=Enabled(default=False),
        doc=_doc(
            "Flags AKS clusters whose local accounts are kept: `local_account_disabled` "
            "(ARM `disableLocalAccounts`) false or not written, which is the default.",
            "The local `clusterAdmin` credential is a static certificate that bypasses "
            "Microsoft Entra ID, MFA and conditional access; anyone who can call "
            "`listClusterAdminCredential` gets permanent cluster-admin.",
            "  local_account_disabled = false\n",
            "  local_account_disabled = true\n\n"
            "  azure_active_directory_role_based_access_control {\n"
            "    azure_rbac_enabled = true\n  }\n",
        ),
        remediation="""
Use Microsoft Entra ID integration and disable local accounts.

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                   = "acme-aks"
  dns_prefix             = "acme"
  local_account_disabled = true

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
  }
}
```

In an ARM template set `"disableLocalAccounts": true` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-2"]},
        equivalents={"checkov": ["CKV_AZURE_141"]},
        references=[_REFERENCE + "manage-local-accounts-managed-azure-ad"],
    )
)

AKS_NO_DISK_ENCRYPTION_SET = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-014",
        name="aks-no-disk-encryption-set",
        title="AKS node disks are not encrypted with a customer-managed key",
        severity=Severity.LOW,
        category="encryption",
        what="the disk encryption set",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("disk_encryption_set_id",)},
            Framework.ARM: {_AKS_ARM: ("properties", "diskEncryptionSetID")},
        },
        expect=Present(),
        doc=_doc(
            "Flags AKS clusters without a disk encryption set: no `disk_encryption_set_id` "
            "(ARM `diskEncryptionSetID`), so node OS and data disks use platform-managed "
            "keys.",
            "With platform-managed keys you cannot revoke access to the disks, rotate the "
            "key on your schedule, or prove key custody as many regulations require.",
            "",
            "  disk_encryption_set_id = azurerm_disk_encryption_set.aks.id\n",
        ),
        remediation="""
Encrypt node disks with a disk encryption set backed by your Key Vault key.

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                   = "acme-aks"
  dns_prefix             = "acme"
  disk_encryption_set_id = azurerm_disk_encryption_set.aks.id
}
```

In an ARM template set `"diskEncryptionSetID"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AZURE_117"]},
        references=[_REFERENCE + "azure-disk-customer-managed-keys"],
    )
)

AKS_MONITORING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-015",
        name="aks-monitoring-disabled",
        title="AKS cluster does not send logs to Azure Monitor",
        severity=Severity.LOW,
        category="logging",
        what="Container Insights (oms_agent)",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("oms_agent",)},
            Framework.ARM: {_AKS_ARM: ("properties", "addonProfiles", "omsagent", "enabled")},
        },
        expect=PerFramework({Framework.TERRAFORM: Present(), Framework.ARM: Enabled()}),
        doc=_doc(
            "Flags AKS clusters without Container Insights: no `oms_agent` block (ARM "
            "`addonProfiles.omsagent.enabled` not true).",
            "Without cluster logs and metrics in Azure Monitor, incidents such as crash "
            "loops, node pressure or suspicious pod activity go unnoticed and cannot be "
            "investigated later.",
            "",
            "  oms_agent {\n"
            "    log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id\n"
            "  }\n",
        ),
        remediation="""
Send the cluster's logs and metrics to a Log Analytics workspace.

```hcl
oms_agent {
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
}
```

In an ARM template set `"addonProfiles": {"omsagent": {"enabled": true, "config": {...}}}`
under `properties`.
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12", "SI-4"]},
        equivalents={"checkov": ["CKV_AZURE_4"]},
        references=[
            "https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview"
        ],
    )
)

AKS_HTTP_APPLICATION_ROUTING_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-AKS-016",
        name="aks-http-application-routing-enabled",
        title="AKS cluster runs the HTTP application routing add-on",
        severity=Severity.LOW,
        category="network",
        what="the HTTP application routing add-on",
        where={
            Framework.TERRAFORM: {_AKS_TF: ("http_application_routing_enabled",)},
            Framework.ARM: {
                _AKS_ARM: ("properties", "addonProfiles", "httpApplicationRouting", "enabled"),
            },
        },
        expect=OrOlderName(
            Disabled(), older=(("addon_profile", 0, "http_application_routing", 0, "enabled"),)
        ),
        doc=_doc(
            "Flags AKS clusters with the HTTP application routing add-on: "
            "`http_application_routing_enabled = true` (azurerm v2: "
            "`addon_profile.http_application_routing.enabled`; ARM "
            "`addonProfiles.httpApplicationRouting.enabled`). It is off by default.",
            "The add-on publishes services through a public DNS zone and an ingress controller "
            "meant for development only; it is retired and not hardened for production "
            "traffic.",
            "  http_application_routing_enabled = true\n",
            "  web_app_routing {\n    dns_zone_ids = [azurerm_dns_zone.apps.id]\n  }\n",
        ),
        remediation="""
Use the application routing add-on (`web_app_routing`) or your own ingress controller.

```hcl
resource "azurerm_kubernetes_cluster" "main" {
  name                             = "acme-aks"
  dns_prefix                       = "acme"
  http_application_routing_enabled = false
}
```

In an ARM template set `"addonProfiles": {"httpApplicationRouting": {"enabled": false}}`.
""",
        compliance={"nist-800-53-r5": ["CM-7", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_246"]},
        references=[_REFERENCE + "http-application-routing"],
    )
)
