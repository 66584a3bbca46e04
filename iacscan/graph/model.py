"""The shared resource model: one shape for every IaC format.

A `Resource` keeps its attributes as plain Python data (dicts, lists, scalars) so that checks,
jsonpath-ng policies and reporters read them without adapters. Where each attribute sits in the
source is kept beside the data, in `spans`, keyed by the attribute's path. Checks never compute
line numbers: they point at a path (through a `Field`) and the engine looks the line up.

Values that cannot be known at scan time (an unset variable, a `Ref` to a resource id, an
attribute computed at apply time) are `Unknown` instances. A check that needs such a value stays
silent: an unknown value is never a finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, Final, TypeVar

PathPart = str | int
AttrPath = tuple[PathPart, ...]

_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Pickle instances of a slotted dataclass as a call with their field values. The pickling
    support `dataclass(slots=True)` adds calls `fields()` for every instance, which made
    pickling parse results between worker processes cost a third of the parse itself."""
    names = tuple(f.name for f in fields(cls))

    def reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = reduce  # type: ignore[assignment]
    return cls


class Framework(str, Enum):
    TERRAFORM = "terraform"
    TERRAFORM_PLAN = "terraform_plan"
    CLOUDFORMATION = "cloudformation"
    ARM = "arm"
    KUBERNETES = "kubernetes"

    def __str__(self) -> str:
        return self.value


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based, inclusive range of lines in one file (column 0 means not known)."""

    line: int
    end_line: int
    column: int = 0


class Unknown:
    """A value that cannot be known at scan time. Never equal to anything but itself."""

    __slots__ = ("reason",)

    def __init__(self, reason: str = "") -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"<unknown{': ' + self.reason if self.reason else ''}>"

    def __bool__(self) -> bool:
        # Truth-testing an unknown is a bug in the caller; failing loudly beats a silent guess.
        raise TypeError(f"the truth of an unknown value is not known ({self.reason})")


class PartlyKnown(Unknown):
    """An unknown value whose known parts are kept in `partial` (with `Unknown` leaves where
    parts are not known), e.g. `jsonencode({...})` of a policy whose `Resource` is an ARN known
    only after apply. It is an `Unknown`: checks that do not look at `partial` stay silent,
    while a policy reader can still judge the known Principal or Action."""

    __slots__ = ("partial",)

    def __init__(self, partial: Any, reason: str = "") -> None:
        super().__init__(reason)
        self.partial = partial

    def __repr__(self) -> str:
        return f"<partly known: {self.partial!r}>"


class _Missing:
    """The value of an attribute that is not written at all."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


def is_unknown(value: Any) -> bool:
    """True when the value, or anything inside it, cannot be known at scan time."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(is_unknown(v) for v in value)
    return False


def walk(value: Any, path: AttrPath | tuple[PathPart, ...]) -> Any:
    """Follow `path` into nested dicts and lists: MISSING when a step is absent; an Unknown met
    on the way is the answer (what lies inside an unknown value is unknown too)."""
    for part in path:
        if type(value) is dict and type(part) is str:  # most steps: checks call this a lot
            value = value.get(part, MISSING)
            if value is MISSING:
                return MISSING
            continue
        if isinstance(value, Unknown):
            return value
        if isinstance(part, int):
            if not isinstance(value, list) or not -len(value) <= part < len(value):
                return MISSING
        elif not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


@pickled_by_fields
@dataclass(slots=True, eq=False)
class Resource:
    """One node of the graph: a resource, data source, module call, manifest object, ...

    `id` is unique within the whole scan; `address` is the name users know (e.g.
    `aws_s3_bucket.invoices`, `module.logs.aws_s3_bucket.this[0]`, the CloudFormation logical
    id `ReportsBucket`, `Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll`,
    `Deployment/shop/cart`).
    `kind` separates Terraform block kinds: resource, data, module, variable, output, provider,
    locals; every other framework uses `resource`.
    """

    id: str
    address: str
    framework: Framework
    type: str
    name: str
    file: str
    span: Span
    attributes: dict[str, Any]
    spans: dict[AttrPath, Span] = field(default_factory=dict)
    kind: str = "resource"
    module: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def type_key(self) -> str:
        """The key checks target: the type for resources, `data.<type>` for data sources,
        `provider.<name>` for providers, and the block kind for the other Terraform blocks."""
        if self.kind == "resource":
            return self.type
        if self.kind in ("data", "provider"):
            return f"{self.kind}.{self.type}"
        return self.kind

    def get(self, *path: PathPart, default: Any = MISSING) -> Any:
        """The value at `path`, `default` when any step is absent. Unknown stops the walk."""
        value = walk(self.attributes, path)
        return default if value is MISSING else value

    def field(self, *path: PathPart) -> Field:
        """A `Field` for `path`: its value (MISSING when absent) and where it is written."""
        return Field(self, tuple(path), self.get(*path))

    def blocks(self, *path: PathPart) -> Iterator[Field]:
        """The elements at `path` as fields: every block of a repeated nested block (Terraform
        keeps nested blocks as lists), or the single value when it is not a list."""
        value = self.get(*path)
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield Field(self, (*path, index), item)
        elif value is not MISSING:
            yield Field(self, tuple(path), value)

    def span_of(self, path: AttrPath) -> Span:
        """Where `path` is written: the nearest written ancestor, else the resource itself."""
        for end in range(len(path), 0, -1):
            span = self.spans.get(path[:end])
            if span is not None:
                return span
        return self.span


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Field:
    """A value read from a resource, with the resource and path that say where it is written."""

    resource: Resource
    path: AttrPath
    value: Any

    @property
    def present(self) -> bool:
        """Written with a value. A null (`x = null` in HCL, `x:` in YAML, JSON `null`) means
        "not set, use the default" in every format, so it is not present."""
        return self.value is not MISSING and self.value is not None

    @property
    def known(self) -> bool:
        """Written and fully known."""
        return self.present and not is_unknown(self.value)

    @property
    def unknown(self) -> bool:
        return self.present and is_unknown(self.value)

    def get(self, *path: PathPart) -> Field:
        return Field(self.resource, (*self.path, *path), walk(self.value, path))

    @property
    def span(self) -> Span:
        return self.resource.span_of(self.path)
