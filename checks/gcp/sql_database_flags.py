"""Cloud SQL database flags, one row per flag built by `_flag_check`: PostgreSQL logging
flags, MySQL `local_infile`, SQL Server cross-database ownership chaining and contained
database authentication."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.gcp_sql import INSTANCE_TYPE, database_flag, engine

_ENGINE_LABELS = {"POSTGRES": "PostgreSQL", "MYSQL": "MySQL", "SQLSERVER": "SQL Server"}
_VERSIONS = {
    "POSTGRES": "POSTGRES_15",
    "MYSQL": "MYSQL_8_0",
    "SQLSERVER": "SQLSERVER_2019_STANDARD",
}


@dataclass(frozen=True)
class _Flag:
    id: str
    engine: str
    flag: str
    safe: frozenset[str]
    fix: str
    default_safe: bool
    """Whether the engine's default (flag not written) is safe."""
    why: str
    checkov: str
    cis: str = ""
    category: str = "logging"
    severity: Severity = Severity.LOW
    safe_default_from: int = 0
    """When set, the default is safe from this major version on (PostgreSQL 15 turned
    `log_checkpoints` on by default)."""


def _unset_is_safe(row: _Flag, instance: Resource) -> bool:
    if row.default_safe:
        return True
    found = engine(instance)
    return bool(row.safe_default_from and found and found.major >= row.safe_default_from)


def _example(row: _Flag, value: str | None) -> str:
    flags = (
        f'\n\n    database_flags {{\n      name  = "{row.flag}"\n      value = "{value}"\n    }}'
        if value is not None
        else ""
    )
    return (
        '```hcl\nresource "google_sql_database_instance" "main" {\n'
        '  name             = "acme-db"\n'
        f'  database_version = "{_VERSIONS[row.engine]}"\n\n'
        "  settings {\n"
        f'    tier = "db-custom-2-7680"{flags}\n  }}\n}}\n```'
    )


def _compliance(row: _Flag) -> dict[str, list[str]]:
    nist = ["AU-2", "AU-12"] if row.category == "logging" else ["CM-7"]
    found = {"nist-800-53-r5": nist}
    if row.cis:
        found["cis-gcp-foundations-2.0.0"] = [row.cis]
    return found


def _flag_check(row: _Flag) -> Check:
    label = _ENGINE_LABELS[row.engine]

    def sql_flag(instance: Resource, context: CheckContext) -> Iterator[Violation]:
        found = engine(instance)
        if found is None or found.name != row.engine:
            return
        lookup = database_flag(instance, row.flag)
        if lookup.value is None:
            if lookup.decidable and not _unset_is_safe(row, instance):
                yield Violation(at=lookup.anchor, message=f"flag {row.flag} is not set")
            return
        text = as_str(lookup.value.value)
        if text is not None and text.strip().lower() not in row.safe:
            yield Violation(at=lookup.value, message=f"flag {row.flag} is {text!r}")

    default = (
        "safe, so an unwritten flag is not reported"
        if row.default_safe
        else ("not safe, so an unwritten flag is reported")
    )
    if row.safe_default_from:
        default += f" (from {label} {row.safe_default_from} on the default is safe)"
    sql_flag.__doc__ = (
        f"## What it does\nFlags {label} Cloud SQL instances whose `{row.flag}` database "
        f"flag is not `{row.fix}`. The engine's default is {default}; other engines, "
        "unknown versions and unknown flag lists are not reported.\n\n"
        f"## Why is this bad?\n{row.why}\n\n"
        f"## Example\n{_example(row, _BAD.get(row.fix) if row.default_safe else None)}\n\n"
        f"## Use instead\n{_example(row, row.fix)}\n"
    )
    return check(
        id=row.id,
        name=f"sql-{row.engine.lower()}-{re.sub('[^a-z0-9]+', '-', row.flag.lower())}"
        f"-{_NAME_SUFFIX[row.fix]}",
        title=f"Cloud SQL {label} flag {row.flag} is not {row.fix}",
        severity=row.severity,
        category=row.category,
        targets={Framework.TERRAFORM: [INSTANCE_TYPE]},
        remediation=f"Set the `{row.flag}` flag to `{row.fix}`.\n\n" + _example(row, row.fix),
        compliance=_compliance(row),
        equivalents={"checkov": [row.checkov]} if row.checkov else {},
        references=["https://cloud.google.com/sql/docs/postgres/flags"],
    )(sql_flag)


_BAD = {"off": "on", "on": "off", "-1": "0"}
# Check names name the problem: the flag in its unsafe state.
_NAME_SUFFIX = {"off": "on", "on": "off", "-1": "enabled"}
_ON = frozenset({"on"})
_OFF = frozenset({"off"})
_PG_LOG = (
    "Without these log lines, connections, disconnections and lock contention are invisible, "
    "so intrusions and performance problems cannot be investigated."
)

