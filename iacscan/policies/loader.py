"""Read YAML policy files into ordinary `Check`s.

Every mistake in a policy is reported with the file, the line and the field, because the
people who write policies are often not the people who wrote the scanner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import AttrPath, Framework, Resource, Span
from iacscan.policies.conditions import (
    AnyOf,
    AttributeTest,
    Condition,
    Connected,
    Not,
    all_of,
    make_test,
)

COMPARISONS = ("equals", "not_equals", "in", "not_in", "regex", "contains", "greater_than",
               "greater_or_equal", "less_than", "less_or_equal")  # fmt: skip
OPERATORS = (*COMPARISONS, "exists")
TOP_LEVEL = {"id", "name", "title", "severity", "category", "description", "remediation",
             "compliance", "equivalents", "references", "resources", "assert",
             "message"}  # fmt: skip
REQUIRED = ("id", "name", "title", "severity", "resources", "assert")


class PolicyError(Exception):
    """A policy file is invalid; the message starts with `file:line:`."""


class _Reader:
    """Validation with positions: every error names the field and its line."""

    def __init__(self, path: Path, spans: dict[AttrPath, Span]) -> None:
        self.path = path
        self.spans = spans

    def fail(self, where: AttrPath, problem: str) -> PolicyError:
        line = next((self.spans[where[:n]].line for n in range(len(where), 0, -1)
                     if where[:n] in self.spans), 1)  # fmt: skip
        field = ".".join(str(p) for p in where) or "(top level)"
        return PolicyError(f"{self.path}:{line}: {field}: {problem}")

    def mapping(self, value: Any, where: AttrPath) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping")
        return value

    def strings(self, value: Any, where: AttrPath) -> list[str]:
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a string or a list of strings")
        return value

    def condition(self, value: Any, where: AttrPath) -> Condition:
        node = self.mapping(value, where)
        if "and" in node or "or" in node:
            key = "and" if "and" in node else "or"
            items = node[key]
            if not isinstance(items, list) or not items:
                raise self.fail((*where, key), "expected a non-empty list of conditions")
            parts = tuple(self.condition(v, (*where, key, i)) for i, v in enumerate(items))
            return all_of(parts) if key == "and" else AnyOf(parts)
        if "not" in node:
            return Not(self.condition(node["not"], (*where, "not")))
        if "connected" in node:
            return self.connected(node["connected"], (*where, "connected"))
        if "attribute" in node:
            return self.attribute(node, where)
        raise self.fail(where, "expected one of: and, or, not, attribute, connected")

    def connected(self, value: Any, where: AttrPath) -> Condition:
        node = self.mapping(value, where)
        direction = node.get("direction", "any")
        if direction not in ("in", "out", "any"):
            raise self.fail((*where, "direction"), "expected in, out or any")
        inner = node.get("assert")
        return Connected(
            types=tuple(self.strings(node.get("types", []), (*where, "types"))),
            direction=direction,
            condition=None if inner is None else self.condition(inner, (*where, "assert")),
        )

    def attribute(self, node: dict[str, Any], where: AttrPath) -> Condition:
        from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
        from jsonpath_ng.ext.parser import parse as parse_jsonpath

        operators = [k for k in node if k in OPERATORS]
        unknown = sorted(set(node) - {*OPERATORS, "attribute", "quantifier", "missing"})
        if unknown:
            raise self.fail((*where, unknown[0]), f"unknown key; operators: {', '.join(OPERATORS)}")
        if len(operators) != 1:
            raise self.fail(where, f"give exactly one operator of: {', '.join(OPERATORS)}")
        operator = operators[0]
        raw = node["attribute"]
        by_framework = raw if isinstance(raw, dict) else {f.value: raw for f in Framework}
        paths = {}
        for name, text in by_framework.items():
            try:
                framework = Framework(name)
                paths[framework] = parse_jsonpath(str(text))
            except ValueError:
                raise self.fail((*where, "attribute", name), "unknown framework") from None
            except (JsonPathLexerError, JsonPathParserError, Exception) as exc:
                raise self.fail((*where, "attribute"), f"invalid jsonpath: {exc}") from None
        operand = node[operator]
        test = None
        if operator != "exists":
            try:
                test = make_test(operator, operand)
            except (TypeError, ValueError, Exception) as exc:
                raise self.fail((*where, operator), f"invalid operand: {exc}") from None
        elif not isinstance(operand, bool):
            raise self.fail((*where, operator), "expected true or false")
        quantifier = node.get("quantifier", "all")
        missing = node.get("missing", "fail")
        if quantifier not in ("all", "any"):
            raise self.fail((*where, "quantifier"), "expected all or any")
        if missing not in ("pass", "fail"):
            raise self.fail((*where, "missing"), "expected pass or fail")
        return AttributeTest(
            paths=paths,
            operator=operator,
            test=test,
            expect_exists=operand is True if operator == "exists" else True,
            quantifier=quantifier,
            missing_passes=missing == "pass",
        )


def load_policy(path: Path) -> Check:
    from iacscan.frameworks.yaml_positions import YamlError, load_document

    try:
        document = load_document(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc}") from exc
    except YamlError as exc:
        raise PolicyError(f"{path}:{exc.line}: invalid YAML: {exc.message}") from exc
    reader = _Reader(path, document.spans)
    data = reader.mapping(document.data, ())
    for key in data:
        if key not in TOP_LEVEL:
            raise reader.fail(
                (key,), f"unknown key; expected one of {', '.join(sorted(TOP_LEVEL))}"
            )
    for key in REQUIRED:
        if key not in data:
            raise reader.fail((), f"missing required key {key!r}")
    try:
        severity = Severity.parse(str(data["severity"]))
    except ValueError as exc:
        raise reader.fail(("severity",), str(exc)) from None
    targets: dict[Framework, list[str]] = {}
    for name, types in reader.mapping(data["resources"], ("resources",)).items():
        try:
            targets[Framework(name)] = reader.strings(types, ("resources", name))
        except ValueError:
            raise reader.fail(("resources", name), "unknown framework") from None
    condition = reader.condition(data["assert"], ("assert",))
    message = str(data.get("message") or data["title"])

    def evaluate(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        outcome = condition.evaluate(resource, context.graph)
        if outcome.result is False:
            yield Violation(at=outcome.at or resource, message=message)

    evaluate.__doc__ = str(data.get("description", data["title"]))
    evaluate.__module__ = str(path)
    return check(
        id=str(data["id"]),
        name=str(data["name"]),
        title=str(data["title"]),
        severity=severity,
        category=str(data.get("category", "custom")),
        targets=targets,
        remediation=str(data.get("remediation", "")),
        compliance=_string_lists(reader, data, "compliance"),
        equivalents=_string_lists(reader, data, "equivalents"),
        references=reader.strings(data.get("references", []), ("references",)),
    )(evaluate)


def _string_lists(reader: _Reader, data: dict[str, Any], key: str) -> dict[str, list[str]]:
    mapping = reader.mapping(data.get(key, {}), (key,))
    return {name: reader.strings(value, (key, name)) for name, value in mapping.items()}
