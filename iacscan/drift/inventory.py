"""The live inventory and its provider-neutral JSON file.

An inventory is what a provider read from the cloud: records with a Terraform type, the cloud
identity (`id`), a region and Terraform-shaped attributes, plus the calls that failed. The file
lets someone with credentials take the inventory once (`iacscan inventory aws -o FILE`) and
anyone compare against it offline (`iacscan drift PLANNED --inventory FILE`).

    {"version": 1, "provider": "aws", "taken_at": "2026-01-31T09:00:00Z",
     "account": "123456789012", "regions": ["us-east-1"],
     "resources": [{"type": "aws_s3_bucket", "id": "logs", "region": "us-east-1",
                    "attributes": {...}, "aliases": [...], "links": [...]}],
     "errors": [{"service": "iam", "region": "global", "operation": "ListRoles",
                 "code": "AccessDenied", "message": "...", "types": ["aws_iam_role"]}]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
GLOBAL_REGION = "global"
"""The region of resources that have none (IAM, the account's S3 public access block)."""


class InventoryFormatError(Exception):
    """An inventory file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Link:
    """The record refers to another one: `path` is the attribute holding the reference.
    `kind` is `parent` for parts of another resource (a bucket's ACL, a role's inline policy,
    a function's permission), `reference` otherwise."""

    type: str
    id: str
    path: tuple[str, ...]
    kind: str = "reference"


@dataclass(frozen=True, slots=True)
class LiveRecord:
    """One live resource. `aliases` are other names it can be matched by (a security group's
    `name@vpc` and `name`, a KMS key's aliases)."""

    type: str
    id: str
    region: str
    attributes: Mapping[str, Any]
    aliases: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class InventoryError:
    """A call that failed (denied, throttled past the retries, not available in a region).
    `types` are the resource types whose inventory is incomplete because of it."""

    service: str
    region: str
    operation: str
    code: str
    message: str
    types: tuple[str, ...] = ()

    @property
    def denied(self) -> bool:
        return self.code in DENIED_CODES


DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "AuthorizationError",
        "AuthorizationErrorException",
        "Forbidden",
        "403",
    }
)


@dataclass(slots=True)
class Inventory:
    provider: str
    taken_at: str
    regions: tuple[str, ...]
    records: list[LiveRecord] = field(default_factory=list)
    errors: list[InventoryError] = field(default_factory=list)
    account: str = ""
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    """Records per type."""
    types: tuple[str, ...] = ()
    """Every type the provider reads: a planned resource of another type is not compared."""


def to_document(inventory: Inventory) -> dict[str, Any]:
    records = sorted(inventory.records, key=lambda r: (r.type, r.region, r.id))
    errors = sorted(inventory.errors, key=lambda e: (e.service, e.region, e.operation))
    return {
        "version": FORMAT_VERSION,
        "provider": inventory.provider,
        "taken_at": inventory.taken_at,
        "account": inventory.account,
        "regions": list(inventory.regions),
        "seconds": round(inventory.seconds, 3),
        "counts": dict(sorted(inventory.counts.items())),
        "types": sorted(inventory.types),
        "resources": [_record_document(r) for r in records],
        "errors": [_error_document(e) for e in errors],
    }


def _record_document(record: LiveRecord) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": record.type,
        "id": record.id,
        "region": record.region,
        "attributes": dict(record.attributes),
    }
    if record.aliases:
        document["aliases"] = list(record.aliases)
    if record.links:
        document["links"] = [
            {"type": k.type, "id": k.id, "path": list(k.path), "kind": k.kind} for k in record.links
        ]
    return document


def _error_document(error: InventoryError) -> dict[str, Any]:
    return {
        "service": error.service,
        "region": error.region,
        "operation": error.operation,
        "code": error.code,
        "message": error.message,
        "types": list(error.types),
    }


def dumps(inventory: Inventory) -> str:
    return json.dumps(to_document(inventory), indent=2, sort_keys=False, ensure_ascii=True) + "\n"


def write_inventory(path: Path, inventory: Inventory) -> None:
    """Write atomically: an interrupted run never leaves half an inventory behind."""
    from iacscan.atomic import write_text_atomic

    write_text_atomic(path, dumps(inventory))


def read_inventory(path: Path) -> Inventory:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InventoryFormatError(f"{path}: cannot read the inventory: {exc}") from exc
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InventoryFormatError(f"{path}: not JSON: {exc}") from exc
    return from_document(document, str(path))


def from_document(document: Any, source: str) -> Inventory:
    reader = _Reader(source)
    top = reader.mapping(document, "the file")
    version = top.get("version")
    if version != FORMAT_VERSION:
        raise InventoryFormatError(
            f"{source}: inventory format version {version!r} is not supported (expected "
            f"{FORMAT_VERSION}); take the inventory again with this iacscan version"
        )
    resources = reader.items(top, "resources")
    errors = reader.items(top, "errors", required=False)
    return Inventory(
        provider=reader.text(top, "provider", "the file"),
        taken_at=str(top.get("taken_at", "")),
        regions=tuple(str(r) for r in reader.items(top, "regions")),
        records=[reader.record(item, index) for index, item in enumerate(resources)],
        errors=[reader.error(item, index) for index, item in enumerate(errors)],
        account=str(top.get("account", "")),
        seconds=float(top.get("seconds", 0.0) or 0.0),
        counts={str(k): int(v) for k, v in dict(top.get("counts") or {}).items()},
        types=tuple(str(t) for t in reader.items(top, "types", required=False)),
    )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> InventoryFormatError:
        return InventoryFormatError(f"{self.source}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a JSON object")
        return value

    def items(self, top: Mapping[str, Any], key: str, required: bool = True) -> list[Any]:
        value = top.get(key, None if required else [])
        if not isinstance(value, list):
            raise self.fail(f"`{key}`", "expected a list")
        return value

    def text(self, item: Mapping[str, Any], key: str, where: str) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(where, f"`{key}` must be a non-empty string")
        return value

    def record(self, item: Any, index: int) -> LiveRecord:
        where = f"resources[{index}]"
        item = self.mapping(item, where)
        attributes = self.mapping(item.get("attributes", {}), f"{where}.attributes")
        links = tuple(
            Link(
                type=self.text(link, "type", f"{where}.links"),
                id=self.text(link, "id", f"{where}.links"),
                path=tuple(str(p) for p in link.get("path", ())),
                kind=str(link.get("kind", "reference")),
            )
            for link in (self.mapping(x, f"{where}.links") for x in item.get("links", []))
        )
        return LiveRecord(
            type=self.text(item, "type", where),
            id=self.text(item, "id", where),
            region=self.text(item, "region", where),
            attributes=attributes,
            aliases=tuple(str(a) for a in item.get("aliases", ())),
            links=links,
        )

    def error(self, item: Any, index: int) -> InventoryError:
        where = f"errors[{index}]"
        item = self.mapping(item, where)
        return InventoryError(
            service=str(item.get("service", "")),
            region=str(item.get("region", "")),
            operation=str(item.get("operation", "")),
            code=str(item.get("code", "")),
            message=str(item.get("message", "")),
            types=tuple(str(t) for t in item.get("types", ())),
        )
