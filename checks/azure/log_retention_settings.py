"""Log retention settings: NSG flow logs (at least 90 days) and activity log profiles (at
least 365 days). Both write `retention_policy { enabled, days }` (ARM `retentionPolicy`),
where a disabled policy or 0 days keeps the logs forever."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.azure_fields import RetentionAtLeast


def _retention_enabled(resource: Resource) -> bool:
    """Only an enabled retention policy deletes anything; a disabled one keeps logs forever."""
    if resource.framework is Framework.ARM:
        enabled = resource.get("properties", "retentionPolicy", "enabled")
    else:
        enabled = resource.get("retention_policy", 0, "enabled")
    return as_bool(enabled) is True


FLOW_LOG_RETENTION_TOO_SHORT = setting_check(
    SettingRule(
        id="IAC-AZURE-NETWORK-013",
        name="nsg-flow-log-retention-too-short",
        title="Network security group flow logs are kept for less than 90 days",
        severity=Severity.LOW,
        category="logging",
        what="the flow log retention",
        where={
            Framework.TERRAFORM: {
                "azurerm_network_watcher_flow_log": ("retention_policy", 0, "days"),
            },
            Framework.ARM: {
                "Microsoft.Network/networkWatchers/flowLogs": (
                    "properties",
                    "retentionPolicy",
                    "days",
                ),
            },
        },
        expect=RetentionAtLeast(90),
        applies=_retention_enabled,
        doc=Doc(
            what_it_does="""
Flags network flow logs whose retention policy deletes records after fewer than 90 days:
`retention_policy { enabled = true, days = N }` with N between 1 and 89 (ARM
`retentionPolicy`). A disabled policy or 0 days keeps the logs forever.
""",
            why_is_this_bad="""
Flow logs show which addresses talked to which hosts; intrusions are often found months
later, when logs kept for a few days no longer show how the attacker got in.
""",
            example="""
```hcl
resource "azurerm_network_watcher_flow_log" "app" {
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  name                 = "app-nsg-flows"
  target_resource_id   = azurerm_network_security_group.app.id
  storage_account_id   = azurerm_storage_account.logs.id
  enabled              = true

  retention_policy {
    enabled = true
    days    = 7
  }
}
```
""",
            use_instead="""
```hcl
resource "azurerm_network_watcher_flow_log" "app" {
  network_watcher_name = "NetworkWatcher_westeurope"
  resource_group_name  = "NetworkWatcherRG"
  name                 = "app-nsg-flows"
  target_resource_id   = azurerm_network_security_group.app.id
  storage_account_id   = azurerm_storage_account.logs.id
  enabled              = true

  retention_policy {
    enabled = true
    days    = 90
  }
}
```
""",
        ),
        remediation="""
Keep flow logs for at least 90 days.

```hcl
retention_policy {
  enabled = true
  days    = 90
}
```

In an ARM template set `"retentionPolicy": {"enabled": true, "days": 90}` under `properties`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["6.5"], "nist-800-53-r5": ["AU-11"]},
        equivalents={"checkov": ["CKV_AZURE_12"]},
        references=[
            "https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-overview",
        ],
    )
)

LOG_PROFILE_RETENTION_TOO_SHORT = setting_check(
    SettingRule(
        id="IAC-AZURE-MONITOR-001",
        name="log-profile-retention-too-short",
        title="Activity log profile keeps logs for less than a year",
        severity=Severity.LOW,
        category="logging",
        what="the activity log retention",
        where={
            Framework.TERRAFORM: {"azurerm_monitor_log_profile": ("retention_policy", 0, "days")},
            Framework.ARM: {
                "Microsoft.Insights/logprofiles": ("properties", "retentionPolicy", "days"),
            },
        },
        expect=RetentionAtLeast(365),
        applies=_retention_enabled,
        doc=Doc(
            what_it_does="""
Flags activity log profiles whose retention policy deletes records after fewer than 365
days: `retention_policy { enabled = true, days = N }` with N between 1 and 364 (ARM
`retentionPolicy`). A disabled policy or 0 days keeps the logs forever.
""",
            why_is_this_bad="""
The activity log records who created, changed or deleted which resource; investigations
and audits often need a year of it.
""",
            example="""
```hcl
resource "azurerm_monitor_log_profile" "main" {
  name               = "default"
  categories         = ["Action", "Delete", "Write"]
  locations          = ["global", "westeurope"]
  storage_account_id = azurerm_storage_account.logs.id

  retention_policy {
    enabled = true
    days    = 30
  }
}
```
""",
            use_instead="""
```hcl
resource "azurerm_monitor_log_profile" "main" {
  name               = "default"
  categories         = ["Action", "Delete", "Write"]
  locations          = ["global", "westeurope"]
  storage_account_id = azurerm_storage_account.logs.id

  retention_policy {
    enabled = true
    days    = 365
  }
}
```
""",
        ),
        remediation="""
Keep the activity log for at least a year.

```hcl
retention_policy {
  enabled = true
  days    = 365
}
```

In an ARM template set `"retentionPolicy": {"enabled": true, "days": 365}` under
`properties`.
""",
        compliance={"nist-800-53-r5": ["AU-11"]},
        equivalents={"checkov": ["CKV_AZURE_37"]},
        references=[
            "https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log",
        ],
    )
)
