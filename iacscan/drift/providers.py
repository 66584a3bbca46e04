"""Live inventory providers: a literal table, each imported only when asked for.

A provider is a module with `collect(options: CollectOptions, progress: Progress) ->
Inventory`. Adding Azure or GCP means adding a module that reads the cloud (or an `az` /
`gcloud` JSON export) into `LiveRecord`s with `azurerm_*` / `google_*` types, and a row here;
the inventory file, the comparison, the ignore rules and the reports need no change.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Protocol

from iacscan.drift.inventory import Inventory

PROVIDERS: dict[str, str] = {
    "aws": "iacscan.drift.aws",
}


class ProviderError(Exception):
    """The provider cannot start (library missing, no credentials, bad profile): nothing was
    read. Per-service failures are not raised; they become `InventoryError`s."""


@dataclass(frozen=True, slots=True)
class CollectOptions:
    """`regions` empty: the provider's default (for AWS, the profile's region)."""

    regions: tuple[str, ...] = ()
    profile: str | None = None
    endpoint_url: str | None = None
    workers: int = 8


class Progress(Protocol):
    """Told what the provider is doing; the CLI prints it on standard error."""

    def service_done(self, service: str, region: str, counts: dict[str, int]) -> None: ...

    def service_failed(self, service: str, region: str, message: str) -> None: ...

    def note(self, message: str) -> None: ...


class SilentProgress:
    def service_done(self, service: str, region: str, counts: dict[str, int]) -> None:
        return None

    def service_failed(self, service: str, region: str, message: str) -> None:
        return None

    def note(self, message: str) -> None:
        return None


class StderrProgress:
    """One line a service and region, with counts: `aws ec2 us-east-1: 3 aws_instance`."""

    def __init__(self, provider: str) -> None:
        self.provider = provider

    def _write(self, text: str) -> None:
        sys.stderr.write(f"{self.provider} {text}\n")
        sys.stderr.flush()

    def service_done(self, service: str, region: str, counts: dict[str, int]) -> None:
        listed = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()) if n) or "nothing"
        self._write(f"{service} {region}: {listed}")

    def service_failed(self, service: str, region: str, message: str) -> None:
        self._write(f"{service} {region}: {message}")

    def note(self, message: str) -> None:
        self._write(message)


class _Provider(Protocol):
    def collect(self, options: CollectOptions, progress: Progress) -> Inventory: ...


def collect(provider: str, options: CollectOptions, progress: Progress) -> Inventory:
    try:
        module_name = PROVIDERS[provider]
    except KeyError:
        names = ", ".join(sorted(PROVIDERS))
        raise ProviderError(f"unknown provider {provider!r}: use one of {names}") from None
    module: _Provider = importlib.import_module(module_name)
    return module.collect(options, progress)
