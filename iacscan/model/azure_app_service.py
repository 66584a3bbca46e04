"""App Service web and function apps, from Terraform azurerm and ARM.

azurerm has two generations of app resources: the legacy `azurerm_app_service` and
`azurerm_function_app` (with `site_config.min_tls_version`) and the current
`azurerm_{linux,windows}_{web,function}_app` (with `site_config.minimum_tls_version`); ARM
writes `siteConfig` inside `Microsoft.Web/sites` or as a separate `Microsoft.Web/sites/config`
resource named `<app>/web`. `site_config_setting` says where one site setting lives for all
of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from iacscan.graph.model import Framework, PathPart, Resource

SettingPath = tuple[PathPart, ...]

LEGACY_WEB = ("azurerm_app_service", "azurerm_app_service_slot")
LEGACY_FUNCTION = ("azurerm_function_app", "azurerm_function_app_slot")
CURRENT_WEB = (
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_linux_web_app_slot",
    "azurerm_windows_web_app_slot",
)
CURRENT_FUNCTION = (
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_linux_function_app_slot",
    "azurerm_windows_function_app_slot",
)
SITES = ("Microsoft.Web/sites", "Microsoft.Web/sites/slots")
WEB_CONFIG = ("Microsoft.Web/sites/config", "Microsoft.Web/sites/slots/config")


def same_path(types: Iterable[str], path: SettingPath) -> dict[str, SettingPath]:
    return {t: path for t in types}


def site_config_setting(
    legacy: str, current: str, arm: str, *tail: PathPart
) -> dict[Framework, dict[str, SettingPath]]:
    """Where a `site_config` setting (and an optional path below it) lives for every app
    type of both formats."""
    return {
        Framework.TERRAFORM: {
            **same_path(LEGACY_WEB + LEGACY_FUNCTION, ("site_config", 0, legacy, *tail)),
            **same_path(CURRENT_WEB + CURRENT_FUNCTION, ("site_config", 0, current, *tail)),
        },
        Framework.ARM: {
            **same_path(SITES, ("properties", "siteConfig", arm, *tail)),
            **same_path(WEB_CONFIG, ("properties", arm, *tail)),
        },
    }


def is_site_settings_target(resource: Resource) -> bool:
    """`Microsoft.Web/sites/config` also holds app settings, auth and logs; only the `web`
    config carries site settings."""
    if resource.type.lower().endswith("/config"):
        return resource.name.rsplit("/", 1)[-1].lower() == "web"
    return True
