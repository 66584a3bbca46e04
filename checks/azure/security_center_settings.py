"""Microsoft Defender for Cloud (Security Center) settings: plan tier and alert emails."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

_CONTACT_TF = "azurerm_security_center_contact"
_CONTACT_ARM = "Microsoft.Security/securityContacts"
_REFERENCE = "https://learn.microsoft.com/azure/defender-for-cloud/"
_CONTACT_EXAMPLE = """
```hcl
resource "azurerm_security_center_contact" "main" {{
  name                = "security"
  email               = "security@example.com"
  alert_notifications = {alerts}
  alerts_to_admins    = {admins}
}}
```
"""

SECURITY_CENTER_FREE_TIER = setting_check(
    SettingRule(
        id="IAC-AZURE-SECURITYCENTER-001",
        name="defender-plan-free-tier",
        title="Microsoft Defender for Cloud plan is on the free tier",
        severity=Severity.MEDIUM,
        category="logging",
        what="the Defender plan tier",
        where={
            Framework.TERRAFORM: {"azurerm_security_center_subscription_pricing": ("tier",)},
            Framework.ARM: {"Microsoft.Security/pricings": ("properties", "pricingTier")},
        },
        expect=OneOf(frozenset({"Standard"}), missing_ok=True),
        doc=Doc(
            what_it_does="""
Flags Defender for Cloud plans set to the free tier: `tier = "Free"` on
`azurerm_security_center_subscription_pricing` (ARM `pricingTier` on
`Microsoft.Security/pricings`).
""",
            why_is_this_bad="""
The free tier only assesses configuration; threat detection for servers, databases,
storage, containers and Key Vault (alerts on malware, brute force, data exfiltration) needs
the Standard tier.
""",
            example="""
```hcl
resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Free"
  resource_type = "VirtualMachines"
}
```
""",
            use_instead="""
```hcl
resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
```
""",
        ),
        remediation="""
Use the Standard tier for the plans that protect your workloads.

```hcl
resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
```

In an ARM template set `"pricingTier": "Standard"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SI-4", "RA-5"]},
        equivalents={
            "checkov": ["CKV_AZURE_19"],
            "tfsec": ["azure-securitycenter-enable-standard-subscription"],
        },
        references=[_REFERENCE + "defender-for-cloud-introduction"],
    )
)

SECURITY_CENTER_ALERT_EMAILS_OFF = setting_check(
    SettingRule(
        id="IAC-AZURE-SECURITYCENTER-002",
        name="defender-alert-notifications-off",
        title="Defender for Cloud does not email the security contact about alerts",
        severity=Severity.MEDIUM,
        category="logging",
        what="alert notifications",
        where={
            Framework.TERRAFORM: {_CONTACT_TF: ("alert_notifications",)},
            Framework.ARM: {_CONTACT_ARM: ("properties", "alertNotifications")},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags security contacts with alert emails off: `alert_notifications = false` (ARM
`"alertNotifications": "Off"`).
""",
            why_is_this_bad="""
High-severity alerts (an active attack, malware, a compromised identity) then reach nobody
unless someone happens to open the portal.
""",
            example=_CONTACT_EXAMPLE.format(alerts="false", admins="true"),
            use_instead=_CONTACT_EXAMPLE.format(alerts="true", admins="true"),
        ),
        remediation="""
Email the security contact about alerts.
"""
        + _CONTACT_EXAMPLE.format(alerts="true", admins="true")
        + """
In an ARM template set `"alertNotifications": "On"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["IR-6", "SI-4(5)"]},
        equivalents={
            "checkov": ["CKV_AZURE_21"],
            "tfsec": ["azure-securitycenter-alert-on-severe-notifications"],
        },
        references=[_REFERENCE + "configure-email-notifications"],
    )
)

SECURITY_CENTER_ADMIN_ALERTS_OFF = setting_check(
    SettingRule(
        id="IAC-AZURE-SECURITYCENTER-003",
        name="defender-admin-alerts-off",
        title="Defender for Cloud does not email subscription owners about alerts",
        severity=Severity.LOW,
        category="logging",
        what="alerts to subscription owners",
        where={
            Framework.TERRAFORM: {_CONTACT_TF: ("alerts_to_admins",)},
            Framework.ARM: {_CONTACT_ARM: ("properties", "alertsToAdmins")},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags security contacts that do not email subscription owners: `alerts_to_admins = false`
(ARM `"alertsToAdmins": "Off"`).
""",
            why_is_this_bad="""
Subscription owners can act on an alert (isolate a VM, revoke a key) faster than anyone
else; leaving them out delays the response.
""",
            example=_CONTACT_EXAMPLE.format(alerts="true", admins="false"),
            use_instead=_CONTACT_EXAMPLE.format(alerts="true", admins="true"),
        ),
        remediation="""
Email subscription owners about alerts too.
"""
        + _CONTACT_EXAMPLE.format(alerts="true", admins="true")
        + """
In an ARM template set `"alertsToAdmins": "On"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["IR-6"]},
        equivalents={"checkov": ["CKV_AZURE_22"]},
        references=[_REFERENCE + "configure-email-notifications"],
    )
)
