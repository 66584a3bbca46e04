"""Evaluating CloudFormation intrinsic functions at scan time.

`Evaluator.resolve` turns a decoded `Properties` value into plain data: parameters take their
given value or default, `Fn::If` follows known conditions, `Fn::Join`/`Fn::Sub`/`Fn::Select`/
`Fn::Split`/`Fn::FindInMap`/`Fn::Base64` compute their result, and everything only known at
deploy time (resource ids, attributes, most pseudo parameters, imports) becomes `Unknown`.
`AWS::NoValue` removes the key or list element holding it. While it builds the value it records
the span of every output path from the decoder marks (so indexes stay right after a removal)
and every reference to another resource with the path where it is written.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from iacscan.frameworks.base import plain
from iacscan.frameworks.json_marks import Marks
from iacscan.graph.model import AttrPath, Span, Unknown, is_unknown


class _NoValue:
    """`AWS::NoValue`: the holder of this value is removed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<AWS::NoValue>"


NO_VALUE: Final = _NoValue()

# Pseudo parameters whose value is fixed for the scan; the others depend on the deployment.
_KNOWN_PSEUDO: Final[Mapping[str, Any]] = {"AWS::Partition": "aws", "AWS::NoValue": NO_VALUE}
_SUB_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True, slots=True)
class Reference:
    """A `Ref`/`Fn::GetAtt`/`${X}` naming resource `target`, written at `path`."""

    target: str
    path: AttrPath


@dataclass(slots=True)
class Template:
    """The parts of a template that intrinsic functions read."""

    parameters: Mapping[str, Any]
    resources: frozenset[str]
    mappings: Mapping[str, Any]
    conditions: Mapping[str, Any]


def intrinsic_name(node: Any) -> str | None:
    """The function name when `node` is an intrinsic call (`{"Ref": x}`, `{"Fn::Join": ...}`)."""
    if isinstance(node, dict) and len(node) == 1:
        key = next(iter(node))
        if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")):
            return str(key)
    return None


