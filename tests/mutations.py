"""Randomly mutated texts for the differential tests of the fast readers (HCL, templates)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def mutated(seed: int, sources: Sequence[str], pieces: Sequence[str]) -> str:
    """One of `sources` with one to three random insertions (of `pieces`), deletions or
    copies."""
    rng = random.Random(seed)
    text = rng.choice(sources)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.5:
            text = text[:at] + rng.choice(pieces) + text[at:]
        elif kind < 0.8:
            text = text[:at] + text[at + rng.randint(1, 5) :]
        else:
            other = rng.randrange(len(text) + 1)
            text = text[:at] + text[min(at, other) : max(at, other)][:50] + text[at:]
    return text


def for_seeds(examples: int, derandomize: bool, case: Callable[[int], None]) -> None:
    """Run `case` on `examples` seeds drawn by hypothesis (a fixed set when `derandomize`)."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.integers(min_value=0, max_value=2**32))
    def run(seed: int) -> None:
        case(seed)

    run()
