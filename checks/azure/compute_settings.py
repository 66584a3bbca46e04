"""Virtual machine settings: Linux password sign-in, Windows automatic updates and
encryption at host (one row each), for single VMs and scale sets of both azurerm
generations."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, SettingPath, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName

_VM_ARM = "Microsoft.Compute/virtualMachines"
_VMSS_ARM = "Microsoft.Compute/virtualMachineScaleSets"
_VMSS_OS: SettingPath = ("properties", "virtualMachineProfile", "osProfile")

VM_LINUX_PASSWORD_AUTHENTICATION = setting_check(
    SettingRule(
        id="IAC-AZURE-COMPUTE-001",
        name="vm-linux-password-authentication",
        title="Linux virtual machine allows password sign-in over SSH",
        severity=Severity.MEDIUM,
        category="iam",
        what="disabling password authentication",
        where={
            Framework.TERRAFORM: {
                "azurerm_linux_virtual_machine": ("disable_password_authentication",),
                "azurerm_linux_virtual_machine_scale_set": ("disable_password_authentication",),
                "azurerm_virtual_machine": (
                    "os_profile_linux_config",
                    0,
                    "disable_password_authentication",
                ),
                "azurerm_virtual_machine_scale_set": (
                    "os_profile_linux_config",
                    0,
                    "disable_password_authentication",
                ),
            },
            Framework.ARM: {
                _VM_ARM: (
                    "properties",
                    "osProfile",
                    "linuxConfiguration",
                    "disablePasswordAuthentication",
                ),
                _VMSS_ARM: (*_VMSS_OS, "linuxConfiguration", "disablePasswordAuthentication"),
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags Linux virtual machines and scale sets that accept SSH passwords:
`disable_password_authentication = false` (legacy `azurerm_virtual_machine`:
`os_profile_linux_config.disable_password_authentication`; ARM
`osProfile.linuxConfiguration.disablePasswordAuthentication`). azurerm disables passwords
by default; an unwritten ARM value is not reported.
""",
            why_is_this_bad="""
SSH passwords can be guessed and are brute-forced constantly on any reachable VM; SSH keys
cannot be guessed and are not reused across services.
""",
            example="""
```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name                            = "app-vm"
  admin_username                  = "azureuser"
  admin_password                  = var.admin_password
  disable_password_authentication = false
}
```
""",
            use_instead="""
```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name           = "app-vm"
  admin_username = "azureuser"

  admin_ssh_key {
    username   = "azureuser"
    public_key = file("~/.ssh/id_ed25519.pub")
  }
}
```
""",
        ),
        remediation="""
Sign in with SSH keys (or Microsoft Entra ID login) and keep passwords disabled.

```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name                            = "app-vm"
  admin_username                  = "azureuser"
  disable_password_authentication = true

  admin_ssh_key {
    username   = "azureuser"
    public_key = file("~/.ssh/id_ed25519.pub")
  }
}
```

In an ARM template set `"disablePasswordAuthentication": true` in
`osProfile.linuxConfiguration`.
""",
        compliance={"nist-800-53-r5": ["IA-2", "IA-5"]},
        equivalents={"checkov": ["CKV_AZURE_149", "CKV_AZURE_1", "CKV_AZURE_49"]},
        references=[
            "https://learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed"
        ],
    )
)

