"""Finding the resources of an ARM template: nesting, full types and names, and resolving a
`dependsOn` entry or a resource id back to one of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacscan.frameworks.arm.expressions import ArmEvaluator, is_expression
from iacscan.graph.model import Span


@dataclass(frozen=True, slots=True)
class Entry:
    """One resource object of the template, with its full type and name."""

    node: dict[Any, Any]
    type: str
    name: str
    span: Span
    parent: Entry | None = None
    symbolic: str | None = None  # languageVersion 2.0 templates key resources by a name

    @property
    def address(self) -> str:
        return f"{self.type}/{self.name}"


def label(evaluator: ArmEvaluator, raw: Any) -> tuple[str, bool]:
    """A resource type or name as text, and whether it is known. An unknown value keeps its
    expression text, so the address stays unique and readable."""
    if not isinstance(raw, str):
        return str(raw), False
    value = evaluator.string(raw)
    evaluator.take_targets()  # a name naming another resource is no reference edge
    if isinstance(value, str):
        return value, True
    return str(raw), False


def full_type(parent: Entry | None, kind: str) -> tuple[str, bool]:
    """The child's full type, and whether it was written fully qualified."""
    if parent is None:
        return kind, True
    namespace = parent.type.split("/", 1)[0].lower()
    if "/" in kind and kind.split("/", 1)[0].lower() == namespace:
        return kind, True
    return f"{parent.type}/{kind}", False


def full_name(parent: Entry | None, kind: str, name: str, known: bool, qualified: bool) -> str:
    """The child's full name: the parent's name plus its own, unless already written whole
    (as many name segments as the type has below its provider)."""
    if parent is None:
        return name
    # An unknown name keeps its expression text, whose slashes say nothing.
    whole = name.count("/") >= kind.count("/") - 1 if known else qualified and is_expression(name)
    return name if whole else f"{parent.name}/{name}"


def children(node: Any) -> Iterator[tuple[Any, Any]]:
    """The resource objects of a `resources` array (key None), or of a symbolic-name
    `resources` object (key: the decoded symbolic name, which carries its position)."""
    if isinstance(node, list):
        for item in node:
            yield None, item
    elif isinstance(node, dict):
        yield from node.items()


class Index:
    """Looks resources of one template up by id, type/name, name or symbolic name."""

    def __init__(self, entries: list[Entry]) -> None:
        self._by_address: dict[str, Entry] = {}
        self._by_name: dict[str, list[Entry]] = {}
        self._by_symbol: dict[str, Entry] = {}
        for entry in entries:
            self._by_address.setdefault(entry.address.lower(), entry)
            for name in {entry.name.lower(), entry.name.rsplit("/", 1)[-1].lower()}:
                self._by_name.setdefault(name, []).append(entry)
            if entry.symbolic is not None:
                self._by_symbol[entry.symbolic] = entry

    def parent_of(self, entry: Entry) -> Entry | None:
        """The resource whose type and name are this one's minus the last segment."""
        if entry.parent is not None:
            return entry.parent
        if entry.type.count("/") < 2 or "/" not in entry.name:
            return None
        kind, name = entry.type.rsplit("/", 1)[0], entry.name.rsplit("/", 1)[0]
        return self._by_address.get(f"{kind}/{name}".lower())

    def resolve(self, target: str) -> Entry | None:
        """The resource a `dependsOn` entry, `resourceId()` or `reference()` argument names."""
        text = target.strip()
        if text in self._by_symbol:
            return self._by_symbol[text]
        lowered = text.lower()
        if "/providers/" in lowered:
            rest = text[lowered.rindex("/providers/") + len("/providers/") :].strip("/")
            found = self._by_address.get(rest.lower())
            return found if found is not None else self._interleaved(rest)
        found = self._by_address.get(lowered)
        if found is not None:
            return found
        named = self._by_name.get(lowered, [])
        return named[0] if len(named) == 1 else None

    def _interleaved(self, rest: str) -> Entry | None:
        """A real resource id: `Namespace/type/name/childType/childName`."""
        parts = rest.split("/")
        if len(parts) < 3 or len(parts) % 2 == 0:
            return None
        kind = "/".join([parts[0], *parts[1::2]])
        name = "/".join(parts[2::2])
        return self._by_address.get(f"{kind}/{name}".lower())
