"""boto3 access shared by the AWS service readers: clients, pagination, errors.

boto3 is an optional dependency (`pip install iacscan[drift]`), imported here only, when an
inventory is taken. Clients retry throttled calls with botocore's adaptive mode (exponential
backoff plus a client-side rate limiter). A failed call becomes an `InventoryError` for the
service and region; a resource setting that is simply not configured (no bucket policy) is
not an error.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from iacscan.drift.inventory import InventoryError
from iacscan.drift.providers import ProviderError

MAX_ATTEMPTS = 10
MAX_MESSAGE = 300
T = TypeVar("T")


def import_boto3() -> Any:
    try:
        import boto3
    except ImportError:
        raise ProviderError(
            "reading AWS needs boto3, which is not installed: pip install 'iacscan[drift]'"
        ) from None
    return boto3


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError, else the exception's class name."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return str(code)
    return type(exc).__name__


def error_message(exc: BaseException) -> str:
    """The AWS error message on one line (an unparsed XML error body: its `<Message>`)."""
    response = getattr(exc, "response", None)
    message = str(exc)
    if isinstance(response, dict):
        message = str(response.get("Error", {}).get("Message") or message)
    if message.lstrip().startswith("<"):
        found = re.search(r"<Message>(.*?)</Message>", message, re.DOTALL)
        message = found.group(1) if found else "(no message)"
    return " ".join(message.split())[:MAX_MESSAGE]


class AwsReader:
    """Clients per service and region (created under a lock: boto3 sessions are not
    thread-safe, clients are), and the errors met while reading."""

    def __init__(self, session: Any, endpoint_url: str | None) -> None:
        from botocore.config import Config

        self.session = session
        self.endpoint_url = endpoint_url
        self.config = Config(retries={"mode": "adaptive", "max_attempts": MAX_ATTEMPTS})
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        self.errors: list[InventoryError] = []

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                client = self.session.client(
                    service, region_name=region, endpoint_url=self.endpoint_url, config=self.config
                )
                if service == "s3control" and self.endpoint_url:
                    client.meta.events.register("before-sign.s3-control", _account_out_of_host)
                self._clients[key] = client
            return self._clients[key]

    def pages(
        self, client: Any, operation: str, key: str, **arguments: Any
    ) -> Iterator[dict[str, Any]]:
        """Every item under `key` across all pages of a paginated call."""
        if client.can_paginate(operation):
            for page in client.get_paginator(operation).paginate(**arguments):
                yield from page.get(key, [])
            return
        yield from getattr(client, operation)(**arguments).get(key, [])

    def optional(
        self,
        call: Callable[[], T],
        *,
        absent: frozenset[str],
        where: tuple[str, str, str],
        types: tuple[str, ...],
    ) -> T | None:
        """The call's result; None when the setting is not configured (an error code in
        `absent`) or the call failed, which is recorded (`where`: service, region,
        operation) and the reading goes on."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return call()
        except ClientError as exc:
            if error_code(exc) in absent:
                return None
            self.record(where, exc, types)
        except BotoCoreError as exc:
            self.record(where, exc, types)
        return None

    def record(
        self, where: tuple[str, str, str], exc: BaseException, types: tuple[str, ...]
    ) -> None:
        service, region, operation = where
        error = InventoryError(
            service, region, operation, error_code(exc), error_message(exc), types
        )
        with self._lock:
            self.errors.append(error)


def _account_out_of_host(request: Any, **unused: Any) -> None:
    """s3control puts the account id in the host name (`123456789012.s3-control...`); a local
    endpoint (moto, MinIO) answers on its own host only, so the prefix is taken off again."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(request.url)
    host = parts.hostname or ""
    account, _, rest = host.partition(".")
    if account.isdigit() and len(account) == 12 and rest:
        netloc = rest + (f":{parts.port}" if parts.port else "")
        request.url = urlunsplit(parts._replace(netloc=netloc))


def tags(items: Any, key: str = "Key", value: str = "Value") -> dict[str, str] | None:
    """AWS tag lists as a Terraform `tags` map (None when there are none); tags AWS itself
    sets (`aws:*`) are left out, as Terraform leaves them out."""
    if not isinstance(items, list):
        return None
    result = {
        str(item[key]): str(item.get(value, ""))
        for item in items
        if isinstance(item, Mapping) and key in item and not str(item[key]).startswith("aws:")
    }
    return result or None
