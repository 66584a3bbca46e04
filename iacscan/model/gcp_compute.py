"""Compute Engine instances and templates (google provider): the resource types that carry an
instance configuration, and what counts as the Compute Engine default service account.

An instance uses the default service account when its `service_account` block names no
`email` (the provider then picks `<project-number>-compute@developer.gserviceaccount.com`) or
names that account explicitly. An instance without any `service_account` block runs without a
service account at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Violation
from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_str

INSTANCE_TYPES = (
    "google_compute_instance",
    "google_compute_instance_template",
    "google_compute_region_instance_template",
)
DEFAULT_COMPUTE_SA_SUFFIX = "-compute@developer.gserviceaccount.com"
FULL_ACCESS_SCOPES = frozenset({"cloud-platform", "https://www.googleapis.com/auth/cloud-platform"})


def is_default_compute_account(email: Field) -> bool | None:
    """True for an unwritten email or the default compute account, False for another known
    account, None when unknown."""
    if not email.present:
        return True
    text = as_str(email.value)
    if text is None:
        return None
    return text.strip().lower().endswith(DEFAULT_COMPUTE_SA_SUFFIX)


def service_accounts(instance: Resource) -> Iterator[Field]:
    """The instance's `service_account` blocks."""
    yield from instance.blocks("service_account")


@dataclass(frozen=True, slots=True)
class Absent:
    """Table expectation: a block or setting that must not be written (an `access_config`
    block gives an instance an external IP). An empty list or null is absent; an unknown
    value (a dynamic block over an unknown collection) is not judged, but unknown values
    inside a written block do not matter."""

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        value = field.value
        # A dynamic block over an unknown collection is one Unknown entry: not judged.
        blocks = value if isinstance(value, list) else [value]
        if any(isinstance(block, (dict, str, bool)) for block in blocks):
            yield Violation(at=field, message=f"{what} is configured")
