"""CloudFormation (and SAM) templates -> graph resources, following docs/resource-model.md.

One resource per entry of `Resources`: address and name are the logical id, attributes the
evaluated `Properties`, meta the resource-level keys. SAM templates are read as written (no
transform runs), so their types stay `AWS::Serverless::*`; their `Globals` are merged into
each resource as the transform would (sam_globals.py). Resources whose `Condition` is known
to be false are not deployed and not emitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from iacscan.frameworks.base import (
    FileError,
    ParseOptions,
    ParseResult,
    ScanUnit,
    SourceFile,
    plain,
    resource_id,
)
from iacscan.frameworks.cloudformation.intrinsics import NO_VALUE, Evaluator, Reference, Template
from iacscan.frameworks.cloudformation.parameters import file_parameters, parameter_values
from iacscan.frameworks.cloudformation.sam_globals import globals_section, merge_globals
from iacscan.frameworks.json_marks import Marks, decode, mapping_key
from iacscan.graph.graph import Edge
from iacscan.graph.model import Framework, Resource, Span

META_KEYS: Final = ("Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy")


@dataclass(slots=True)
class _FileContext:
    """What reading one template needs besides the resource at hand."""

    source: SourceFile
    marks: Marks
    evaluator: Evaluator
    result: ParseResult
    data: dict[Any, Any]
    edges: list[Edge] = field(default_factory=list)

    def error(self, line: int, message: str, column: int = 0) -> None:
        self.result.errors.append(FileError(self.source.rel, line, message, column))


class CloudFormationAdapter:
    """The `Adapter` for CloudFormation: one unit is one template file."""

    framework = Framework.CLOUDFORMATION

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        result = ParseResult()
        from_files, file_errors = file_parameters(options.parameter_files)
        result.errors.extend(file_errors)
        given = {**from_files, **options.cfn_parameters}
        for source in unit.files:
            try:
                _parse_template(source, given, result)
            except Exception as exc:  # a bug here must cost one file, not the scan
                message = f"internal error while reading the template: {exc!r}"
                result.errors.append(FileError(source.rel, 1, message, kind="eval"))
        return result

    def link(self, resources: list[Resource]) -> list[Edge]:
        return []


def _parse_template(source: SourceFile, given: dict[str, str], result: ParseResult) -> None:
    decoded = decode(source.text)
    for error in decoded.errors:
        result.errors.append(
            FileError(source.rel, error.line, error.message, error.column, kind=error.kind)
        )
    data = decoded.data
    if data is None:
        return
    if not isinstance(data, dict):
        message = "a CloudFormation template must be a mapping with a Resources section"
        result.errors.append(FileError(source.rel, 1, message))
        return
    marks = Marks(source.text, decoded.column_base)
    resources = data.get("Resources")
    if not isinstance(resources, dict):
        key = mapping_key(data, "Resources")
        line = (marks.start(key) or (1, 0))[0]
        message = "the template has no Resources mapping: add one with at least one resource"
        result.errors.append(FileError(source.rel, line, message))
        return
    if not all(isinstance(key, str) for key in resources):
        lines = source.text.splitlines()
        resources = {_written_key(key, body, lines): body for key, body in resources.items()}
    mappings, conditions = data.get("Mappings"), data.get("Conditions")
    template = Template(
        parameters=parameter_values(data.get("Parameters"), given),
        resources=frozenset(str(name) for name in resources),
        mappings=plain(mappings) if isinstance(mappings, dict) else {},
        conditions=conditions if isinstance(conditions, dict) else {},
    )
    context = _FileContext(source, marks, Evaluator(template, marks), result, data)
    for key, body in resources.items():
        _read_resource(context, key, body)
    result.edges.extend(dict.fromkeys(context.edges))


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int  # 0-based, as PyYAML's marks
    column: int


class _WrittenKey(str):
    """A logical id as written, with the mark YAML's resolver dropped when it made a boolean or
    a number of it (`Off:`, `Yes:`, `1234:`)."""

    start_mark: _Mark


_KEY_LINE = re.compile(r"""^([ \t]*(?:-[ \t]+)?)(['"]?)([^\s'":#]+)\2[ \t]*:""")


def _written_key(key: Any, body: Any, lines: list[str]) -> Any:
    """`key` as its text in the template, found on the lines up to where its value starts."""
    if isinstance(key, str) or not hasattr(body, "start_mark"):
        return key
    last = min(body.start_mark.line, len(lines) - 1)
    for number in range(last, max(last - 20, -1), -1):
        match = _KEY_LINE.match(lines[number])
        if match is None:
            continue
        scalar = _yaml_scalar(match.group(3))
        if type(scalar) is not type(key) or scalar != key:  # `Yes` (True) is not `1`
            continue
        written = _WrittenKey(match.group(3))
        written.start_mark = _Mark(number, len(match.group(1)))
        return written
    return key


def _yaml_scalar(word: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(word)
    except yaml.YAMLError:
        return None


def _read_resource(context: _FileContext, key: Any, body: Any) -> None:
    logical_id = str(key)
    marks = context.marks
    span = marks.entry_span(key, body) or Span(1, 1)
    if logical_id.startswith("Fn::ForEach::"):
        message = f"{logical_id} is not expanded: the resources it makes are not scanned"
        context.result.notices.append(FileError(context.source.rel, span.line, message))
        return
    kind = body.get("Type") if isinstance(body, dict) else None
    if not isinstance(kind, str) or not isinstance(body, dict):
        context.error(span.line, f"resource {logical_id} needs a Type such as AWS::S3::Bucket")
        return
    condition = body.get("Condition")
    if isinstance(condition, str) and context.evaluator.condition(str(condition)) is False:
        return  # not deployed
    attributes, spans, references = context.evaluator.evaluate(body.get("Properties", {}))
    if attributes is NO_VALUE:
        attributes = {}
    if not isinstance(attributes, dict):
        message = f"the Properties of {logical_id} are known only at deploy time"
        context.result.notices.append(FileError(context.source.rel, span.line, message))
        attributes, spans = {}, {}
    references = [*references, *_apply_globals(context, str(kind), attributes, spans)]
    rel = context.source.rel
    own_id = resource_id(rel, logical_id)
    context.result.resources.append(
        Resource(
            id=own_id,
            address=logical_id,
            framework=Framework.CLOUDFORMATION,
            type=str(kind),
            name=logical_id,
            file=rel,
            span=span,
            attributes=attributes,
            spans=spans,
            meta={name: plain(body[name]) for name in META_KEYS if name in body},
        )
    )
    for reference in references:
        if reference.target != logical_id:
            target = resource_id(rel, reference.target)
            context.edges.append(Edge(own_id, target, "reference", reference.path))
    for target in _depends_on(body.get("DependsOn")):
        if target in context.evaluator.template.resources and target != logical_id:
            context.edges.append(Edge(own_id, resource_id(rel, target), "depends_on"))


def _apply_globals(
    context: _FileContext, kind: str, attributes: dict[str, Any], spans: dict[Any, Span]
) -> list[Reference]:
    """Merge the template's SAM `Globals` for this type; return the references they hold."""
    section = globals_section(context.data, kind)
    if section is None:
        return []
    defaults, default_spans, references = context.evaluator.evaluate(section)
    if not isinstance(defaults, dict):
        return []
    taken = merge_globals(attributes, spans, defaults, default_spans)
    return [r for r in references if any(r.path[: len(p)] == p for p in taken)]


def _depends_on(value: Any) -> list[str]:
    if isinstance(value, str):
        return [str(value)]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str)]
    return []
