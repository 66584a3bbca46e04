"""App Service CORS settings: every origin allowed."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_app_service import (
    SITES,
    WEB_CONFIG,
    is_site_settings_target,
    same_path,
    site_config_setting,
)

APP_SERVICE_CORS_ALLOWS_ALL = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-017",
        name="app-service-cors-allows-all-origins",
        title="App Service app lets every website call it from the browser",
        severity=Severity.MEDIUM,
        category="public-endpoint",
        what="an allowed CORS origin",
        where={
            Framework.TERRAFORM: site_config_setting(
                "cors", "cors", "cors", 0, "allowed_origins", EACH
            )[Framework.TERRAFORM],
            Framework.ARM: {
                **same_path(SITES, ("properties", "siteConfig", "cors", "allowedOrigins", EACH)),
                **same_path(WEB_CONFIG, ("properties", "cors", "allowedOrigins", EACH)),
            },
        },
        expect=NoneOf(frozenset({"*"})),
        applies=is_site_settings_target,
        doc=Doc(
            'Flags web and function apps whose CORS `allowed_origins` include `"*"` '
            "(`site_config.cors`, ARM `siteConfig.cors.allowedOrigins`).",
            "A wildcard origin lets scripts on any website call the app from a visitor's "
            "browser; combined with cookie or token authentication, a malicious page can act "
            "on behalf of signed-in users and read their data.",
            '```hcl\nsite_config {\n  cors {\n    allowed_origins = ["*"]\n  }\n}\n```',
            '```hcl\nsite_config {\n  cors {\n    allowed_origins = ["https://www.example.com"]\n'
            "  }\n}\n```",
        ),
        remediation="""
List the origins that may call the app.

```hcl
site_config {
  cors {
    allowed_origins = ["https://www.example.com"]
  }
}
```

In an ARM template list the origins in `siteConfig.cors.allowedOrigins`.
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_57", "CKV_AZURE_62"]},
        references=[
            "https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-rest-api"
        ],
    )
)
