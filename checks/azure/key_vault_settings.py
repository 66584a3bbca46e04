"""Key Vault settings: network default deny, RBAC authorization, expiry dates on keys and
secrets, HSM-backed keys (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, Present, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.azure_fields import OrOlderName, setting

_VAULT_TF = "azurerm_key_vault"
_VAULT_ARM = "Microsoft.KeyVault/vaults"


def _public_network_open(vault: Resource) -> bool:
    """False when public network access is known to be off (network rules then do not
    matter); unknown counts as off, so nothing is guessed."""
    public = setting(
        vault, terraform=["public_network_access_enabled"], arm=("publicNetworkAccess",)
    )
    return not public.present or as_bool(public.value) is True


KEY_VAULT_NETWORK_DEFAULT_ALLOW = setting_check(
    SettingRule(
        id="IAC-AZURE-KEYVAULT-010",
        name="key-vault-network-default-allow",
        title="Key Vault accepts traffic from all networks",
        severity=Severity.MEDIUM,
        category="network",
        what="the default network action",
        where={
            Framework.TERRAFORM: {_VAULT_TF: ("network_acls", 0, "default_action")},
            Framework.ARM: {_VAULT_ARM: ("properties", "networkAcls", "defaultAction")},
        },
        expect=OneOf(frozenset({"Deny"})),
        applies=_public_network_open,
        doc=Doc(
            what_it_does="""
Flags Key Vaults reachable from every network: public network access is on
(`public_network_access_enabled`, ARM `publicNetworkAccess`; on by default) and the network
ACLs admit every network: `network_acls.default_action = "Allow"` (ARM
`networkAcls.defaultAction`) or no network ACLs at all, in which case Azure allows all
networks. A vault with public network access disabled (or `SecuredByPerimeter`) is not
reported, and neither is one whose firewall denies by default: its public endpoint admits
only the listed IP ranges and subnets. (Checkov's CKV_AZURE_189 also reports a vault that
denies by default without IP rules, and passes one that allows by default with IP rules,
which Azure then ignores.)
""",
            why_is_this_bad="""
A vault reachable from any network depends on its access policies alone; a leaked token or
service principal secret can then be used from anywhere to read keys and secrets.
""",
            example="""
```hcl
resource "azurerm_key_vault" "main" {
  name      = "acme-kv"
  sku_name  = "standard"
  tenant_id = data.azurerm_client_config.current.tenant_id
}
```
""",
            use_instead="""
```hcl
resource "azurerm_key_vault" "main" {
  name      = "acme-kv"
  sku_name  = "standard"
  tenant_id = data.azurerm_client_config.current.tenant_id

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}
```
""",
        ),
        remediation="""
Disable public network access and reach the vault through a private endpoint, or deny by
default and allow only the networks that need the vault.

```hcl
network_acls {
  default_action             = "Deny"
  bypass                     = "AzureServices"
  virtual_network_subnet_ids = [azurerm_subnet.app.id]
}
```

or `public_network_access_enabled = false`. In an ARM template set `"networkAcls":
{"defaultAction": "Deny", "bypass": "AzureServices"}` or `"publicNetworkAccess": "Disabled"`
under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={
            "checkov": ["CKV_AZURE_109", "CKV_AZURE_189"],
            "tfsec": ["azure-keyvault-specify-network-acl"],
        },
        references=["https://learn.microsoft.com/azure/key-vault/general/network-security"],
    )
)

