from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.azure_fields import setting

_ACCOUNT = "azurerm_storage_account"
_RULES = "azurerm_storage_account_network_rules"


@check(
    id="IAC-AZURE-STORAGE-011",
    name="storage-network-default-allow",
    title="Storage account accepts traffic from all networks",
    severity=Severity.MEDIUM,
    category="network",
    targets={
        Framework.TERRAFORM: [_ACCOUNT, _RULES],
        Framework.ARM: ["Microsoft.Storage/storageAccounts"],
    },
    remediation="""
        Deny by default and allow only the networks that need the account (or disable public
        network access with `public_network_access_enabled = false` and use private
        endpoints).

        ```hcl
        resource "azurerm_storage_account" "data" {
          name                     = "acmedata"
          account_tier             = "Standard"
          account_replication_type = "GRS"

          network_rules {
            default_action             = "Deny"
            bypass                     = ["AzureServices"]
            virtual_network_subnet_ids = [azurerm_subnet.app.id]
          }
        }
        ```

        In an ARM template set `"networkAcls": {"defaultAction": "Deny", ...}` under
        `properties`.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["3.8"],
        "nist-800-53-r5": ["AC-3", "SC-7"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={
        "checkov": ["CKV_AZURE_35", "CKV_AZURE_59"],
        "tfsec": ["azure-storage-default-action-deny"],
    },
    references=[
        "https://learn.microsoft.com/azure/storage/common/storage-network-security",
    ],
)
def storage_network_default_allow(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags storage accounts reachable from every network: public network access is on
    (`public_network_access_enabled`, or `public_network_access = "Enabled"` in newer azurerm;
    ARM `publicNetworkAccess`; on by default) and the network rules admit every network:
    `default_action = "Allow"` in a `network_rules` block or an
    `azurerm_storage_account_network_rules` resource (ARM `networkAcls.defaultAction`), or no
    network rules at all, in which case Azure allows all networks. An account that refers to a
    separate network rules resource is judged through that resource. An account with public
    network access disabled (or `SecuredByPerimeter`) is not reported, and neither is one whose
    firewall denies by default: its public endpoint admits only the listed IP ranges and
    subnets. (Checkov's CKV_AZURE_59 reports every account that does not disable public
    network access, whatever its firewall.)

    ## Why is this bad?
    With the default action Allow, anyone on the internet who obtains a key or SAS token can
    reach the account's data; network rules are the layer that keeps a leaked credential from
    being usable everywhere.

    ## Example
    ```hcl
    resource "azurerm_storage_account" "data" {
      name                     = "acmedata"
      account_tier             = "Standard"
      account_replication_type = "GRS"

      network_rules {
        default_action = "Allow"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_storage_account" "data" {
      name                     = "acmedata"
      account_tier             = "Standard"
      account_replication_type = "GRS"

      network_rules {
        default_action             = "Deny"
        virtual_network_subnet_ids = [azurerm_subnet.app.id]
      }
    }
    ```
    """
    if resource.type == _RULES:
        yield from _judge(resource.field("default_action"))
        return
    public = setting(
        resource,
        terraform=["public_network_access_enabled", "public_network_access"],
        arm=("publicNetworkAccess",),
    )
    if public.present and as_bool(public.value) is not True:
        return  # disabled, SecuredByPerimeter (the perimeter decides) or unknown
    if resource.framework is Framework.ARM:
        yield from _judge(resource.field("properties", "networkAcls", "defaultAction"))
        return
    if resource.field("network_rules").present:
        yield from _judge(resource.field("network_rules", 0, "default_action"))
    elif not context.graph.referenced_by(resource, _RULES):
        yield Violation(at=resource, message="no network rules: every network is allowed")


def _judge(action: Field) -> Iterator[Violation]:
    if not action.present:
        yield Violation(at=action, message="the default network action is not set (Allow)")
        return
    text = as_str(action.value)
    if text is not None and text.strip().lower() == "allow":
        yield Violation(at=action, message="the default network action is Allow")
