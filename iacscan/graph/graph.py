"""The resource graph: resources indexed by id and type, and the references between them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.graph.model import AttrPath, Framework, Resource, pickled_by_fields


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Edge:
    """`source` refers to `target` (both resource ids).

    `kind` says how: `reference` (an expression names the target), `depends_on`, `parent`
    (an ARM child and its parent), `selects` (a Service selector matches a workload),
    `role_ref` / `subject` (RBAC bindings), `module_call`. `path` is where on the source the
    reference is written.
    """

    source: str
    target: str
    kind: str = "reference"
    path: AttrPath = ()


class ResourceGraph:
    """All resources of one scan. Built once, then read by every check."""

    def __init__(self, resources: Iterable[Resource] = (), edges: Iterable[Edge] = ()) -> None:
        self._by_id: dict[str, Resource] = {}
        self._by_type: dict[tuple[Framework, str], list[Resource]] = defaultdict(list)
        self._out: dict[str, list[Edge]] = defaultdict(list)
        self._in: dict[str, list[Edge]] = defaultdict(list)
        for resource in resources:
            self.add(resource)
        for edge in edges:
            self.connect(edge)

    def add(self, resource: Resource) -> None:
        if resource.id in self._by_id:
            raise ValueError(f"duplicate resource id {resource.id!r}")
        self._by_id[resource.id] = resource
        self._by_type[type_index_key(resource.framework, resource.type_key)].append(resource)

    def connect(self, edge: Edge) -> None:
        """Record an edge; edges to resources outside the graph are dropped (nothing to read)."""
        if edge.source not in self._by_id or edge.target not in self._by_id:
            return
        if edge in self._out[edge.source]:
            return
        self._out[edge.source].append(edge)
        self._in[edge.target].append(edge)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_id.values())

    def get(self, resource_id: str) -> Resource | None:
        return self._by_id.get(resource_id)

    def of_type(self, framework: Framework, type_key: str) -> list[Resource]:
        """Resources of one framework and type key (see `Resource.type_key`)."""
        return self._by_type.get(type_index_key(framework, type_key), [])

    def type_keys(self) -> Iterable[tuple[Framework, str]]:
        return self._by_type.keys()

    @property
    def edges(self) -> Iterator[Edge]:
        for edges in self._out.values():
            yield from edges

    def edges_from(self, resource: Resource, kind: str | None = None) -> list[Edge]:
        return [e for e in self._out.get(resource.id, []) if kind is None or e.kind == kind]

    def edges_to(self, resource: Resource, kind: str | None = None) -> list[Edge]:
        return [e for e in self._in.get(resource.id, []) if kind is None or e.kind == kind]

    def referenced_by(self, resource: Resource, type_key: str | None = None) -> list[Resource]:
        """Resources that refer to `resource`, e.g. the public access block of a bucket."""
        found = (self._by_id[e.source] for e in self._in.get(resource.id, []))
        return _unique(r for r in found if type_key is None or r.type_key == type_key)

    def references(self, resource: Resource, type_key: str | None = None) -> list[Resource]:
        """Resources that `resource` refers to."""
        found = (self._by_id[e.target] for e in self._out.get(resource.id, []))
        return _unique(r for r in found if type_key is None or r.type_key == type_key)

    def neighbours(self, resource: Resource, type_key: str | None = None) -> list[Resource]:
        """Resources connected to `resource` in either direction."""
        both = [*self.references(resource, type_key), *self.referenced_by(resource, type_key)]
        return _unique(both)


def type_index_key(framework: Framework, type_key: str) -> tuple[Framework, str]:
    """ARM resource types are case-insensitive (`Microsoft.Storage/storageaccounts` is common
    in real templates); every other framework's types are exact."""
    return (framework, type_key.lower() if framework is Framework.ARM else type_key)


def _unique(resources: Iterable[Resource]) -> list[Resource]:
    seen: set[str] = set()
    result = []
    for resource in resources:
        if resource.id not in seen:
            seen.add(resource.id)
            result.append(resource)
    return result
