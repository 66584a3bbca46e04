"""App Service (web and function app) settings: minimum TLS version, FTP, HTTP/2, client
certificates, managed identity and remote debugging (one row each). Where each setting lives
per app type: `iacscan.model.azure_app_service`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Severity, Violation
from iacscan.check_table import (
    Disabled,
    Doc,
    Enabled,
    NoneOf,
    Present,
    SettingPath,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Field, Framework
from iacscan.model.azure_app_service import (
    CURRENT_FUNCTION,
    CURRENT_WEB,
    LEGACY_FUNCTION,
    LEGACY_WEB,
    SITES,
    is_site_settings_target,
    same_path,
    site_config_setting,
)
from iacscan.model.azure_fields import PerFramework

_REFERENCE = "https://learn.microsoft.com/azure/app-service/"
_LEGACY_APPS = frozenset(LEGACY_WEB + LEGACY_FUNCTION)


@dataclass(frozen=True, slots=True)
class _FtpState:
    """`AllAllowed` is plain FTP. Unwritten, the current azurerm app resources default to
    `Disabled`, while the legacy `azurerm_app_service` / `azurerm_function_app` leave Azure's
    own default, `AllAllowed`. ARM keeps Azure's default too, but `siteConfig` may sit in a
    separate `sites/config` resource, so only a written ARM value is judged (as for the other
    site settings here)."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if field.present:
            yield from NoneOf(frozenset({"AllAllowed"})).judge(field, what)
            return
        resource = field.resource
        if resource.framework is Framework.TERRAFORM and resource.type in _LEGACY_APPS:
            yield Violation(
                at=field, message=f"{what} is not set (the default, AllAllowed, allows plain FTP)"
            )


def _app_doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "azurerm_linux_web_app" "shop" {\n'
        '  name            = "acme-shop"\n'
        "  service_plan_id = azurerm_service_plan.main.id\n"
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


APP_SERVICE_MIN_TLS_BELOW_1_2 = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-010",
        name="app-service-min-tls-below-1-2",
        title="App Service app accepts TLS versions older than 1.2",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the minimum TLS version",
        where=site_config_setting("min_tls_version", "minimum_tls_version", "minTlsVersion"),
        expect=NoneOf(frozenset({"1.0", "1.1"})),
        applies=is_site_settings_target,
        doc=_app_doc(
            "Flags web and function apps whose minimum inbound TLS version is `1.0` or `1.1`: "
            "`site_config.minimum_tls_version` (legacy resources: `min_tls_version`; ARM "
            "`siteConfig.minTlsVersion` or a `sites/config` `web` resource). The default is "
            "1.2, so an unwritten value is fine.",
            "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); clients "
            "that still use them can be downgraded and their traffic read.",
            '\n  site_config {\n    minimum_tls_version = "1.0"\n  }\n',
            '\n  site_config {\n    minimum_tls_version = "1.2"\n  }\n',
        ),
        remediation="""
Require TLS 1.2 or later (the default).

```hcl
site_config {
  minimum_tls_version = "1.2" # min_tls_version on azurerm_app_service / azurerm_function_app
}
```

In an ARM template set `"minTlsVersion": "1.2"` in `siteConfig`.
""",
        compliance={
            "cis-azure-foundations-2.0.0": ["9.3"],
            "nist-800-53-r5": ["SC-8", "SC-13"],
            "pci-dss-4.0": ["4.2.1"],
        },
        equivalents={
            "checkov": ["CKV_AZURE_15", "CKV_AZURE_145"],
            "tfsec": ["azure-appservice-use-secure-tls-policy"],
        },
        references=[_REFERENCE + "overview-tls"],
    )
)

