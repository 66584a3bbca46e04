from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

REQUIRED_CATEGORIES = ("Write", "Delete", "Action")


@check(
    id="IAC-AZURE-MONITOR-002",
    name="log-profile-missing-categories",
    title="Activity log profile does not capture every category",
    severity=Severity.LOW,
    category="logging",
    targets={
        Framework.TERRAFORM: ["azurerm_monitor_log_profile"],
        Framework.ARM: ["Microsoft.Insights/logprofiles"],
    },
    remediation="""
        Capture Write, Delete and Action events.

        ```hcl
        resource "azurerm_monitor_log_profile" "main" {
          name               = "default"
          categories         = ["Action", "Delete", "Write"]
          locations          = ["global", "westeurope"]
          storage_account_id = azurerm_storage_account.logs.id
        }
        ```

        In an ARM template set `"categories": ["Write", "Delete", "Action"]` under
        `properties`.
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV_AZURE_38"]},
    references=["https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log"],
)
def log_profile_missing_categories(profile: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags activity log profiles whose `categories` (ARM `properties.categories`) leave out
    `Write`, `Delete` or `Action`. A list with unknown elements is not reported.

    ## Why is this bad?
    Each category records a different kind of control-plane change; leaving one out hides,
    for example, every deletion (`Delete`) or every key listing and VM restart (`Action`)
    from the archived log.

    ## Example
    ```hcl
    resource "azurerm_monitor_log_profile" "main" {
      name       = "default"
      categories = ["Write"]
      locations  = ["global"]
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_monitor_log_profile" "main" {
      name       = "default"
      categories = ["Action", "Delete", "Write"]
      locations  = ["global"]
    }
    ```
    """
    path = ("properties", "categories") if profile.framework is Framework.ARM else ("categories",)
    categories = profile.field(*path)
    if not categories.known or not isinstance(categories.value, list):
        return
    written = {text.strip().lower() for text in map(as_str, categories.value) if text}
    missing = [name for name in REQUIRED_CATEGORIES if name.lower() not in written]
    if missing:
        yield Violation(at=categories, message=f"categories leave out {', '.join(missing)}")
