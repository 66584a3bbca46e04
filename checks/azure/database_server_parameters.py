"""PostgreSQL and MySQL server parameters that must stay on, written as
`azurerm_{postgresql,mysql}_[flexible_server_]configuration` resources (ARM
`.../configurations` children named `<server>/<parameter>`): one row per parameter. Only
written parameters can be judged; a server that leaves a parameter at its default is not
reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iacscan.check import Check, Severity
from iacscan.check_table import Doc, Enabled, SettingPath, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str


@dataclass(frozen=True)
class _Parameter:
    id: str
    engine: str  # postgresql / mysql
    namespace: str
    parameter: str
    why: str
    checkov: str
    cis: str
    flexible_only: bool = False


def _named(parameter: str) -> Callable[[Resource], bool]:
    def applies(resource: Resource) -> bool:
        if resource.framework is Framework.ARM:
            name: str | None = resource.name.rsplit("/", 1)[-1]
        else:
            name = as_str(resource.get("name"))
        return name is not None and name.strip().lower() == parameter

    return applies


def _row(p: _Parameter) -> Check:
    tf_types = [f"azurerm_{p.engine}_flexible_server_configuration"]
    arm_types = [f"{p.namespace}/flexibleServers/configurations"]
    if not p.flexible_only:
        tf_types.insert(0, f"azurerm_{p.engine}_configuration")
        arm_types.insert(0, f"{p.namespace}/servers/configurations")
    value: SettingPath = ("value",)

    def example(setting: str) -> str:
        return (
            f'resource "{tf_types[-1]}" "{p.parameter}" {{\n'
            f'  name      = "{p.parameter}"\n'
            f"  server_id = azurerm_{p.engine}_flexible_server.main.id\n"
            f'  value     = "{setting}"\n}}'
        )

    compliance = {"nist-800-53-r5": ["AU-2", "AU-12"] if p.engine == "postgresql" else ["SC-8"]}
    if p.cis:
        compliance["cis-azure-foundations-2.0.0"] = [p.cis]
    return setting_check(
        SettingRule(
            id=p.id,
            name=f"{p.engine}-{p.parameter.replace('_', '-')}-off",
            title=f"{'PostgreSQL' if p.engine == 'postgresql' else 'MySQL'} server parameter "
            f"{p.parameter} is turned off",
            severity=Severity.MEDIUM if p.engine == "mysql" else Severity.LOW,
            category="encryption" if p.engine == "mysql" else "logging",
            what=f"the {p.parameter} parameter",
            where={
                Framework.TERRAFORM: {t: value for t in tf_types},
                Framework.ARM: {t: ("properties", "value") for t in arm_types},
            },
            expect=Enabled(default=True),
            applies=_named(p.parameter),
            doc=Doc(
                f"Flags server configuration resources that set `{p.parameter}` to `off` "
                f"(ARM: a `configurations` child named `<server>/{p.parameter}` with "
                "`properties.value` off). Servers that do not write the parameter keep "
                "their default and are not reported.",
                p.why,
                "```hcl\n" + example("off") + "\n```",
                "```hcl\n" + example("on") + "\n```",
            ),
            remediation=f"Set `{p.parameter}` to `on`.\n\n```hcl\n"
            + example("on")
            + '\n```\n\nIn an ARM template set `"value": "on"` on the configuration.',
            compliance=compliance,
            equivalents={"checkov": [p.checkov]} if p.checkov else {},
            references=[
                f"https://learn.microsoft.com/azure/{p.engine}/flexible-server/concepts-server-parameters"
            ],
        )
    )


_PG = "Microsoft.DBforPostgreSQL"
_LOG_WHY = (
    "Without these log lines, failed and successful logins, session ends and "
    "checkpoint activity are invisible, so intrusions and performance problems cannot "
    "be investigated."
)

POSTGRESQL_LOG_CHECKPOINTS_OFF = _row(
    _Parameter(
        "IAC-AZURE-POSTGRESQL-006",
        "postgresql",
        _PG,
        "log_checkpoints",
        _LOG_WHY,
        "CKV_AZURE_30",
        "4.3.2",
    )
)
POSTGRESQL_LOG_CONNECTIONS_OFF = _row(
    _Parameter(
        "IAC-AZURE-POSTGRESQL-007",
        "postgresql",
        _PG,
        "log_connections",
        _LOG_WHY,
        "CKV_AZURE_31",
        "4.3.3",
    )
)
POSTGRESQL_LOG_DISCONNECTIONS_OFF = _row(
    _Parameter(
        "IAC-AZURE-POSTGRESQL-008", "postgresql", _PG, "log_disconnections", _LOG_WHY, "", "4.3.4"
    )
)
POSTGRESQL_CONNECTION_THROTTLING_OFF = _row(
    _Parameter(
        "IAC-AZURE-POSTGRESQL-009",
        "postgresql",
        _PG,
        "connection_throttling",
        "Connection throttling slows down repeated failed logins from one address; "
        "without it password guessing runs at full speed.",
        "CKV_AZURE_32",
        "4.3.5",
    )
)
MYSQL_REQUIRE_SECURE_TRANSPORT_OFF = _row(
    _Parameter(
        "IAC-AZURE-MYSQL-006",
        "mysql",
        "Microsoft.DBforMySQL",
        "require_secure_transport",
        "With `require_secure_transport` off, clients may connect without TLS and send "
        "passwords and data in clear text.",
        "",
        "",
        flexible_only=True,
    )
)
