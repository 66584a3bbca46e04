"""The two shapes most checks share: "this protection must be on" and "this exposure must be
off", with the platform default deciding what an unwritten setting means. Unknown values
never produce a violation."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import Violation
from iacscan.graph.model import Field
from iacscan.graph.values import as_bool


def require_enabled(field: Field, what: str, *, default: bool = False) -> Iterator[Violation]:
    """A violation when `field` is known false, or unwritten while the default is off.

    An unwritten setting is reported on the resource (or the nearest written parent block),
    since that is where the line has to be added."""
    if not field.present:
        if not default:
            yield Violation(at=field, message=f"{what} is not enabled (the default is off)")
        return
    if as_bool(field.value) is False:
        yield Violation(at=field, message=f"{what} is disabled")


def forbid_enabled(field: Field, what: str, *, default: bool = False) -> Iterator[Violation]:
    """A violation when `field` is known true, or unwritten while the default is on."""
    if not field.present:
        if default:
            yield Violation(at=field, message=f"{what} is enabled (the default is on)")
        return
    if as_bool(field.value) is True:
        yield Violation(at=field, message=f"{what} is enabled")