SQL_POSTGRES_LOG_CHECKPOINTS = _flag_check(
    _Flag(
        "IAC-GCP-SQL-013",
        "POSTGRES",
        "log_checkpoints",
        _ON,
        "on",
        False,
        _PG_LOG,
        "CKV_GCP_51",
        safe_default_from=15,
    )
)
SQL_POSTGRES_LOG_CONNECTIONS = _flag_check(
    _Flag("IAC-GCP-SQL-014", "POSTGRES", "log_connections", _ON, "on", False, _PG_LOG, "CKV_GCP_52")
)
SQL_POSTGRES_LOG_DISCONNECTIONS = _flag_check(
    _Flag(
        "IAC-GCP-SQL-015", "POSTGRES", "log_disconnections", _ON, "on", False, _PG_LOG, "CKV_GCP_53"
    )
)
SQL_POSTGRES_LOG_LOCK_WAITS = _flag_check(
    _Flag("IAC-GCP-SQL-016", "POSTGRES", "log_lock_waits", _ON, "on", False, _PG_LOG, "CKV_GCP_54")
)
SQL_POSTGRES_LOG_MIN_DURATION_STATEMENT = _flag_check(
    _Flag(
        "IAC-GCP-SQL-017",
        "POSTGRES",
        "log_min_duration_statement",
        frozenset({"-1"}),
        "-1",
        True,
        "Logging the text of slow statements writes query parameters (personal data, "
        "tokens) into the logs, where far more people can read them.",
        "CKV_GCP_57",
    )
)
SQL_MYSQL_LOCAL_INFILE = _flag_check(
    _Flag(
        "IAC-GCP-SQL-018",
        "MYSQL",
        "local_infile",
        _OFF,
        "off",
        True,
        "`LOAD DATA LOCAL INFILE` lets the server ask the client for any file the client can "
        "read; a malicious or compromised server (or SQL injection) can steal files from "
        "application hosts.",
        "CKV_GCP_50",
        cis="6.1.3",
        category="workload-security",
        severity=Severity.MEDIUM,
    )
)
SQL_SQLSERVER_CROSS_DB_OWNERSHIP_CHAINING = _flag_check(
    _Flag(
        "IAC-GCP-SQL-019",
        "SQLSERVER",
        "cross db ownership chaining",
        _OFF,
        "off",
        True,
        "Cross-database ownership chaining lets a user of one database reach objects of "
        "another through ownership chains, bypassing its permissions.",
        "CKV_GCP_58",
        cis="6.3.2",
        category="iam",
        severity=Severity.MEDIUM,
    )
)
SQL_SQLSERVER_CONTAINED_DATABASE_AUTHENTICATION = _flag_check(
    _Flag(
        "IAC-GCP-SQL-020",
        "SQLSERVER",
        "contained database authentication",
        _OFF,
        "off",
        True,
        "Contained database users authenticate inside the database, outside the server's "
        "login policies and auditing, and can carry access to other databases.",
        "CKV_GCP_59",
        cis="6.3.7",
        category="iam",
        severity=Severity.MEDIUM,
    )
)

SQL_MYSQL_SKIP_SHOW_DATABASE = _flag_check(
    _Flag(
        "IAC-GCP-SQL-021",
        "MYSQL",
        "skip_show_database",
        _ON,
        "on",
        False,
        "Without it, every user can run `SHOW DATABASES` and list databases they have no "
        "privileges on, which helps an attacker map the server.",
        "",
        cis="6.1.2",
        category="iam",
    )
)
SQL_SQLSERVER_REMOTE_ACCESS = _flag_check(
    _Flag(
        "IAC-GCP-SQL-022",
        "SQLSERVER",
        "remote access",
        _OFF,
        "off",
        False,
        "`remote access` (on by default) lets stored procedures run on and from linked "
        "servers; it is a known path for lateral movement and denial of service.",
        "",
        cis="6.3.5",
        category="workload-security",
        severity=Severity.MEDIUM,
    )
)
SQL_SQLSERVER_EXTERNAL_SCRIPTS = _flag_check(
    _Flag(
        "IAC-GCP-SQL-023",
        "SQLSERVER",
        "external scripts enabled",
        _OFF,
        "off",
        True,
        "External scripts run R and Python code inside the database server, with its "
        "privileges; an attacker with SQL access can then run arbitrary code.",
        "",
        cis="6.3.1",
        category="workload-security",
        severity=Severity.MEDIUM,
    )
)
SQL_POSTGRES_PGAUDIT = _flag_check(
    _Flag(
        "IAC-GCP-SQL-024",
        "POSTGRES",
        "cloudsql.enable_pgaudit",
        _ON,
        "on",
        False,
        "Without pgAudit, reads and changes made through SQL leave no session or object "
        "audit records, so data access cannot be investigated.",
        "CKV_GCP_110",
    )
)
