"""Shared pieces for the AWS data-service setting rows (RDS, DynamoDB, ElastiCache, ...).

Rows in `checks/aws/*_settings.py` say where a setting lives; the helpers here answer the
questions several rows share: which engine a database runs, whether a database takes a
setting from its cluster, whether a list setting names what it must.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from iacscan.check import Violation
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool, as_str

TERRAFORM = Framework.TERRAFORM
CLOUDFORMATION = Framework.CLOUDFORMATION


def setting(resource: Resource, terraform: str, cloudformation: str) -> Field:
    """The same top-level setting under its Terraform or CloudFormation name."""
    key = cloudformation if resource.framework is CLOUDFORMATION else terraform
    return resource.field(key)


def known_text(field: Field) -> str | None:
    """The field as lowercase text when written and known; None otherwise."""
    if not field.known:
        return None
    text = as_str(field.value)
    return text.lower() if text is not None else None


def engine(resource: Resource) -> str | None:
    """A database's engine (`postgres`, `aurora-mysql`, ...), lowercase; None when unwritten
    or unknown."""
    return known_text(setting(resource, "engine", "Engine"))


def engine_in(*engines: str) -> Callable[[Resource], bool]:
    """Applies only to databases whose engine is known and one of `engines`."""
    wanted = frozenset(engines)

    def applies(resource: Resource) -> bool:
        return engine(resource) in wanted

    return applies


def all_of(*tests: Callable[[Resource], bool]) -> Callable[[Resource], bool]:
    def applies(resource: Resource) -> bool:
        return all(test(resource) for test in tests)

    return applies


def standalone_instance(resource: Resource) -> bool:
    """False for a database instance that belongs to a cluster (CloudFormation
    `DBClusterIdentifier`, or a known Aurora engine): cluster-level settings are read from
    the cluster there. Other resource types pass."""
    if resource.type not in ("aws_db_instance", "AWS::RDS::DBInstance"):
        return True
    if resource.framework is CLOUDFORMATION and resource.field("DBClusterIdentifier").present:
        return False
    name = engine(resource)
    return name is None or not name.startswith("aurora")


def not_replica(resource: Resource) -> bool:
    """False for read replicas, which inherit backups and other settings from their source."""
    keys = (
        ("SourceDBInstanceIdentifier",)
        if resource.framework is CLOUDFORMATION
        else ("replicate_source_db",)
    )
    return not any(resource.field(key).present for key in keys)


def absent_or(*keys: str) -> Callable[[Resource], bool]:
    """Applies only when none of `keys` is written (e.g. a setting another argument replaces)."""

    def applies(resource: Resource) -> bool:
        return not any(resource.field(key).present for key in keys)

    return applies


@dataclass(frozen=True, slots=True)
class NonEmpty:
    """A list setting must name at least one item (log types to export, ...). Unwritten and
    empty lists are reported; unknown lists are not."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            yield Violation(at=field, message=f"{what} is not configured")
        elif isinstance(field.value, list) and not field.value:
            yield Violation(at=field, message=f"{what} is empty")


@dataclass(frozen=True, slots=True)
class Contains:
    """A list setting must contain `item` (case-insensitive). Unknown lists, and lists with an
    unknown element that might be `item`, are not reported."""

    item: str

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            yield Violation(at=field, message=f"{what} does not include {self.item!r}")
            return
        if field.unknown and not isinstance(field.value, list):
            return
        values = field.value if isinstance(field.value, list) else [field.value]
        texts = [as_str(v) for v in values]
        if any(text is None for text in texts):
            return
        if self.item.lower() not in {t.lower() for t in texts if t is not None}:
            yield Violation(at=field, message=f"{what} does not include {self.item!r}")


