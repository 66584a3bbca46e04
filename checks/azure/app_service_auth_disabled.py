from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.azure_fields import attached

_WEB_APPS_TF = (
    "azurerm_app_service",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_function_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
)
_SITE_ARM = "Microsoft.Web/sites"
_CONFIG_ARM = "Microsoft.Web/sites/config"
_AUTH_CONFIGS = {"authsettings": ("properties", "enabled"), "authsettingsv2": None}


@check(
    id="IAC-AZURE-APPSERVICE-016",
    name="app-service-auth-disabled",
    title="App Service app does not use App Service Authentication",
    severity=Severity.LOW,
    category="iam",
    targets={Framework.TERRAFORM: list(_WEB_APPS_TF), Framework.ARM: [_SITE_ARM, _CONFIG_ARM]},
    remediation="""
        Turn on App Service Authentication (Easy Auth) with your identity provider.

        ```hcl
        auth_settings_v2 {
          auth_enabled           = true
          require_authentication = true
          unauthenticated_action = "RedirectToLoginPage"

          login {}

          active_directory_v2 {
            client_id            = var.client_id
            tenant_auth_endpoint = "https://login.microsoftonline.com/${var.tenant_id}/v2.0"
          }
        }
        ```

        In an ARM template add a `Microsoft.Web/sites/config` child named
        `<app>/authsettingsV2` with `"platform": {"enabled": true}`.
    """,
    compliance={"cis-azure-foundations-2.0.0": ["9.1"], "nist-800-53-r5": ["IA-2", "AC-3"]},
    equivalents={"checkov": ["CKV_AZURE_13", "CKV_AZURE_56"]},
    references=[
        "https://learn.microsoft.com/azure/app-service/overview-authentication-authorization"
    ],
)
def app_service_auth_disabled(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags web and function apps without App Service Authentication: no `auth_settings` /
    `auth_settings_v2` block, or `auth_settings.enabled` / `auth_settings_v2.auth_enabled`
    false. In ARM, sites without an `authsettings` / `authsettingsV2` config child, and
    config children that turn it off (`enabled: false`, `platform.enabled: false`). Apps that
    authenticate users in their own code, and public sites, do not need it: suppress the
    finding there.

    ## Why is this bad?
    Without platform authentication every request reaches the application code
    unauthenticated; one forgotten endpoint or framework bug then exposes data to anyone.

    ## Example
    ```hcl
    resource "azurerm_linux_web_app" "admin" {
      name            = "acme-admin"
      service_plan_id = azurerm_service_plan.main.id
      site_config {}
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_linux_web_app" "admin" {
      name            = "acme-admin"
      service_plan_id = azurerm_service_plan.main.id
      site_config {}

      auth_settings_v2 {
        auth_enabled           = true
        require_authentication = true
        login {}
      }
    }
    ```
    """
    if resource.framework is Framework.TERRAFORM:
        yield from _terraform(resource)
    elif resource.type.lower() == _CONFIG_ARM.lower():
        yield from _arm_config(resource)
    else:
        configs = attached(resource, context.graph, _CONFIG_ARM)
        if configs is None:
            return
        names = {c.name.rsplit("/", 1)[-1].lower() for c in configs}
        if not names & set(_AUTH_CONFIGS):
            yield Violation(at=resource, message="no authentication settings are configured")


def _terraform(app: Resource) -> Iterator[Violation]:
    v2 = app.field("auth_settings_v2", 0, "auth_enabled")
    v1 = app.field("auth_settings", 0, "enabled")
    for switch in (v2, v1):
        if switch.unknown or as_bool(switch.value) is True:
            return
    written = [f for f in (v2, v1) if f.present]
    if written:
        yield Violation(at=written[0], message="App Service Authentication is turned off")
        return
    # A block without its switch leaves authentication off (the default).
    blocks = [app.field(name) for name in ("auth_settings_v2", "auth_settings")]
    present = [block for block in blocks if block.present]
    if present:
        yield Violation(at=present[0], message="authentication is not enabled in the block")
    else:
        yield Violation(at=app, message="no authentication settings are configured")


def _arm_config(config: Resource) -> Iterator[Violation]:
    kind = config.name.rsplit("/", 1)[-1].lower()
    if kind not in _AUTH_CONFIGS:
        return
    switch: Field = (
        config.field("properties", "enabled")
        if kind == "authsettings"
        else config.field("properties", "platform", "enabled")
    )
    if as_bool(switch.value) is False:
        yield Violation(at=switch, message="App Service Authentication is turned off")
