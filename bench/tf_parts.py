"""What a Terraform component generator returns, and the context it draws names from."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.common import choose_flaws
from bench.hcl import Block, Call, Raw, Value, block


@dataclass(frozen=True)
class Var:
    name: str
    type: str
    description: str
    default: Value = None
    has_default: bool = True
    sensitive: bool = False

    def to_block(self) -> Block:
        body: list[tuple[str, Value]] = [
            ("description", self.description),
            ("type", Raw(self.type)),
        ]
        if self.has_default:
            body.append(("default", self.default))
        if self.sensitive:
            body.append(("sensitive", True))
        return block("variable", self.name, body=body)


@dataclass
class Part:
    """One component: resources plus the variables and outputs it needs."""

    resources: list[Block] = field(default_factory=list)
    variables: list[Var] = field(default_factory=list)
    outputs: list[Block] = field(default_factory=list)


@dataclass
class ModuleCtx:
    """Per-module state: the random source, whether this component is misconfigured, and the
    labels of resources already written (so later ones can reference them)."""

    rng: random.Random
    insecure: bool = False
    labels: dict[str, list[str]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def label(self, stem: str) -> str:
        """A resource label unique within the module: `logs`, `logs_2`, ..."""
        candidate, n = stem, 1
        while candidate in self.used:
            n += 1
            candidate = f"{stem}_{n}"
        self.used.add(candidate)
        return candidate

    def remember(self, kind: str, label: str) -> None:
        self.labels.setdefault(kind, []).append(label)

    def first(self, kind: str) -> str | None:
        found = self.labels.get(kind)
        return found[0] if found else None

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def flaws(self, *options: str) -> set[str]:
        """Which of a component's misconfigurations to write: none when the component is safe,
        otherwise at least one."""
        return choose_flaws(self.rng, self.insecure, options)


def output(name: str, expr: str, description: str, sensitive: bool = False) -> Block:
    body: list[tuple[str, Value]] = [("description", description), ("value", Raw(expr))]
    if sensitive:
        body.append(("sensitive", True))
    return block("output", name, body=body)


def tags(extra: dict[str, Value] | None = None) -> Value:
    """`local.common_tags`, or `merge(local.common_tags, {...})` with extra tags."""
    if not extra:
        return Raw("local.common_tags")
    return Call("merge", (Raw("local.common_tags"), extra))