def redis_like(resource: Resource) -> bool:
    """ElastiCache Redis or Valkey (the engine defaults to Redis where it may be unwritten);
    Memcached and unknown engines do not apply."""
    field = setting(resource, "engine", "Engine")
    if not field.present:
        return resource.type in (
            "aws_elasticache_replication_group",
            "AWS::ElastiCache::ReplicationGroup",
        )
    return known_text(field) in ("redis", "valkey")


@dataclass(frozen=True, slots=True)
class KeepsAtLeast:
    """A retention in days that must be at least `days`, where 0 and unwritten mean "keep
    forever" (CloudWatch Logs): only a known, positive, shorter value is reported."""

    days: int

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.known:
            return
        text = as_str(field.value)
        try:
            value = int(text) if text is not None else None
        except ValueError:
            value = None
        if value is not None and 0 < value < self.days:
            yield Violation(at=field, message=f"{what} is {value} days, below {self.days}")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One entry of a database parameter group: its name (None when unknown) and value."""

    name: str | None
    value: Field


def parameters(group: Resource) -> list[Parameter]:
    """The parameters a parameter group sets. Terraform writes `parameter { name value }`
    blocks; CloudFormation a `Parameters` map (DocumentDB, Neptune, RDS) or a list of
    `{ParameterName, ParameterValue}` (Redshift)."""
    if group.framework is not CLOUDFORMATION:
        return [
            Parameter(_name(block.get("name")), block.get("value"))
            for block in group.blocks("parameter")
        ]
    found = group.field("Parameters")
    if isinstance(found.value, dict):
        return [Parameter(str(key), found.get(key)) for key in found.value]
    if isinstance(found.value, list):
        entries = [found.get(index) for index in range(len(found.value))]
        return [
            Parameter(_name(entry.get("ParameterName")), entry.get("ParameterValue"))
            for entry in entries
        ]
    return []


def _name(field: Field) -> str | None:
    text = known_text(field)
    return text


@dataclass(frozen=True, slots=True)
class AtMost:
    """A number that must not exceed `maximum` (e.g. days between rotations); unwritten and
    unknown values are not reported."""

    maximum: int

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.known:
            return
        text = as_str(field.value)
        try:
            value = float(text) if text is not None else None
        except ValueError:
            value = None
        if value is not None and value > self.maximum:
            yield Violation(at=field, message=f"{what} is {field.value}, above {self.maximum}")


def not_serverless_v1(resource: Resource) -> bool:
    """False for Aurora Serverless v1 clusters (`engine_mode = "serverless"`), which support
    neither IAM authentication nor CloudWatch Logs exports; an unknown mode counts as
    serverless, so nothing is reported."""
    mode = setting(resource, "engine_mode", "EngineMode")
    if mode.unknown:
        return False
    return known_text(mode) != "serverless"


def known_true(terraform: str, cloudformation: str) -> Callable[[Resource], bool]:
    """Applies only when the setting is written and known to be true (e.g. encryption on)."""

    def applies(resource: Resource) -> bool:
        return as_bool(setting(resource, terraform, cloudformation).value) is True

    return applies


def not_false(terraform: str, cloudformation: str) -> Callable[[Resource], bool]:
    """Applies unless the setting is known to be false (for settings on by default)."""

    def applies(resource: Resource) -> bool:
        return as_bool(setting(resource, terraform, cloudformation).value) is not False

    return applies


def find_parameter(group: Resource, name: str) -> Parameter | None:
    """The last entry setting `name` in a parameter group (later entries win); None when the
    group does not set it."""
    found = None
    for parameter in parameters(group):
        if parameter.name == name.lower():
            found = parameter
    return found


def has_unknown_parameter_name(group: Resource) -> bool:
    """A parameter whose name is unknown: it may set anything."""
    return any(parameter.name is None for parameter in parameters(group))


def own_redis_group(resource: Resource) -> bool:
    """A Redis/Valkey group that is not a secondary of a global datastore (which takes its
    settings from the primary)."""
    return redis_like(resource) and not resource.field("global_replication_group_id").present