KEY_VAULT_RBAC_AUTHORIZATION_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-KEYVAULT-015",
        name="key-vault-rbac-authorization-disabled",
        title="Key Vault uses legacy access policies instead of Azure RBAC",
        severity=Severity.LOW,
        category="rbac",
        what="RBAC authorization",
        where={
            Framework.TERRAFORM: {_VAULT_TF: ("rbac_authorization_enabled",)},
            Framework.ARM: {_VAULT_ARM: ("properties", "enableRbacAuthorization")},
        },
        expect=OrOlderName(Enabled(default=False), older=(("enable_rbac_authorization",),)),
        doc=Doc(
            what_it_does="""
Flags Key Vaults that authorize data access with access policies:
`rbac_authorization_enabled` (azurerm before v4.42: `enable_rbac_authorization`; ARM
`enableRbacAuthorization`) false or not written, which is the default.
""",
            why_is_this_bad="""
Access policies grant a principal a permission on every key, secret or certificate of the
vault, cannot be scoped to one item, and are managed outside Azure RBAC, its PIM and deny
assignments; anyone with Contributor on the vault can grant themselves data access.
""",
            example="""
```hcl
resource "azurerm_key_vault" "main" {
  name     = "acme-kv"
  sku_name = "standard"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_key_vault" "main" {
  name                       = "acme-kv"
  sku_name                   = "standard"
  rbac_authorization_enabled = true
}
```
""",
        ),
        remediation="""
Authorize data access with Azure RBAC roles (Key Vault Secrets User, Crypto User, ...).

```hcl
resource "azurerm_key_vault" "main" {
  name                       = "acme-kv"
  sku_name                   = "standard"
  rbac_authorization_enabled = true # enable_rbac_authorization before azurerm v4.42
}
```

In an ARM template set `"enableRbacAuthorization": true` under `properties`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["8.6"], "nist-800-53-r5": ["AC-3", "AC-6"]},
        references=["https://learn.microsoft.com/azure/key-vault/general/rbac-migration"],
    )
)

_EXPIRY_DOC = """
Flags Key Vault {items} without an expiration date: no `expiration_date` on
`azurerm_key_vault_{item}` (ARM `properties.attributes.exp` on
`Microsoft.KeyVault/vaults/{item}s`). Without one the {item} never expires.
"""

KEY_VAULT_SECRET_NO_EXPIRATION = setting_check(
    SettingRule(
        id="IAC-AZURE-KEYVAULT-012",
        name="key-vault-secret-no-expiration",
        title="Key Vault secret has no expiration date",
        severity=Severity.LOW,
        category="secrets",
        what="the expiration date",
        where={
            Framework.TERRAFORM: {"azurerm_key_vault_secret": ("expiration_date",)},
            Framework.ARM: {
                "Microsoft.KeyVault/vaults/secrets": ("properties", "attributes", "exp")
            },
        },
        expect=Present(),
        doc=Doc(
            what_it_does=_EXPIRY_DOC.format(items="secrets", item="secret"),
            why_is_this_bad="""
A secret that never expires is never forced to rotate: a copy leaked in a log, a laptop or a
former employee's notes stays valid for years.
""",
            example="""
```hcl
resource "azurerm_key_vault_secret" "db" {
  name         = "db-password"
  value        = random_password.db.result
  key_vault_id = azurerm_key_vault.main.id
}
```
""",
            use_instead="""
```hcl
resource "azurerm_key_vault_secret" "db" {
  name            = "db-password"
  value           = random_password.db.result
  key_vault_id    = azurerm_key_vault.main.id
  expiration_date = "2026-12-31T00:00:00Z"
}
```
""",
        ),
        remediation="""
Give the secret an expiration date and rotate it before then.

```hcl
resource "azurerm_key_vault_secret" "db" {
  name            = "db-password"
  value           = random_password.db.result
  key_vault_id    = azurerm_key_vault.main.id
  expiration_date = "2026-12-31T00:00:00Z"
}
```

In an ARM template set `"attributes": {"exp": <unix time>}` under `properties`.
""",
        compliance={
            "cis-azure-foundations-2.0.0": ["8.3", "8.4"],
            "nist-800-53-r5": ["IA-5(1)", "SC-12"],
        },
        equivalents={
            "checkov": ["CKV_AZURE_41"],
            "tfsec": ["azure-keyvault-ensure-secret-expiry"],
        },
        references=[
            "https://learn.microsoft.com/azure/key-vault/secrets/about-secrets#secret-attributes",
        ],
    )
)

KEY_VAULT_KEY_NO_EXPIRATION = setting_check(
    SettingRule(
        id="IAC-AZURE-KEYVAULT-013",
        name="key-vault-key-no-expiration",
        title="Key Vault key has no expiration date",
        severity=Severity.LOW,
        category="encryption",
        what="the expiration date",
        where={
            Framework.TERRAFORM: {"azurerm_key_vault_key": ("expiration_date",)},
            Framework.ARM: {"Microsoft.KeyVault/vaults/keys": ("properties", "attributes", "exp")},
        },
        expect=Present(),
        doc=Doc(
            what_it_does=_EXPIRY_DOC.format(items="keys", item="key"),
            why_is_this_bad="""
