from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.azure_fields import setting
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AZURE-APPSERVICE-001",
    name="app-service-https-only",
    title="App Service app accepts unencrypted HTTP requests",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: [
            "azurerm_linux_web_app",
            "azurerm_windows_web_app",
            "azurerm_linux_web_app_slot",
            "azurerm_windows_web_app_slot",
            "azurerm_app_service",
            "azurerm_app_service_slot",
            "azurerm_linux_function_app",
            "azurerm_windows_function_app",
            "azurerm_linux_function_app_slot",
            "azurerm_windows_function_app_slot",
            "azurerm_function_app",
            "azurerm_function_app_slot",
        ],
        Framework.ARM: ["Microsoft.Web/sites", "Microsoft.Web/sites/slots"],
    },
    remediation="""
        Redirect every HTTP request to HTTPS.

        ```hcl
        resource "azurerm_linux_web_app" "shop" {
          name                = "acme-shop"
          resource_group_name = azurerm_resource_group.main.name
          location            = "westeurope"
          service_plan_id     = azurerm_service_plan.main.id
          https_only          = true

          site_config {}
        }
        ```

        In an ARM template set `"httpsOnly": true` under `properties`.
    """,
    compliance={
        "cis-azure-foundations-1.5.0": ["9.2"],
        "nist-800-53-r5": ["SC-8", "SC-8(1)"],
        "pci-dss-4.0": ["4.2.1"],
    },
    equivalents={
        "checkov": ["CKV_AZURE_14", "CKV_AZURE_70"],
        "tfsec": ["azure-appservice-enforce-https"],
    },
    references=[
        "https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https",
    ],
)
def app_service_https_only(app: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags App Service web apps, function apps and their deployment slots that serve plain
    HTTP: `https_only` (ARM `httpsOnly`) false or not written, which is the default.

    ## Why is this bad?
    Over HTTP, session cookies, tokens and form data travel in clear text; anyone on the
    network path can read or change them, and users can be downgraded from HTTPS links.

    ## Example
    ```hcl
    resource "azurerm_linux_web_app" "shop" {
      name            = "acme-shop"
      service_plan_id = azurerm_service_plan.main.id
      site_config {}
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_linux_web_app" "shop" {
      name            = "acme-shop"
      service_plan_id = azurerm_service_plan.main.id
      https_only      = true
      site_config {}
    }
    ```
    """
    https_only = setting(app, terraform=["https_only"], arm=("httpsOnly",))
    yield from require_enabled(https_only, "HTTPS-only")
