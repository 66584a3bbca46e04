"""What a service reader receives, and the record helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from iacscan.drift.aws.session import AwsReader
from iacscan.drift.inventory import GLOBAL_REGION, Link, LiveRecord
from iacscan.drift.providers import Progress

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """`region` is the region read (for global services, the home region the calls go to);
    `regions` are all the regions of the inventory."""

    reader: AwsReader
    service: str
    """What progress lines and errors name (`s3`, `ec2-instances`)."""
    client_name: str
    """The boto3 service the reader calls (`s3`, `ec2`)."""
    region: str
    regions: tuple[str, ...]
    account: str
    progress: Progress
    types: tuple[str, ...]
    is_global: bool = False
    """Read once for the account (IAM, the S3 bucket list): errors name region `global`."""

    def client(self, name: str | None = None, region: str | None = None) -> Any:
        return self.reader.client(name or self.client_name, region or self.region)

    def optional(
        self,
        call: Callable[[], T],
        operation: str,
        absent: frozenset[str] = frozenset(),
        types: tuple[str, ...] = (),
        region: str | None = None,
    ) -> T | None:
        """A per-resource call whose failure is recorded against `types` (default: every
        type of the service) while the rest of the service is still read."""
        default = GLOBAL_REGION if self.is_global else self.region
        where = (self.service, region or default, operation)
        return self.reader.optional(call, absent=absent, where=where, types=types or self.types)


def record(
    type_: str,
    id_: str,
    region: str,
    attributes: dict[str, Any],
    *,
    aliases: tuple[str, ...] = (),
    parent: tuple[str, str, str] | None = None,
    links: tuple[Link, ...] = (),
) -> LiveRecord:
    """A record; `parent` is (type, id, attribute) for parts of another resource."""
    if parent is not None:
        parent_type, parent_id, attribute = parent
        links = (Link(parent_type, parent_id, (attribute,), "parent"), *links)
    return LiveRecord(type_, id_, region, attributes, aliases, links)