def _as_text(value: Any) -> str | Unknown | None:
    """A scalar as the string CloudFormation would use; None for values that are not scalars."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


class Evaluator:
    """Resolves values of one template; `spans` and `references` fill as values resolve."""

    def __init__(self, template: Template, marks: Marks) -> None:
        self.template = template
        self.marks = marks
        self.spans: dict[AttrPath, Span] = {}
        self.references: list[Reference] = []
        self._conditions: dict[str, bool | Unknown] = {}
        self._evaluating: set[str] = set()
        self._functions: dict[str, Callable[[Any, AttrPath], Any]] = {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::Join": self._join,
            "Fn::Select": self._select,
            "Fn::Split": self._split,
            "Fn::FindInMap": self._find_in_map,
            "Fn::If": self._if,
            "Fn::Base64": self._base64,
            "Fn::Length": self._length,
            "Fn::ToJsonString": self._to_json_string,
        }

    def evaluate(self, node: Any) -> tuple[Any, dict[AttrPath, Span], list[Reference]]:
        """Resolve one resource's `Properties`: its value, spans and references."""
        self.spans, self.references = {}, []
        value = self.resolve(node, ())
        return value, self.spans, self.references

    # -- structure ---------------------------------------------------------------------------

    def resolve(self, node: Any, path: AttrPath = ()) -> Any:
        """The plain value of `node` (NO_VALUE when it is `AWS::NoValue`)."""
        name = intrinsic_name(node)
        if name is not None:
            function = self._functions.get(name)
            if function is None:
                # GetAZs, ImportValue, Cidr, Transform, ...: known only at deploy time.
                self._collect(node[name], path)
                return Unknown(f"{name} is evaluated at deploy time")
            return function(node[name], path)
        if isinstance(node, dict):
            return self._resolve_mapping(node, path)
        if isinstance(node, list):
            return self._resolve_list(node, path)
        return plain(node)

    def _resolve_mapping(self, node: dict[Any, Any], path: AttrPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, raw in node.items():
            child = (*path, str(key))
            value = self.resolve(raw, child)
            if value is NO_VALUE:
                continue
            result[str(key)] = value
            span = self.marks.entry_span(key, raw)
            if span is not None:
                self.spans[child] = span
        return result

    def _resolve_list(self, node: list[Any], path: AttrPath) -> list[Any]:
        result: list[Any] = []
        for raw in node:
            child = (*path, len(result))
            value = self.resolve(raw, child)
            if value is NO_VALUE:
                continue
            result.append(value)
            span = self.marks.span(raw)
            if span is not None:
                self.spans.setdefault(child, span)
        return result

    @contextmanager
    def _scratch(self, keep_references: bool) -> Iterator[None]:
        """Evaluate without recording spans (and, unless kept, references): for operands whose
        result does not land in the output as written (conditions, unchosen branches, keys)."""
        spans, references = self.spans, self.references
        self.spans, self.references = {}, [] if not keep_references else references
        try:
            yield
        finally:
            self.spans, self.references = spans, references

    def _collect(self, node: Any, path: AttrPath) -> Any:
        """Evaluate an operand only for the references in it."""
        with self._scratch(keep_references=True):
            return self.resolve(node, path)

    def _operand(self, node: Any, path: AttrPath) -> Any:
        """An operand of a function: its value, references kept, spans not."""
        value = self._collect(node, path)
        return Unknown("AWS::NoValue used as an operand") if value is NO_VALUE else value

    # -- references ----------------------------------------------------------------------------

    def _name(self, name: str, path: AttrPath) -> Any:
        """What `Ref name` gives: a parameter, a pseudo parameter or a resource."""
        if name in self.template.parameters:
            return self.template.parameters[name]
        if name in _KNOWN_PSEUDO:
            return _KNOWN_PSEUDO[name]
        if name.startswith("AWS::"):
            return Unknown(f"{name} is known at deploy time")
        if name in self.template.resources:
            self.references.append(Reference(name, path))
            return Unknown(f"Ref {name} is known at deploy time")
        return Unknown(f"Ref to {name}, which the template does not define")

    def _ref(self, args: Any, path: AttrPath) -> Any:
        name = self._operand(args, path)
        if not isinstance(name, str):
            return Unknown("Ref needs a name")
        return self._name(name, path)

    def _get_att(self, args: Any, path: AttrPath) -> Any:
        if isinstance(args, str):
            args = args.split(".", 1)
        if isinstance(args, list) and args and isinstance(args[0], str):
            if args[0] in self.template.resources:
                self.references.append(Reference(str(args[0]), path))
            self._collect(args[1:], path)
        return Unknown("Fn::GetAtt is known at deploy time")

    def _sub(self, args: Any, path: AttrPath) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
            args, variables = args[0], self._operand(args[1], path)
            if not isinstance(variables, dict):
                return Unknown("Fn::Sub variables are not known")
        source = self._operand(args, path)
        if not isinstance(source, str):
            return Unknown("Fn::Sub needs a string")
        parts: list[Any] = []
        position = 0
        for match in _SUB_PLACEHOLDER.finditer(source):
            parts.append(source[position : match.start()])
            parts.append(self._placeholder(match.group(1), variables, path))
            position = match.end()
        parts.append(source[position:])
        texts = [_as_text(part) for part in parts]
        if any(not isinstance(text, str) for text in texts):
            return Unknown("Fn::Sub has parts known at deploy time")
        return "".join(str(text) for text in texts)

    def _placeholder(self, text: str, variables: Mapping[str, Any], path: AttrPath) -> Any:
        name = text.strip()
        if name.startswith("!"):
            return "${" + name[1:] + "}"  # ${!Literal} writes ${Literal}
        if name in variables:
            return variables[name]
        if "." in name and not name.startswith("AWS::"):
            resource, _, _ = name.partition(".")
            if resource in self.template.resources:
                self.references.append(Reference(resource, path))
            return Unknown(f"${{{name}}} is known at deploy time")
        value = self._name(name, path)
        return Unknown("AWS::NoValue in Fn::Sub") if value is NO_VALUE else value

    # -- string and list functions -------------------------------------------------------------

    def _join(self, args: Any, path: AttrPath) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return Unknown("Fn::Join needs [delimiter, list]")
        delimiter, items = self._operand(args[0], path), self._operand(args[1], path)
        if isinstance(delimiter, Unknown) or isinstance(items, Unknown):
            return Unknown("Fn::Join operands are known at deploy time")
        if not isinstance(delimiter, str) or not isinstance(items, list):
            return Unknown("Fn::Join needs [delimiter, list]")
        texts = [_as_text(item) for item in items]
        if any(not isinstance(text, str) for text in texts):
            return Unknown("Fn::Join has items known at deploy time")
        return delimiter.join(str(text) for text in texts)

    def _select(self, args: Any, path: AttrPath) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return Unknown("Fn::Select needs [index, list]")
        index, items = self._operand(args[0], path), self._operand(args[1], path)
        if isinstance(index, Unknown) or isinstance(items, Unknown):
            return Unknown("Fn::Select operands are known at deploy time")
        text = _as_text(index)
        if not isinstance(items, list) or not isinstance(text, str) or not text.isdigit():
            return Unknown("Fn::Select needs a number and a list")
        position = int(text)
        if position >= len(items):
            return Unknown(f"Fn::Select index {position} is out of range")
        return items[position]

    def _split(self, args: Any, path: AttrPath) -> Any:
        if not isinstance(args, list) or len(args) != 2:
            return Unknown("Fn::Split needs [delimiter, string]")
        delimiter, source = self._operand(args[0], path), self._operand(args[1], path)
        if not isinstance(delimiter, str) or not isinstance(source, str) or not delimiter:
            return Unknown("Fn::Split operands are not known strings")
        return source.split(delimiter)

    def _find_in_map(self, args: Any, path: AttrPath) -> Any:
        if not isinstance(args, list) or len(args) not in (3, 4):
            return Unknown("Fn::FindInMap needs [map, key, key]")
        keys = [_as_text(self._operand(arg, path)) for arg in args[:3]]
        default = _MISSING_DEFAULT
        if len(args) == 4 and isinstance(args[3], dict) and "DefaultValue" in args[3]:
            default = self._operand(args[3]["DefaultValue"], path)
        if any(not isinstance(key, str) for key in keys):
            return Unknown("Fn::FindInMap keys are known at deploy time")
        value: Any = self.template.mappings
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                if default is not _MISSING_DEFAULT:
                    return default
                return Unknown(f"Fn::FindInMap finds no {'/'.join(map(str, keys))}")
            value = value[key]
        return value

    def _base64(self, args: Any, path: AttrPath) -> Any:
        text = _as_text(self._operand(args, path))
        if not isinstance(text, str):
            return Unknown("Fn::Base64 of a value known at deploy time")
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def _length(self, args: Any, path: AttrPath) -> Any:
        items = self._operand(args, path)
        return len(items) if isinstance(items, list) else Unknown("Fn::Length of an unknown list")

    def _to_json_string(self, args: Any, path: AttrPath) -> Any:
        value = self._operand(args, path)
        if is_unknown(value):
            return Unknown("Fn::ToJsonString of a value known at deploy time")
        return json.dumps(value, separators=(",", ":"))

    # -- conditions ----------------------------------------------------------------------------

    def _if(self, args: Any, path: AttrPath) -> Any:
        if not isinstance(args, list) or len(args) != 3 or not isinstance(args[0], str):
            return Unknown("Fn::If needs [condition, value, value]")
        chosen = self.condition(str(args[0]))
        if isinstance(chosen, bool):
            return self.resolve(args[1] if chosen else args[2], path)
        # Either branch may be deployed: keep the references of both, report unknown.
        with self._scratch(keep_references=True):
            self.resolve(args[1], path)
            self.resolve(args[2], path)
        return Unknown(f"condition {args[0]} is known at deploy time")

    def condition(self, name: str) -> bool | Unknown:
        """The value of a named condition (cycle-safe, cached)."""
        if name in self._conditions:
            return self._conditions[name]
        if name in self._evaluating or name not in self.template.conditions:
            return Unknown(f"condition {name} cannot be evaluated")
        self._evaluating.add(name)
        try:
            with self._scratch(keep_references=False):
                value = self._truth(self.template.conditions[name])
        finally:
            self._evaluating.discard(name)
        self._conditions[name] = value
        return value

    def _truth(self, node: Any) -> bool | Unknown:
        name = next(iter(node)) if isinstance(node, dict) and len(node) == 1 else None
        args = node[name] if name is not None else None
        if name == "Condition" and isinstance(args, str):
            return self.condition(str(args))
        if name == "Fn::Not" and isinstance(args, list) and len(args) == 1:
            inner = self._truth(args[0])
            return inner if isinstance(inner, Unknown) else not inner
        if name in ("Fn::And", "Fn::Or") and isinstance(args, list):
            return _combine([self._truth(arg) for arg in args], want=name == "Fn::Or")
        if name == "Fn::Equals" and isinstance(args, list) and len(args) == 2:
            left, right = (self.resolve(arg) for arg in args)
            return _equals(left, right)
        if isinstance(node, bool):
            return node
        return Unknown("not a condition function")


_MISSING_DEFAULT: Final = object()


def _combine(values: list[bool | Unknown], want: bool) -> bool | Unknown:
    """Fn::Or (want=True) / Fn::And (want=False) over values that may be unknown."""
    if any(value is want for value in values):
        return want
    if any(isinstance(value, Unknown) for value in values):
        return Unknown("a condition operand is known at deploy time")
    return not want


def _equals(left: Any, right: Any) -> bool | Unknown:
    if is_unknown(left) or is_unknown(right):
        return Unknown("Fn::Equals operand is known at deploy time")
    left_text, right_text = _as_text(left), _as_text(right)
    if isinstance(left_text, str) and isinstance(right_text, str):
        return left_text == right_text  # CloudFormation compares the string forms
    return bool(left == right)
