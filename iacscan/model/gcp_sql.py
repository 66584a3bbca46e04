"""Cloud SQL instances (`google_sql_database_instance`): the engine and major version from
`database_version` (`POSTGRES_14`, `MYSQL_8_0`, `SQLSERVER_2019_STANDARD`), and database flags
(`settings.database_flags { name, value }` blocks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacscan.graph.model import MISSING, Field, Resource, Unknown
from iacscan.graph.values import as_str

INSTANCE_TYPE = "google_sql_database_instance"
_VERSION = re.compile(r"^(POSTGRES|MYSQL|SQLSERVER)_(\d+)")


@dataclass(frozen=True, slots=True)
class Engine:
    name: str  # POSTGRES, MYSQL, SQLSERVER
    major: int


def engine(instance: Resource) -> Engine | None:
    """The engine and major version, or None when `database_version` is unknown."""
    text = as_str(instance.get("database_version"))
    match = _VERSION.match(text.strip().upper()) if text is not None else None
    return Engine(match.group(1), int(match.group(2))) if match else None


def is_replica(instance: Resource) -> bool | None:
    """Read replicas (`master_instance_name`) take no backups of their own."""
    master = instance.field("master_instance_name")
    if master.unknown:
        return None
    return master.present


@dataclass(frozen=True, slots=True)
class FlagLookup:
    value: Field | None
    """The flag's `value` field when the flag is written."""
    decidable: bool
    """False when the flags list is unknown (a dynamic block over an unknown collection, or
    an unknown flag name), so the flag's absence proves nothing."""
    anchor: Field
    """Where to report a missing flag: the flags list, or the settings block."""


def database_flag(instance: Resource, name: str) -> FlagLookup:
    flags = instance.field("settings", 0, "database_flags")
    anchor = flags if flags.present else instance.field("settings", 0)
    if isinstance(flags.value, Unknown):
        return FlagLookup(None, False, anchor)
    decidable = True
    for flag in instance.blocks(*flags.path) if flags.present else ():
        if not isinstance(flag.value, dict):
            decidable = False
            continue
        flag_name = as_str(flag.value.get("name", MISSING))
        if flag_name is None:
            decidable = False
        elif flag_name.strip().lower() == name:
            return FlagLookup(flag.get("value"), True, anchor)
    return FlagLookup(None, decidable, anchor)
