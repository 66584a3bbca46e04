"""Storage account settings that must be on: infrastructure encryption, Entra ID instead of
shared keys, blob soft delete and versioning (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, Present, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.azure_fields import PerFramework

_ACCOUNT_TF = "azurerm_storage_account"
_ACCOUNT_ARM = "Microsoft.Storage/storageAccounts"
_BLOB_SERVICE_ARM = "Microsoft.Storage/storageAccounts/blobServices"


def _has_blob_service(resource: Resource) -> bool:
    """File shares only (`FileStorage` accounts) have no blob service to protect."""
    kind = as_str(resource.get("account_kind")) or as_str(resource.get("kind"))
    return kind is None or kind.lower() != "filestorage"


def _supports_versioning(resource: Resource) -> bool:
    """Data Lake Storage Gen2 accounts (hierarchical namespace) cannot version blobs."""
    hns = resource.field("is_hns_enabled")
    return _has_blob_service(resource) and not hns.unknown and as_bool(hns.value) is not True


STORAGE_INFRASTRUCTURE_ENCRYPTION_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-STORAGE-010",
        name="storage-infrastructure-encryption-disabled",
        title="Storage account does not encrypt data a second time at the infrastructure layer",
        severity=Severity.LOW,
        category="encryption",
        what="infrastructure encryption",
        where={
            Framework.TERRAFORM: {_ACCOUNT_TF: ("infrastructure_encryption_enabled",)},
            Framework.ARM: {
                _ACCOUNT_ARM: ("properties", "encryption", "requireInfrastructureEncryption")
            },
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags storage accounts without infrastructure (double) encryption:
`infrastructure_encryption_enabled` (ARM `encryption.requireInfrastructureEncryption`) false
or not written, which is the default. It can only be chosen when the account is created.
""",
            why_is_this_bad="""
Service-level encryption alone relies on one key and one implementation. Infrastructure
encryption adds a second, independent layer (a different algorithm and key) so that a flaw or
a compromised key in one layer does not expose the data.
""",
            example="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_storage_account" "data" {
  name                              = "acmedata"
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  infrastructure_encryption_enabled = true
}
```
""",
        ),
        remediation="""
Create the account with infrastructure encryption (it cannot be turned on later).

```hcl
resource "azurerm_storage_account" "data" {
  name                              = "acmedata"
  account_tier                      = "Standard"
  account_replication_type          = "GRS"
  infrastructure_encryption_enabled = true
}
```

In an ARM template set `"requireInfrastructureEncryption": true` under
`properties.encryption`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["3.2"], "nist-800-53-r5": ["SC-28(1)"]},
        references=[
            "https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable",
        ],
    )
)

STORAGE_SHARED_KEY_ACCESS_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-STORAGE-012",
        name="storage-shared-key-access-enabled",
        title="Storage account accepts requests signed with the account access keys",
        severity=Severity.LOW,
        category="iam",
        what="shared key access",
        where={
            Framework.TERRAFORM: {_ACCOUNT_TF: ("shared_access_key_enabled",)},
            Framework.ARM: {_ACCOUNT_ARM: ("properties", "allowSharedKeyAccess")},
        },
        expect=Disabled(default=True),
        doc=Doc(
            what_it_does="""
Flags storage accounts that accept Shared Key authorization: `shared_access_key_enabled`
(ARM `allowSharedKeyAccess`) true or not written, since Azure allows it by default.
""",
            why_is_this_bad="""
The two account keys give full access to every container, queue, table and share, never
expire, and leave no trace of who used them. Any SAS token signed with them stays valid until
the key is rotated. Microsoft Entra ID authorization is scoped, audited and revocable.
""",
            example="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_storage_account" "data" {
  name                      = "acmedata"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = false
}
```
""",
        ),
        remediation="""
Authorize with Microsoft Entra ID and turn Shared Key access off (set `storage_use_azuread =
true` in the azurerm provider so Terraform itself stops using the keys).

```hcl
resource "azurerm_storage_account" "data" {
  name                      = "acmedata"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = false
}
```

In an ARM template set `"allowSharedKeyAccess": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-2"]},
        equivalents={"checkov": ["CKV2_AZURE_40"]},
        references=[
            "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
        ],
    )
)

STORAGE_BLOB_SOFT_DELETE_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-STORAGE-013",
        name="storage-blob-soft-delete-disabled",
        title="Storage account does not keep deleted blobs for recovery",
        severity=Severity.LOW,
        category="public-storage",
        what="blob soft delete",
        where={
            Framework.TERRAFORM: {
                _ACCOUNT_TF: ("blob_properties", 0, "delete_retention_policy"),
            },
            Framework.ARM: {
                _BLOB_SERVICE_ARM: ("properties", "deleteRetentionPolicy", "enabled"),
            },
        },
        # A Terraform `delete_retention_policy {}` block turns soft delete on (7 days).
        expect=PerFramework({Framework.TERRAFORM: Present(), Framework.ARM: Enabled()}),
        applies=_has_blob_service,
        doc=Doc(
            what_it_does="""
Flags storage accounts without blob soft delete: no `delete_retention_policy` block in
`blob_properties` (soft delete is then off), and ARM blob services
(`Microsoft.Storage/storageAccounts/blobServices`) whose `deleteRetentionPolicy.enabled` is
not true. `FileStorage` accounts have no blob service and are skipped. An ARM account without
a blob service resource in the template is not reported (its setting is not visible).
""",
            why_is_this_bad="""
Without soft delete a deleted or overwritten blob is gone at once: a mistaken script, a
compromised key or ransomware destroys data that nothing can bring back.
""",
            example="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
}
```
""",
        ),
        remediation="""
