"""A plan's `configuration` -> edges between its resource instances.

Each expression in the configuration lists the references it makes (`aws_s3_bucket.b.id`,
`module.logs[1].bucket_id`, `var.bucket`). They are resolved in the module instance of the
resource that makes them: `var.x` inside a module goes to what the calling block passed,
`module.m.out` to what the output's expression refers to inside that module instance.
`local.x` cannot be followed: the configuration does not describe locals (when the `.tf`
sources are beside the plan, their edges fill that gap). A raw state's `dependencies` become
edges too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from iacscan.frameworks.terraform_plan.addresses import (
    module_address,
    module_path,
    steps,
    without_keys,
)
from iacscan.frameworks.terraform_plan.values import Entry
from iacscan.graph.model import AttrPath

Link = tuple[Entry, Entry, str, AttrPath]  # source, target, kind, path
_NO_TARGET = frozenset({"local", "each", "count", "path", "terraform", "self"})


class PlanReferences:
    def __init__(self, configuration: Any, entries: list[Entry]) -> None:
        root = configuration.get("root_module") if isinstance(configuration, dict) else None
        self.root = root if isinstance(root, dict) else {}
        self.by_module: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        self.modules: set[str] = {""}
        for entry in entries:
            self.by_module[(entry.module, entry.local_address)].append(entry)
            calls = module_path(entry.module)
            for depth in range(1, len(calls) + 1):
                self.modules.add(module_address(calls[:depth]))

    def links(self, entries: list[Entry]) -> Iterator[Link]:
        for entry in entries:
            config = self._config_resource(entry)
            if config is None:
                continue
            for path, references in expression_references(config.get("expressions"), ()):
                for target in self._resolve_all(references, entry.module):
                    yield entry, target, "reference", path
            for name in ("count", "for_each"):
                repeat = _get(config, f"{name}_expression", "references")
                for target in self._resolve_all(repeat, entry.module):
                    yield entry, target, "reference", (name,)
            for target in self._resolve_all(config.get("depends_on"), entry.module):
                yield entry, target, "depends_on", ("depends_on",)

    def _resolve_all(self, references: Any, context: str) -> list[Entry]:
        if not isinstance(references, list):
            return []
        found: dict[str, Entry] = {}
        for reference in references:
            if isinstance(reference, str):
                for target in self.resolve(reference, context, set()):
                    found.setdefault(target.address, target)
        return list(found.values())

    def resolve(self, reference: str, context: str, seen: set[tuple[str, str]]) -> list[Entry]:
        """The instances `reference` names when written in module instance `context`."""
        parts = steps(reference)
        if len(parts) < 2 or parts[0][0] != "name" or parts[1][0] != "name":
            return []
        head, name = str(parts[0][1]), str(parts[1][1])
        if head in _NO_TARGET or (reference, context) in seen:
            return []
        seen.add((reference, context))
        if head == "var":
            return self._variable(name, context, seen)
        if head == "module":
            return self._output(name, parts[2:], context, seen)
        if head == "data":
            if len(parts) < 3 or parts[2][0] != "name":
                return []
            base, rest = f"data.{name}.{parts[2][1]}", parts[3:]
        else:
            base, rest = f"{head}.{name}", parts[2:]
        candidates = self.by_module.get((context, base), [])
        if rest and rest[0][0] == "index" and rest[0][1] is not None:
            chosen = [e for e in candidates if e.index == rest[0][1]]
            return chosen or candidates
        return list(candidates)

    def _variable(self, name: str, context: str, seen: set[tuple[str, str]]) -> list[Entry]:
        calls = module_path(context)
        if not calls:
            return []  # a root variable: nothing to point at in a plan
        parent = module_address(calls[:-1])
        call = _get(self._config_module(parent), "module_calls", calls[-1][0])
        references = _get(call, "expressions", name, "references")
        return self._resolve_in(references, parent, seen)

    def _output(
        self, call: str, rest: list[tuple[str, Any]], context: str, seen: set[tuple[str, str]]
    ) -> list[Entry]:
        key: Any = None
        if rest and rest[0][0] == "index":
            key, rest = rest[0][1], rest[1:]
        if not rest or rest[0][0] != "name":
            return []
        output = str(rest[0][1])
        parent = module_path(context)
        found: list[Entry] = []
        for instance in sorted(self.modules):
            calls = module_path(instance)
            if len(calls) != len(parent) + 1 or calls[:-1] != parent or calls[-1][0] != call:
                continue
            if key is not None and calls[-1][1] != key:
                continue
            config = self._config_module(instance)
            references = _get(config, "outputs", output, "expression", "references")
            found.extend(self._resolve_in(references, instance, seen))
        return found

    def _resolve_in(self, references: Any, context: str, seen: set[tuple[str, str]]) -> list[Entry]:
        if not isinstance(references, list):
            return []
        return [t for r in references if isinstance(r, str) for t in self.resolve(r, context, seen)]

    def _config_module(self, module: str) -> Any:
        node: Any = self.root
        for name, _ in module_path(module):
            node = _get(node, "module_calls", name, "module")
        return node

    def _config_resource(self, entry: Entry) -> dict[str, Any] | None:
        resources = _get(self._config_module(entry.module), "resources")
        for config in resources if isinstance(resources, list) else []:
            if (
                isinstance(config, dict)
                and config.get("mode", "managed") == entry.mode
                and config.get("type") == entry.type
                and config.get("name") == entry.name
            ):
                return config
        return None


def expression_references(block: Any, path: AttrPath) -> Iterator[tuple[AttrPath, list[str]]]:
    """(attribute path, references) for every expression of a block expressions
    representation: attributes, nested blocks (lists of blocks get their index in the path,
    like the values do)."""
    if not isinstance(block, dict):
        return
    for key, value in block.items():
        here = (*path, key)
        if _is_expression(value):
            references = value.get("references")
            if isinstance(references, list):
                yield here, [r for r in references if isinstance(r, str)]
        elif isinstance(value, list):
            for position, item in enumerate(value):
                yield from expression_references(item, (*here, position))
        elif isinstance(value, dict):
            yield from expression_references(value, here)


def dependency_links(entries: list[Entry]) -> Iterator[Link]:
    """A raw state's recorded `dependencies` (addresses without instance keys)."""
    by_base: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_base[without_keys(entry.address)].append(entry)
    for entry in entries:
        for dependency in entry.meta.get("dependencies", ()):
            for target in by_base.get(dependency, []):
                yield entry, target, "reference", ()


def _is_expression(value: Any) -> bool:
    return isinstance(value, dict) and (
        not value or "references" in value or "constant_value" in value
    )


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node