APP_SERVICE_FTP_ALLOWED = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-011",
        name="app-service-ftp-allowed",
        title="App Service app accepts deployments over plain FTP",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the FTP state",
        where=site_config_setting("ftps_state", "ftps_state", "ftpsState"),
        expect=_FtpState(),
        applies=is_site_settings_target,
        doc=_app_doc(
            "Flags web and function apps that accept plain FTP: `site_config.ftps_state = "
            '"AllAllowed"` (ARM `ftpsState`). `FtpsOnly` and `Disabled` are fine. An '
            "unwritten value is reported only where its default is `AllAllowed`: on the "
            "legacy `azurerm_app_service` and `azurerm_function_app` (and their slots), which "
            "keep Azure's default. The current `azurerm_{linux,windows}_{web,function}_app` "
            "resources default to `Disabled`. In ARM only a written value is judged, since "
            "`siteConfig` may sit in a separate `sites/config` resource.",
            "FTP sends the deployment credentials and the application code in clear text; "
            "anyone on the path can steal the credentials and replace the code.",
            '\n  site_config {\n    ftps_state = "AllAllowed"\n  }\n',
            '\n  site_config {\n    ftps_state = "Disabled"\n  }\n',
        ),
        remediation="""
Disable FTP (or allow FTPS only).

```hcl
site_config {
  ftps_state = "Disabled"
}
```

In an ARM template set `"ftpsState": "Disabled"` (or `"FtpsOnly"`) in `siteConfig`.
""",
        compliance={
            "cis-azure-foundations-2.0.0": ["9.10"],
            "nist-800-53-r5": ["SC-8", "CM-7"],
        },
        equivalents={"checkov": ["CKV_AZURE_78"]},
        references=[_REFERENCE + "deploy-ftp"],
    )
)

APP_SERVICE_HTTP2_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-012",
        name="app-service-http2-disabled",
        title="App Service app does not use HTTP/2",
        severity=Severity.LOW,
        category="encryption",
        what="HTTP/2",
        where=site_config_setting("http2_enabled", "http2_enabled", "http20Enabled"),
        expect=PerFramework({Framework.TERRAFORM: Enabled(), Framework.ARM: Enabled(default=True)}),
        applies=is_site_settings_target,
        doc=_app_doc(
            "Flags web and function apps without HTTP/2: `site_config.http2_enabled` false or "
            "not written (the default is off). In ARM only an explicit `http20Enabled: false` "
            "is reported, since the setting may sit in a separate `sites/config` resource.",
            "HTTP/2 requires TLS 1.2 with modern cipher suites and fixes head-of-line "
            "blocking; staying on HTTP/1.1 keeps older, weaker negotiation paths in use.",
            "\n  site_config {}\n",
            "\n  site_config {\n    http2_enabled = true\n  }\n",
        ),
        remediation="""
Turn on HTTP/2.

```hcl
site_config {
  http2_enabled = true
}
```

In an ARM template set `"http20Enabled": true` in `siteConfig`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["9.9"], "nist-800-53-r5": ["SC-8"]},
        equivalents={
            "checkov": ["CKV_AZURE_18"],
            "tfsec": ["azure-appservice-enable-http2"],
        },
        references=[_REFERENCE + "configure-common"],
    )
)

APP_SERVICE_REMOTE_DEBUGGING_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-015",
        name="app-service-remote-debugging-enabled",
        title="App Service app has remote debugging turned on",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="remote debugging",
        where=site_config_setting(
            "remote_debugging_enabled", "remote_debugging_enabled", "remoteDebuggingEnabled"
        ),
        expect=Disabled(),
        applies=is_site_settings_target,
        doc=_app_doc(
            "Flags web and function apps with remote debugging on: "
            "`site_config.remote_debugging_enabled = true` (ARM `remoteDebuggingEnabled`). "
            "It is off by default.",
            "Remote debugging opens extra inbound ports and lets whoever attaches read memory "
            "and change the running code; it is meant for short sessions, not for configuration "
            "kept in code.",
            "\n  site_config {\n    remote_debugging_enabled = true\n  }\n",
            "\n  site_config {\n    remote_debugging_enabled = false\n  }\n",
        ),
        remediation="""
