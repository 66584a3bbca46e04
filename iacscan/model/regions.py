"""Region and location names as clouds write them, for data-residency checks.

Spelling differs by cloud and by author: Azure accepts `West Europe` and `westeurope`, ARM
templates often capitalise. `normalise_region` makes them one key (case, spaces and
underscores do not matter; hyphens do, since AWS and Google names use them). A zone counts as
its region: `europe-west1-b` (Google) and `eu-west-1a` (AWS) are in `europe-west1` and
`eu-west-1`. Multi-region names (Google's `EU`, `US`, `ASIA`, dual regions like `EUR4`) match
only when listed themselves: whether `EU` is acceptable is the user's decision, not a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

# Locations that are not a place: Azure's `global` resources (Front Door, Traffic Manager,
# DNS, some Insights resources) keep no data in one region.
NOT_A_PLACE: Final = frozenset({"global"})
_GOOGLE_ZONE: Final = re.compile(r"^([a-z]+-[a-z]+\d+)-[a-z]$")
_AWS_ZONE: Final = re.compile(r"^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)[a-z]$")


def normalise_region(text: str) -> str:
    """`West Europe`, `westeurope` and `WESTEUROPE` are one key: `westeurope`."""
    return re.sub(r"[\s_]+", "", text.strip().lower())


def region_of_zone(name: str) -> str | None:
    """The region a (normalised) zone name is in; None when it is not a zone."""
    for pattern in (_GOOGLE_ZONE, _AWS_ZONE):
        match = pattern.match(name)
        if match:
            return match.group(1)
    return None


def allowed_regions(setting: Any) -> frozenset[str]:
    """The normalised allowed names from the scan setting (a list, or one name); empty when
    unset, which turns data-residency checks off."""
    if isinstance(setting, str):
        setting = [setting]
    if not isinstance(setting, Iterable):
        return frozenset()
    return frozenset(normalise_region(item) for item in setting if isinstance(item, str))


def is_allowed(location: str, allowed: frozenset[str]) -> bool:
    """True when the location, or the region of a zone, is allowed (or is not a place)."""
    name = normalise_region(location)
    if not name or name in NOT_A_PLACE or name in allowed:
        return True
    region = region_of_zone(name)
    return region is not None and region in allowed
