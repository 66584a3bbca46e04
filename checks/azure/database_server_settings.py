"""Azure Database for PostgreSQL and MySQL server settings, one row builder per setting for
both engines: TLS enforcement, minimum TLS version, public network access, geo-redundant
backups and threat detection."""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.check import Check, Severity
from iacscan.check_table import (
    Disabled,
    Doc,
    Enabled,
    Expectation,
    NoneOf,
    OneOf,
    SettingPath,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework
from iacscan.model.azure_fields import OrOlderName, PerFramework


@dataclass(frozen=True)
class _Engine:
    prefix: str  # IAC-AZURE-POSTGRESQL
    label: str  # PostgreSQL
    slug: str  # postgresql
    namespace: str  # Microsoft.DBforPostgreSQL
    checkov: dict[str, str]
    cis: dict[str, str]

    @property
    def server(self) -> str:
        return f"azurerm_{self.slug}_server"


_POSTGRESQL = _Engine(
    "IAC-AZURE-POSTGRESQL",
    "PostgreSQL",
    "postgresql",
    "Microsoft.DBforPostgreSQL",
    checkov={
        "ssl": "CKV_AZURE_29",
        "tls": "CKV_AZURE_147",
        "public": "CKV_AZURE_68",
        "geo": "CKV_AZURE_102",
        "threat": "CKV_AZURE_128",
    },
    cis={"ssl": "4.3.1"},
)
_MYSQL = _Engine(
    "IAC-AZURE-MYSQL",
    "MySQL",
    "mysql",
    "Microsoft.DBforMySQL",
    checkov={
        "ssl": "CKV_AZURE_28",
        "tls": "CKV_AZURE_54",
        "public": "CKV_AZURE_53",
        "geo": "CKV_AZURE_94",
        "threat": "CKV_AZURE_127",
    },
    cis={},
)


@dataclass(frozen=True)
class _Setting:
    number: int
    key: str
    name: str
    title: str
    severity: Severity
    category: str
    what: str
    tf: SettingPath
    arm: SettingPath
    expect: Expectation
    what_it_does: str
    why: str
    bad: str
    good: str
    arm_fix: str
    nist: tuple[str, ...]
    flexible: bool = False


_SETTINGS = (
    _Setting(
        1,
        "ssl",
        "ssl-enforcement-disabled",
        "server does not require TLS connections",
        Severity.HIGH,
        "encryption",
        "TLS enforcement",
        ("ssl_enforcement_enabled",),
        ("properties", "sslEnforcement"),
        OrOlderName(Enabled(default=True), older=(("ssl_enforcement",),)),
        "servers that accept unencrypted connections: `ssl_enforcement_enabled = false` "
        '(azurerm v2: `ssl_enforcement = "Disabled"`; ARM `sslEnforcement`).',
        "Without enforced TLS, passwords and query results cross the network in clear text.",
        "ssl_enforcement_enabled = false",
        "ssl_enforcement_enabled = true",
        '`"sslEnforcement": "Enabled"`',
        ("SC-8",),
    ),
    _Setting(
        2,
        "tls",
        "min-tls-below-1-2",
        "server accepts TLS versions older than 1.2",
        Severity.MEDIUM,
        "encryption",
        "the minimum TLS version",
        ("ssl_minimal_tls_version_enforced",),
        ("properties", "minimalTlsVersion"),
        PerFramework(
            {
                Framework.TERRAFORM: NoneOf(
                    frozenset({"TLS1_0", "TLS1_1", "TLSEnforcementDisabled"})
                ),
                Framework.ARM: OneOf(frozenset({"TLS1_2", "TLS1_3"})),
            }
        ),
        "servers whose minimum TLS version is `TLS1_0`, `TLS1_1` or "
        "`TLSEnforcementDisabled`: `ssl_minimal_tls_version_enforced` (ARM "
        "`minimalTlsVersion`). azurerm defaults to `TLS1_2`; an ARM server without "
        "`minimalTlsVersion` does not enforce a minimum and is reported.",
        "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996).",
        'ssl_minimal_tls_version_enforced = "TLS1_0"',
        'ssl_minimal_tls_version_enforced = "TLS1_2"',
        '`"minimalTlsVersion": "TLS1_2"`',
        ("SC-8", "SC-13"),
    ),
    _Setting(
        3,
        "public",
        "public-network-access",
        "server is reachable from public networks",
        Severity.MEDIUM,
        "network",
        "public network access",
        ("public_network_access_enabled",),
        ("properties", "publicNetworkAccess"),
        Disabled(default=True),
        "servers reachable from public networks: `public_network_access_enabled` (ARM "
        "`publicNetworkAccess`) true or not written, which is the default.",
        "A database reachable from the internet is exposed to password spraying and to "
        "exploits of the database engine; private endpoints keep it inside your networks.",
        "public_network_access_enabled = true",
        "public_network_access_enabled = false",
        '`"publicNetworkAccess": "Disabled"`',
        ("AC-3", "SC-7"),
    ),
    _Setting(
        4,
        "geo",
        "geo-backup-disabled",
        "server backups are not geo-redundant",
        Severity.LOW,
        "logging",
        "geo-redundant backups",
        ("geo_redundant_backup_enabled",),
        ("properties", "storageProfile", "geoRedundantBackup"),
        Enabled(),
        "servers whose backups stay in one region: `geo_redundant_backup_enabled` (ARM "
        "`storageProfile.geoRedundantBackup`) false or not written, which is the default.",
        "A regional outage or disaster then takes the backups with the server; "
        "geo-redundant backups allow a restore in the paired region.",
        "geo_redundant_backup_enabled = false",
        "geo_redundant_backup_enabled = true",
        '`"storageProfile": {"geoRedundantBackup": "Enabled"}`',
        ("CP-6", "CP-9"),
    ),
    _Setting(
        5,
        "threat",
        "threat-detection-disabled",
        "server has no threat detection",
        Severity.LOW,
        "logging",
        "threat detection",
        ("threat_detection_policy", 0, "enabled"),
        ("properties", "state"),
        Enabled(),
        "servers without threat detection: no `threat_detection_policy` block or "
        "`enabled = false` in it (ARM: a `securityAlertPolicies` child whose `state` is not "
        "`Enabled`).",
        "Threat detection alerts on brute-force logins, SQL injection and access from "
        "unusual places; without it those attacks go unnoticed.",
        "",
        "threat_detection_policy {\n    enabled = true\n  }",
        '`"state": "Enabled"` on a `securityAlertPolicies` child',
        ("SI-4",),
    ),
)


def _row(engine: _Engine, setting: _Setting) -> Check:
    arm_type = f"{engine.namespace}/servers"
    if setting.key == "threat":
        arm_type += "/securityAlertPolicies"
    where: dict[Framework, dict[str, SettingPath]] = {
        Framework.TERRAFORM: {engine.server: setting.tf},
        Framework.ARM: {arm_type: setting.arm},
    }
    head = f'resource "{engine.server}" "main" {{\n  name       = "acme-{engine.slug}"\n'
    version = "11" if engine.slug == "postgresql" else "8.0"
    head += f'  sku_name   = "GP_Gen5_2"\n  version    = "{version}"\n'
    bad = f"  {setting.bad}\n" if setting.bad else ""
    compliance: dict[str, list[str]] = {"nist-800-53-r5": list(setting.nist)}
    if setting.key in engine.cis:
        compliance["cis-azure-foundations-2.0.0"] = [engine.cis[setting.key]]
    checkov = engine.checkov.get(setting.key)
    return setting_check(
        SettingRule(
            id=f"{engine.prefix}-{setting.number:03d}",
            name=f"{engine.slug}-{setting.name}",
            title=f"{engine.label} {setting.title}",
            severity=setting.severity,
            category=setting.category,
            what=setting.what,
            where=where,
            expect=setting.expect,
            doc=Doc(
                f"Flags Azure Database for {engine.label} single {setting.what_it_does}",
                setting.why,
                f"```hcl\n{head}{bad}}}\n```",
                f"```hcl\n{head}  {setting.good}\n}}\n```",
            ),
            remediation=f"Change {setting.what} on the server.\n\n"
            f"```hcl\n{head}  {setting.good}\n}}\n```\n\n"
            f"In an ARM template set {setting.arm_fix}.",
            compliance=compliance,
            equivalents={"checkov": [checkov]} if checkov else {},
            references=[f"https://learn.microsoft.com/azure/{engine.slug}/single-server/overview"],
        )
    )


POSTGRESQL_SSL_ENFORCEMENT_DISABLED = _row(_POSTGRESQL, _SETTINGS[0])
POSTGRESQL_MIN_TLS_BELOW_1_2 = _row(_POSTGRESQL, _SETTINGS[1])
POSTGRESQL_PUBLIC_NETWORK_ACCESS = _row(_POSTGRESQL, _SETTINGS[2])
POSTGRESQL_GEO_BACKUP_DISABLED = _row(_POSTGRESQL, _SETTINGS[3])
POSTGRESQL_THREAT_DETECTION_DISABLED = _row(_POSTGRESQL, _SETTINGS[4])
MYSQL_SSL_ENFORCEMENT_DISABLED = _row(_MYSQL, _SETTINGS[0])
MYSQL_MIN_TLS_BELOW_1_2 = _row(_MYSQL, _SETTINGS[1])
MYSQL_PUBLIC_NETWORK_ACCESS = _row(_MYSQL, _SETTINGS[2])
MYSQL_GEO_BACKUP_DISABLED = _row(_MYSQL, _SETTINGS[3])
MYSQL_THREAT_DETECTION_DISABLED = _row(_MYSQL, _SETTINGS[4])
