"""Container registry settings: admin user, anonymous pull, public network access."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.graph.model import Framework

_TF = "azurerm_container_registry"
_ARM = "Microsoft.ContainerRegistry/registries"
_REFERENCE = "https://learn.microsoft.com/azure/container-registry/"


def _doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "azurerm_container_registry" "main" {\n'
        '  name = "acmeregistry"\n'
        '  sku  = "Premium"\n'
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


ACR_ADMIN_USER_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-CONTAINERREGISTRY-001",
        name="acr-admin-user-enabled",
        title="Container registry admin user is enabled",
        severity=Severity.MEDIUM,
        category="iam",
        what="the admin user",
        where={
            Framework.TERRAFORM: {_TF: ("admin_enabled",)},
            Framework.ARM: {_ARM: ("properties", "adminUserEnabled")},
        },
        expect=Disabled(),
        doc=_doc(
            "Flags container registries with the admin user on: `admin_enabled = true` (ARM "
            "`adminUserEnabled`). It is off by default.",
            "The admin user is one shared username and password with push and pull rights on "
            "every repository; it cannot be scoped, leaves no identity in the logs and is "
            "usually copied into CI variables and kubeconfigs.",
            "  admin_enabled = true\n",
            "  admin_enabled = false\n",
        ),
        remediation="""
Turn the admin user off and pull with managed identities or scoped tokens.

```hcl
resource "azurerm_container_registry" "main" {
  name          = "acmeregistry"
  sku           = "Premium"
  admin_enabled = false
}
```

In an ARM template set `"adminUserEnabled": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-2", "IA-2"]},
        equivalents={"checkov": ["CKV_AZURE_137"]},
        references=[_REFERENCE + "container-registry-authentication#admin-account"],
    )
)

ACR_ANONYMOUS_PULL_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-CONTAINERREGISTRY-002",
        name="acr-anonymous-pull-enabled",
        title="Container registry lets anyone pull images without signing in",
        severity=Severity.HIGH,
        category="public-storage",
        what="anonymous pull",
        where={
            Framework.TERRAFORM: {_TF: ("anonymous_pull_enabled",)},
            Framework.ARM: {_ARM: ("properties", "anonymousPullEnabled")},
        },
        expect=Disabled(),
        doc=_doc(
            "Flags container registries that allow anonymous pulls: "
            "`anonymous_pull_enabled = true` (ARM `anonymousPullEnabled`). It is off by "
            "default.",
            "Anyone on the internet can download every image, including the secrets, internal "
            "hostnames and proprietary code baked into their layers.",
            "  anonymous_pull_enabled = true\n",
            "  anonymous_pull_enabled = false\n",
        ),
        remediation="""
Require authentication to pull.

```hcl
resource "azurerm_container_registry" "main" {
  name                   = "acmeregistry"
  sku                    = "Premium"
  anonymous_pull_enabled = false
}
```

In an ARM template set `"anonymousPullEnabled": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-14"]},
        equivalents={"checkov": ["CKV_AZURE_138"]},
        references=[_REFERENCE + "anonymous-pull-access"],
    )
)

ACR_PUBLIC_NETWORK_ACCESS = setting_check(
    SettingRule(
        id="IAC-AZURE-CONTAINERREGISTRY-003",
        name="acr-public-network-access",
        title="Container registry is reachable from public networks",
        severity=Severity.LOW,
        category="network",
        what="public network access",
        where={
            Framework.TERRAFORM: {_TF: ("public_network_access_enabled",)},
            Framework.ARM: {_ARM: ("properties", "publicNetworkAccess")},
        },
        expect=Disabled(default=True),
        doc=_doc(
            "Flags container registries reachable from public networks: "
            "`public_network_access_enabled` (ARM `publicNetworkAccess`) true or not written, "
            "which is the default. Disabling it needs the Premium SKU and private endpoints.",
            "A registry on the internet can be reached with any leaked credential from "
            "anywhere; private endpoints keep image pulls and pushes inside your networks.",
            "",
            "  public_network_access_enabled = false\n",
        ),
        remediation="""
Reach the registry through private endpoints and disable public access.

```hcl
resource "azurerm_container_registry" "main" {
  name                          = "acmeregistry"
  sku                           = "Premium"
  public_network_access_enabled = false
}
```

In an ARM template set `"publicNetworkAccess": "Disabled"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_139"]},
        references=[_REFERENCE + "container-registry-private-link"],
    )
)