Keep deleted blobs for a retention period.

```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    delete_retention_policy {
      days = 14
    }
  }
}
```

In an ARM template set `"deleteRetentionPolicy": {"enabled": true, "days": 14}` on the
`blobServices` resource.
""",
        compliance={"cis-azure-foundations-2.0.0": ["3.11"], "nist-800-53-r5": ["CP-9"]},
        equivalents={"checkov": ["CKV2_AZURE_38"]},
        references=["https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview"],
    )
)

STORAGE_BLOB_VERSIONING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-STORAGE-014",
        name="storage-blob-versioning-disabled",
        title="Storage account does not keep previous versions of blobs",
        severity=Severity.LOW,
        category="public-storage",
        what="blob versioning",
        where={
            Framework.TERRAFORM: {_ACCOUNT_TF: ("blob_properties", 0, "versioning_enabled")},
            Framework.ARM: {_BLOB_SERVICE_ARM: ("properties", "isVersioningEnabled")},
        },
        expect=Enabled(default=False),
        applies=_supports_versioning,
        doc=Doc(
            what_it_does="""
Flags storage accounts without blob versioning: `blob_properties.versioning_enabled` (ARM
`isVersioningEnabled` on the `blobServices` resource) false or not written, which is the
default. `FileStorage` and Data Lake Storage Gen2 (`is_hns_enabled`) accounts are skipped.
""",
            why_is_this_bad="""
Without versioning an overwrite replaces the blob for good; a bad deployment, a bug or an
attacker with write access can destroy the previous content.
""",
            example="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }
}
```
""",
        ),
        remediation="""
Turn on blob versioning.

```hcl
resource "azurerm_storage_account" "data" {
  name                     = "acmedata"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  blob_properties {
    versioning_enabled = true
  }
}
```

In an ARM template set `"isVersioningEnabled": true` on the `blobServices` resource.
""",
        compliance={"nist-800-53-r5": ["CP-9", "SI-7"]},
        references=["https://learn.microsoft.com/azure/storage/blobs/versioning-overview"],
    )
)

STORAGE_CROSS_TENANT_REPLICATION = setting_check(
    SettingRule(
        id="IAC-AZURE-STORAGE-015",
        name="storage-cross-tenant-replication",
        title="Storage account allows object replication to other tenants",
        severity=Severity.MEDIUM,
        category="public-storage",
        what="cross-tenant replication",
        where={
            Framework.TERRAFORM: {_ACCOUNT_TF: ("cross_tenant_replication_enabled",)},
            Framework.ARM: {_ACCOUNT_ARM: ("properties", "allowCrossTenantReplication")},
        },
        expect=Disabled(),
        doc=Doc(
            what_it_does="""
Flags storage accounts with `cross_tenant_replication_enabled = true` (ARM
`allowCrossTenantReplication`). The default changed between versions (on in azurerm v3,
off in v4 and for accounts created since late 2023), so only an explicit true is reported.
""",
            why_is_this_bad="""
Object replication to an account in another Microsoft Entra tenant copies every new blob
out of your organization's control; a compromised administrator can set it up to
exfiltrate data continuously.
""",
            example="""
```hcl
resource "azurerm_storage_account" "data" {
  name                             = "acmedata"
  account_tier                     = "Standard"
  account_replication_type         = "GRS"
  cross_tenant_replication_enabled = true
}
```
""",
            use_instead="""
```hcl
resource "azurerm_storage_account" "data" {
  name                             = "acmedata"
  account_tier                     = "Standard"
  account_replication_type         = "GRS"
  cross_tenant_replication_enabled = false
}
```
""",
        ),
        remediation="""
Disallow cross-tenant object replication.

```hcl
resource "azurerm_storage_account" "data" {
  name                             = "acmedata"
  account_tier                     = "Standard"
  account_replication_type         = "GRS"
  cross_tenant_replication_enabled = false
}
```

In an ARM template set `"allowCrossTenantReplication": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-4", "AC-21"]},
        references=[
            "https://learn.microsoft.com/azure/storage/blobs/object-replication-prevent-cross-tenant-policies",
        ],
    )
)
