"""Azure Resource Manager templates -> graph resources, following docs/resource-model.md.

One resource per entry of `resources`, nested children included with the parent's type and
name in front of their own; address `<type>/<name>`; attributes the resource object without
its nested `resources`, expressions evaluated. Edges: child -> parent (`parent`), `dependsOn`
(`depends_on`), `resourceId()`/`reference()`/`list*()` in values (`reference`, with the path).
A resource whose `condition` is known to be false is not deployed: it and its children are
not emitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacscan.frameworks.arm.expressions import ArmEvaluator
from iacscan.frameworks.arm.parameters import file_parameters
from iacscan.frameworks.arm.resources import (
    Entry,
    Index,
    children,
    full_name,
    full_type,
    label,
)
from iacscan.frameworks.base import (
    FileError,
    ParseOptions,
    ParseResult,
    ScanUnit,
    SourceFile,
    plain,
    resource_id,
)
from iacscan.frameworks.json_marks import Marks, decode, mapping_key, strip_json_comments
from iacscan.graph.graph import Edge
from iacscan.graph.model import AttrPath, Framework, Resource, Span


@dataclass(slots=True)
class _Template:
    """One template being read."""

    source: SourceFile
    marks: Marks
    evaluator: ArmEvaluator
    result: ParseResult
    entries: list[Entry] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.result.errors.append(FileError(self.source.rel, line, message))


class ArmAdapter:
    """The `Adapter` for ARM templates: one unit is one template file."""

    framework = Framework.ARM

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        result = ParseResult()
        from_files, file_errors = file_parameters(options.parameter_files)
        result.errors.extend(file_errors)
        for source in unit.files:
            try:
                _parse_template(source, dict(options.cfn_parameters), from_files, result)
            except Exception as exc:  # a bug here must cost one file, not the scan
                message = f"internal error while reading the template: {exc!r}"
                result.errors.append(FileError(source.rel, 1, message, kind="eval"))
        return result

    def link(self, resources: list[Resource]) -> list[Edge]:
        return []


def _parse_template(
    source: SourceFile, given_text: dict[str, str], given: dict[str, Any], result: ParseResult
) -> None:
    text = strip_json_comments(source.text)
    decoded = decode(text)
    for error in decoded.errors:
        result.errors.append(
            FileError(source.rel, error.line, error.message, error.column, kind=error.kind)
        )
    data = decoded.data
    if data is None:
        return
    if not isinstance(data, dict):
        result.errors.append(FileError(source.rel, 1, "an ARM template must be a JSON object"))
        return
    marks = Marks(text, decoded.column_base)
    declared = data.get("parameters")
    variables = data.get("variables")
    evaluator = ArmEvaluator(
        declared if isinstance(declared, dict) else {},
        given_text,
        given,
        variables if isinstance(variables, dict) else {},
    )
    template = _Template(source, marks, evaluator, result)
    resources = data.get("resources")
    if not isinstance(resources, (list, dict)):
        line = (marks.start(mapping_key(data, "resources")) or (1, 0))[0]
        template.error(line, 'the template has no resources array: add `"resources": []`')
        return
    _collect(template, resources, None)
    _emit(template)


def _collect(template: _Template, nodes: Any, parent: Entry | None) -> None:
    """Record every resource object under `nodes`, depth first, parents before children."""
    evaluator = template.evaluator
    for key, node in children(nodes):
        marks = template.marks
        span = marks.span(node) if key is None else marks.entry_span(key, node)
        span = span or (parent.span if parent else Span(1, 1))
        symbolic = None if key is None else str(key)
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            template.error(span.line, 'a resource needs a "type" such as Microsoft.Sql/servers')
            continue
        if "condition" in node and evaluator.value(node["condition"]) is False:
            evaluator.take_targets()
            continue  # not deployed, nor are its children
        evaluator.take_targets()
        raw_type, _ = label(evaluator, node["type"])
        kind, qualified = full_type(parent, raw_type)
        raw_name, known = label(evaluator, node.get("name", ""))
        name = full_name(parent, kind, raw_name, known, qualified)
        entry = Entry(node, kind, name, span, parent, symbolic)
        template.entries.append(entry)
        _collect(template, node.get("resources"), entry)


def _emit(template: _Template) -> None:
    index = Index(template.entries)
    rel = template.source.rel
    used: set[str] = set()
    ids: dict[int, str] = {}
    for entry in template.entries:
        address = _unique(entry.address, used)
        ids[id(entry)] = resource_id(rel, address)
    edges: list[Edge] = []
    for entry in template.entries:
        own = ids[id(entry)]
        attributes, spans, targets = _attributes(template, entry)
        template.result.resources.append(
            Resource(
                id=own,
                address=own.split("::", 1)[1],
                framework=Framework.ARM,
                type=entry.type,
                name=entry.name,
                file=rel,
                span=entry.span,
                attributes=attributes,
                spans=spans,
                meta={"symbolic_name": entry.symbolic} if entry.symbolic else {},
            )
        )
        edges.extend(_edges(template, index, ids, entry, targets))
    template.result.edges.extend(dict.fromkeys(edges))


def _unique(address: str, used: set[str]) -> str:
    """Addresses must be unique in a file; two resources whose names are both unknown
    expressions could collide, so later ones get `#2`, `#3`, ..."""
    candidate, number = address, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{address}#{number}"
    used.add(candidate.lower())
    return candidate


def _edges(
    template: _Template,
    index: Index,
    ids: dict[int, str],
    entry: Entry,
    targets: list[tuple[str, AttrPath]],
) -> list[Edge]:
    own = ids[id(entry)]
    edges: list[Edge] = []
    parent = index.parent_of(entry)
    if parent is not None:
        edges.append(Edge(own, ids[id(parent)], "parent"))
    depends = entry.node.get("dependsOn")
    for raw in depends if isinstance(depends, list) else []:
        value = template.evaluator.value(raw)
        template.evaluator.take_targets()
        found = index.resolve(value) if isinstance(value, str) else None
        if found is not None and found is not entry:
            edges.append(Edge(own, ids[id(found)], "depends_on"))
    for target, path in targets:
        found = index.resolve(target)
        if found is not None and found is not entry:
            edges.append(Edge(own, ids[id(found)], "reference", path))
    return edges


def _attributes(
    template: _Template, entry: Entry
) -> tuple[dict[str, Any], dict[AttrPath, Span], list[tuple[str, AttrPath]]]:
    """The evaluated resource object (minus nested `resources`), its spans and the
    resources its values name."""
    walker = _Walker(template, _inner_scope(entry.node))
    attributes: dict[str, Any] = {}
    for key, raw in entry.node.items():
        if key == "resources":
            continue
        attributes[str(key)] = walker.walk(key, raw, (str(key),))
    return attributes, walker.spans, walker.targets


def _inner_scope(node: dict[Any, Any]) -> bool:
    """A nested deployment with `inner` scope evaluates its template's expressions against
    its own parameters, not ours: leave them as written."""
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return False
    options = properties.get("expressionEvaluationOptions")
    scope = options.get("scope") if isinstance(options, dict) else None
    return isinstance(scope, str) and scope.lower() == "inner"


class _Walker:
    def __init__(self, template: _Template, inner_scope: bool) -> None:
        self.template = template
        self.inner_scope = inner_scope
        self.spans: dict[AttrPath, Span] = {}
        self.targets: list[tuple[str, AttrPath]] = []

    def walk(self, key: Any, raw: Any, path: AttrPath) -> Any:
        span = self.template.marks.entry_span(key, raw) if key is not None else None
        if span is None:
            span = self.template.marks.span(raw)
        if span is not None:
            self.spans[path] = span
        if self.inner_scope and path[:2] == ("properties", "template"):
            return plain(raw)
        if isinstance(raw, dict):
            return {str(k): self.walk(k, v, (*path, str(k))) for k, v in raw.items()}
        if isinstance(raw, list):
            return [self.walk(None, item, (*path, i)) for i, item in enumerate(raw)]
        if not isinstance(raw, str):
            return plain(raw)
        evaluator = self.template.evaluator
        value = evaluator.string(raw)
        named = evaluator.take_targets()
        if path[0] != "dependsOn":  # dependsOn entries become depends_on edges instead
            self.targets.extend((target, path) for target in named)
        return value