VM_WINDOWS_AUTOMATIC_UPDATES_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-COMPUTE-002",
        name="vm-windows-automatic-updates-disabled",
        title="Windows virtual machine does not install updates automatically",
        severity=Severity.LOW,
        category="workload-security",
        what="automatic updates",
        where={
            Framework.TERRAFORM: {
                "azurerm_windows_virtual_machine": ("automatic_updates_enabled",),
                "azurerm_windows_virtual_machine_scale_set": ("automatic_updates_enabled",),
            },
            Framework.ARM: {
                _VM_ARM: (
                    "properties",
                    "osProfile",
                    "windowsConfiguration",
                    "enableAutomaticUpdates",
                ),
                _VMSS_ARM: (*_VMSS_OS, "windowsConfiguration", "enableAutomaticUpdates"),
            },
        },
        expect=OrOlderName(Enabled(default=True), older=(("enable_automatic_updates",),)),
        doc=Doc(
            what_it_does="""
Flags Windows virtual machines and scale sets with automatic updates turned off:
`automatic_updates_enabled = false` (azurerm v3: `enable_automatic_updates`; ARM
`osProfile.windowsConfiguration.enableAutomaticUpdates`). They are on by default.
""",
            why_is_this_bad="""
Unpatched Windows hosts stay exposed to published, actively exploited vulnerabilities until
someone remembers to patch them.
""",
            example="""
```hcl
resource "azurerm_windows_virtual_machine" "app" {
  name                      = "app-vm"
  automatic_updates_enabled = false
}
```
""",
            use_instead="""
```hcl
resource "azurerm_windows_virtual_machine" "app" {
  name                      = "app-vm"
  automatic_updates_enabled = true
  patch_mode                = "AutomaticByPlatform"
}
```
""",
        ),
        remediation="""
Keep automatic updates on (or use Azure Update Manager with `patch_mode =
"AutomaticByPlatform"`).

```hcl
resource "azurerm_windows_virtual_machine" "app" {
  name                      = "app-vm"
  automatic_updates_enabled = true # enable_automatic_updates in azurerm v3
}
```

In an ARM template set `"enableAutomaticUpdates": true` in
`osProfile.windowsConfiguration`.
""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        equivalents={"checkov": ["CKV_AZURE_177"]},
        references=[
            "https://learn.microsoft.com/azure/virtual-machines/automatic-vm-guest-patching"
        ],
    )
)

VM_ENCRYPTION_AT_HOST_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-COMPUTE-003",
        name="vm-encryption-at-host-disabled",
        title="Virtual machine does not encrypt temp disks and caches at the host",
        severity=Severity.LOW,
        category="encryption",
        what="encryption at host",
        where={
            Framework.TERRAFORM: {
                "azurerm_linux_virtual_machine": ("encryption_at_host_enabled",),
                "azurerm_windows_virtual_machine": ("encryption_at_host_enabled",),
                "azurerm_linux_virtual_machine_scale_set": ("encryption_at_host_enabled",),
                "azurerm_windows_virtual_machine_scale_set": ("encryption_at_host_enabled",),
            },
            Framework.ARM: {
                _VM_ARM: ("properties", "securityProfile", "encryptionAtHost"),
                _VMSS_ARM: (
                    "properties",
                    "virtualMachineProfile",
                    "securityProfile",
                    "encryptionAtHost",
                ),
            },
        },
        expect=Enabled(),
        doc=Doc(
            what_it_does="""
Flags virtual machines and scale sets without encryption at host:
`encryption_at_host_enabled` (ARM `securityProfile.encryptionAtHost`) false or not written,
which is the default.
""",
            why_is_this_bad="""
Managed disks are encrypted at rest, but temporary disks, ephemeral OS disks and disk caches
on the host are not unless encryption at host is on; data written there can be recovered
from the physical host.
""",
            example="""
```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name = "app-vm"
  size = "Standard_D4s_v5"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name                       = "app-vm"
  size                       = "Standard_D4s_v5"
  encryption_at_host_enabled = true
}
```
""",
        ),
        remediation="""
Enable encryption at host (register the `EncryptionAtHost` feature on the subscription
once).

```hcl
resource "azurerm_linux_virtual_machine" "app" {
  name                       = "app-vm"
  size                       = "Standard_D4s_v5"
  encryption_at_host_enabled = true
}
```

In an ARM template set `"securityProfile": {"encryptionAtHost": true}` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AZURE_97", "CKV_AZURE_151"]},
        references=[
            "https://learn.microsoft.com/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data"
        ],
    )
)
