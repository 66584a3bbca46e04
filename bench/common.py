"""Helpers shared by the corpus generators."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence


def next_component(
    rng: random.Random, names: Sequence[str], used: list[str], once: Collection[str] = ()
) -> str:
    """A component name: one not used yet in this unit while any is left, so a file mixes kinds
    of resources; after that any but the `once` kinds (an audit trail, a key vault)."""
    fresh = [n for n in sorted(names) if n not in used]
    choice = rng.choice(fresh or [n for n in sorted(names) if n not in once] or sorted(names))
    used.append(choice)
    return choice


def choose_flaws(
    rng: random.Random, insecure: bool, options: Sequence[str], p: float = 0.4
) -> set[str]:
    """Which misconfigurations a component gets: none when safe, otherwise at least one."""
    if not insecure:
        return set()
    chosen = {o for o in options if rng.random() < p}
    return chosen or {rng.choice(list(options))}