Turn remote debugging off.

```hcl
site_config {
  remote_debugging_enabled = false
}
```

In an ARM template set `"remoteDebuggingEnabled": false` in `siteConfig`.
""",
        compliance={"nist-800-53-r5": ["CM-7"]},
        equivalents={"checkov": ["CKV_AZURE_72"]},
        references=[_REFERENCE + "configure-common"],
    )
)

_CLIENT_CERT: dict[str, SettingPath] = {
    **same_path(LEGACY_WEB, ("client_cert_enabled",)),
    **same_path(CURRENT_WEB, ("client_certificate_enabled",)),
}

APP_SERVICE_CLIENT_CERT_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-013",
        name="app-service-client-cert-disabled",
        title="App Service web app does not request client certificates",
        severity=Severity.LOW,
        category="iam",
        what="client certificates",
        where={
            Framework.TERRAFORM: _CLIENT_CERT,
            Framework.ARM: same_path(SITES, ("properties", "clientCertEnabled")),
        },
        expect=Enabled(),
        doc=_app_doc(
            "Flags web apps that do not request client certificates: "
            "`client_certificate_enabled` (legacy `client_cert_enabled`; ARM "
            "`clientCertEnabled`) false or not written, which is the default. Apps meant for "
            "anonymous browsers legitimately leave it off; suppress the finding there.",
            "Without mutual TLS, any client that reaches the app can talk to it; a client "
            "certificate proves the caller is one of yours before the application runs.",
            "",
            '  client_certificate_enabled = true\n  client_certificate_mode    = "Required"\n',
        ),
        remediation="""
Require client certificates for apps that serve known clients only.

```hcl
resource "azurerm_linux_web_app" "api" {
  name                       = "acme-api"
  service_plan_id            = azurerm_service_plan.main.id
  client_certificate_enabled = true
  client_certificate_mode    = "Required"
  site_config {}
}
```

In an ARM template set `"clientCertEnabled": true` under `properties`.
""",
        compliance={"cis-azure-foundations-2.0.0": ["9.4"], "nist-800-53-r5": ["IA-3"]},
        equivalents={
            "checkov": ["CKV_AZURE_17"],
            "tfsec": ["azure-appservice-require-client-cert"],
        },
        references=[_REFERENCE + "app-service-web-configure-tls-mutual-auth"],
    )
)

APP_SERVICE_NO_MANAGED_IDENTITY = setting_check(
    SettingRule(
        id="IAC-AZURE-APPSERVICE-014",
        name="app-service-no-managed-identity",
        title="App Service app has no managed identity",
        severity=Severity.LOW,
        category="iam",
        what="a managed identity",
        where={
            Framework.TERRAFORM: same_path(
                LEGACY_WEB + LEGACY_FUNCTION + CURRENT_WEB + CURRENT_FUNCTION,
                ("identity",),
            ),
            Framework.ARM: same_path(SITES, ("identity",)),
        },
        expect=Present(),
        doc=_app_doc(
            "Flags web and function apps without a managed identity: no `identity` block "
            "(ARM top-level `identity`).",
            "Without a managed identity the app reaches databases, storage and Key Vault with "
            "secrets kept in app settings or code, which leak and are rarely rotated.",
            "",
            '\n  identity {\n    type = "SystemAssigned"\n  }\n',
        ),
        remediation="""
Give the app a managed identity and grant it the roles it needs.

```hcl
identity {
  type = "SystemAssigned"
}
```

In an ARM template add `"identity": {"type": "SystemAssigned"}` to the site.
""",
        compliance={"cis-azure-foundations-2.0.0": ["9.5"], "nist-800-53-r5": ["IA-5", "IA-9"]},
        equivalents={
            "checkov": ["CKV_AZURE_16", "CKV_AZURE_71"],
            "tfsec": ["azure-appservice-account-identity-registered"],
        },
        references=[_REFERENCE + "overview-managed-identity"],
    )
)