A key that never expires is never forced to rotate; the longer one key protects data, the
more data a single compromise exposes.
""",
            example="""
```hcl
resource "azurerm_key_vault_key" "data" {
  name         = "data"
  key_vault_id = azurerm_key_vault.main.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}
```
""",
            use_instead="""
```hcl
resource "azurerm_key_vault_key" "data" {
  name            = "data"
  key_vault_id    = azurerm_key_vault.main.id
  key_type        = "RSA-HSM"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2026-12-31T00:00:00Z"
}
```
""",
        ),
        remediation="""
Give the key an expiration date (and a `rotation_policy` that rotates it before then).

```hcl
resource "azurerm_key_vault_key" "data" {
  name            = "data"
  key_vault_id    = azurerm_key_vault.main.id
  key_type        = "RSA-HSM"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2026-12-31T00:00:00Z"
}
```

In an ARM template set `"attributes": {"exp": <unix time>}` under `properties`.
""",
        compliance={
            "cis-azure-foundations-2.0.0": ["8.1", "8.2"],
            "nist-800-53-r5": ["SC-12"],
        },
        equivalents={"checkov": ["CKV_AZURE_40"], "tfsec": ["azure-keyvault-ensure-key-expiry"]},
        references=["https://learn.microsoft.com/azure/key-vault/keys/about-keys-details"],
    )
)

KEY_VAULT_KEY_NOT_HSM_BACKED = setting_check(
    SettingRule(
        id="IAC-AZURE-KEYVAULT-014",
        name="key-vault-key-not-hsm-backed",
        title="Key Vault key is stored in software rather than an HSM",
        severity=Severity.LOW,
        category="encryption",
        what="the key type",
        where={
            Framework.TERRAFORM: {"azurerm_key_vault_key": ("key_type",)},
            Framework.ARM: {"Microsoft.KeyVault/vaults/keys": ("properties", "kty")},
        },
        expect=OneOf(frozenset({"RSA-HSM", "EC-HSM", "oct-HSM"}), missing_ok=True),
        doc=Doc(
            what_it_does="""
Flags Key Vault keys of a software type (`RSA`, `EC`) rather than an HSM-backed one
(`RSA-HSM`, `EC-HSM`): `key_type` (ARM `kty`). HSM keys need a Premium vault or a Managed
HSM.
""",
            why_is_this_bad="""
Software-protected keys are processed in memory of the Key Vault service; HSM-backed keys
never leave a FIPS 140 validated hardware boundary, which many regulations require for keys
that protect sensitive data.
""",
            example="""
```hcl
resource "azurerm_key_vault_key" "data" {
  name         = "data"
  key_vault_id = azurerm_key_vault.main.id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}
```
""",
            use_instead="""
```hcl
resource "azurerm_key_vault_key" "data" {
  name         = "data"
  key_vault_id = azurerm_key_vault.main.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}
```
""",
        ),
        remediation="""
Create the key as HSM-backed in a Premium vault.

```hcl
resource "azurerm_key_vault_key" "data" {
  name         = "data"
  key_vault_id = azurerm_key_vault.main.id
  key_type     = "RSA-HSM"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}
```

In an ARM template set `"kty": "RSA-HSM"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-13"]},
        equivalents={"checkov": ["CKV_AZURE_112"]},
        references=["https://learn.microsoft.com/azure/key-vault/keys/about-keys"],
    )
)
