"""Azure Cache for Redis settings: the non-TLS port, the minimum TLS version and public
network access."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName, PerFramework

_TF = "azurerm_redis_cache"
_ARM = "Microsoft.Cache/redis"
_REFERENCE = "https://learn.microsoft.com/azure/azure-cache-for-redis/"


def _doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "azurerm_redis_cache" "main" {\n'
        '  name     = "acme-cache"\n'
        '  sku_name = "Standard"\n'
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


REDIS_NON_SSL_PORT_ENABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-REDIS-001",
        name="redis-non-ssl-port-enabled",
        title="Azure Cache for Redis accepts unencrypted connections on port 6379",
        severity=Severity.HIGH,
        category="encryption",
        what="the non-TLS port",
        where={
            Framework.TERRAFORM: {_TF: ("non_ssl_port_enabled",)},
            Framework.ARM: {_ARM: ("properties", "enableNonSslPort")},
        },
        expect=OrOlderName(Disabled(), older=(("enable_non_ssl_port",),)),
        doc=_doc(
            "Flags Redis caches with the plain-text port 6379 open: `non_ssl_port_enabled` "
            "(azurerm v3: `enable_non_ssl_port`; ARM `enableNonSslPort`) true. It is off by "
            "default.",
            "On the non-TLS port the access key and every cached value cross the network in "
            "clear text, readable and modifiable by anyone on the path.",
            "  non_ssl_port_enabled = true\n",
            "  non_ssl_port_enabled = false\n",
        ),
        remediation="""
Close the non-TLS port and connect on 6380 with TLS.

```hcl
resource "azurerm_redis_cache" "main" {
  name                 = "acme-cache"
  sku_name             = "Standard"
  non_ssl_port_enabled = false # enable_non_ssl_port in azurerm v3
}
```

In an ARM template set `"enableNonSslPort": false` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={"checkov": ["CKV_AZURE_91"]},
        references=[_REFERENCE + "cache-configure#access-ports"],
    )
)

REDIS_MIN_TLS_BELOW_1_2 = setting_check(
    SettingRule(
        id="IAC-AZURE-REDIS-002",
        name="redis-min-tls-below-1-2",
        title="Azure Cache for Redis accepts TLS versions older than 1.2",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the minimum TLS version",
        where={
            Framework.TERRAFORM: {_TF: ("minimum_tls_version",)},
            Framework.ARM: {_ARM: ("properties", "minimumTlsVersion")},
        },
        expect=NoneOf(frozenset({"1.0", "1.1"})),
        doc=_doc(
            "Flags Redis caches whose minimum TLS version is `1.0` or `1.1`: "
            "`minimum_tls_version` (ARM `minimumTlsVersion`). The azurerm default is `1.2` "
            "and Azure no longer offers older versions to new caches, so an unwritten value "
            "is not reported.",
            "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996).",
            '  minimum_tls_version = "1.0"\n',
            '  minimum_tls_version = "1.2"\n',
        ),
        remediation="""
Require TLS 1.2.

```hcl
resource "azurerm_redis_cache" "main" {
  name                = "acme-cache"
  sku_name            = "Standard"
  minimum_tls_version = "1.2"
}
```

In an ARM template set `"minimumTlsVersion": "1.2"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={"checkov": ["CKV_AZURE_148"]},
        references=[_REFERENCE + "cache-remove-tls-10-11"],
    )
)

REDIS_PUBLIC_NETWORK_ACCESS = setting_check(
    SettingRule(
        id="IAC-AZURE-REDIS-003",
        name="redis-public-network-access",
        title="Azure Cache for Redis is reachable from public networks",
        severity=Severity.LOW,
        category="network",
        what="public network access",
        where={
            Framework.TERRAFORM: {_TF: ("public_network_access_enabled",)},
            Framework.ARM: {_ARM: ("properties", "publicNetworkAccess")},
        },
        expect=Disabled(default=True),
        doc=_doc(
            "Flags Redis caches reachable from public networks: "
            "`public_network_access_enabled` (ARM `publicNetworkAccess`) true or not "
            "written, which is the default.",
            "A cache on the internet is one leaked access key away from having its data read "
            "or wiped; private endpoints keep it inside your networks.",
            "",
            "  public_network_access_enabled = false\n",
        ),
        remediation="""
Use private endpoints and disable public network access.

```hcl
resource "azurerm_redis_cache" "main" {
  name                          = "acme-cache"
  sku_name                      = "Standard"
  public_network_access_enabled = false
}
```

In an ARM template set `"publicNetworkAccess": "Disabled"` under `properties`.
""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AZURE_89"]},
        references=[_REFERENCE + "cache-private-link"],
    )
)

REDIS_AUTHENTICATION_DISABLED = setting_check(
    SettingRule(
        id="IAC-AZURE-REDIS-004",
        name="redis-authentication-disabled",
        title="Azure Cache for Redis accepts clients without authentication",
        severity=Severity.HIGH,
        category="iam",
        what="authentication",
        where={
            Framework.TERRAFORM: {_TF: ("redis_configuration", 0, "authentication_enabled")},
            Framework.ARM: {_ARM: ("properties", "redisConfiguration", "authnotrequired")},
        },
        # ARM spells it inverted: `authnotrequired: "true"` turns authentication off.
        expect=PerFramework(
            {Framework.TERRAFORM: Enabled(default=True), Framework.ARM: Disabled()}
        ),
        doc=_doc(
            "Flags Redis caches that accept unauthenticated clients: "
            "`redis_configuration.authentication_enabled = false` (ARM "
            '`redisConfiguration.authnotrequired = "true"`). Authentication is on by '
            "default.",
            "Without authentication anyone who can reach the cache endpoint can read, change "
            "or flush every key, and Redis commands such as CONFIG have been used to take "
            "over hosts.",
            "\n  redis_configuration {\n    authentication_enabled = false\n  }\n",
            "\n  redis_configuration {\n    authentication_enabled = true\n  }\n",
        ),
        remediation="""
Keep authentication on (access keys or Microsoft Entra ID).

```hcl
redis_configuration {
  authentication_enabled = true
}
```

In an ARM template remove `authnotrequired` (or set it to `"false"`) in
`redisConfiguration`.
""",
        compliance={"nist-800-53-r5": ["IA-2", "AC-3"]},
        references=[_REFERENCE + "cache-configure#redis-console"],
    )
)
