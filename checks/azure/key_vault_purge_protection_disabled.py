from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.azure_fields import setting
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AZURE-KEYVAULT-001",
    name="key-vault-purge-protection-disabled",
    title="Key Vault can be purged before its retention period ends",
    severity=Severity.MEDIUM,
    category="secrets",
    targets={
        Framework.TERRAFORM: ["azurerm_key_vault"],
        Framework.ARM: ["Microsoft.KeyVault/vaults"],
    },
    remediation="""
        Enable purge protection (it cannot be turned off again once enabled).

        ```hcl
        resource "azurerm_key_vault" "main" {
          name                       = "acme-kv"
          tenant_id                  = data.azurerm_client_config.current.tenant_id
          sku_name                   = "standard"
          soft_delete_retention_days = 90
          purge_protection_enabled   = true
        }
        ```

        In an ARM template set `"enablePurgeProtection": true` under `properties`.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["8.5"],
        "nist-800-53-r5": ["CP-9", "SC-12"],
    },
    equivalents={
        "checkov": ["CKV_AZURE_110", "CKV_AZURE_42"],
        "tfsec": ["azure-keyvault-no-purge"],
    },
    references=[
        "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
    ],
)
def key_vault_purge_protection_disabled(
    vault: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Key Vaults without purge protection: `purge_protection_enabled` (ARM
    `enablePurgeProtection`) false or not written, which is the default.

    ## Why is this bad?
    Without purge protection, anyone who can delete the vault can also purge it and its
    soft-deleted keys, secrets and certificates at once. An attacker or a mistaken pipeline
    can then destroy the keys that encrypt your data, and nothing can recover them.

    ## Example
    ```hcl
    resource "azurerm_key_vault" "main" {
      name     = "acme-kv"
      sku_name = "standard"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_key_vault" "main" {
      name                     = "acme-kv"
      sku_name                 = "standard"
      purge_protection_enabled = true
    }
    ```
    """
    purge_protection = setting(
        vault, terraform=["purge_protection_enabled"], arm=("enablePurgeProtection",)
    )
    yield from require_enabled(purge_protection, "purge protection")
