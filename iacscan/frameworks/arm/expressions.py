"""Evaluating ARM template expressions (`"[concat(parameters('prefix'), '-sql')]"`).

A string that starts with `[` and ends with `]` is an expression, unless it starts with `[[`,
which escapes a literal `[`. Parameters take the value given on the command line or in a
parameters file, else their `defaultValue`; variables evaluate recursively (a cycle gives
`Unknown`). Whatever is known only at deploy time (`reference`, `listKeys`, `uniqueString`,
`resourceGroup().location`, ...) is `Unknown`, and `Unknown` propagates. `resourceId`,
`reference` and `list*` calls record the resource they name in `targets` so the adapter can
draw edges; `resourceId` returns `/providers/<type>/<names>` so that id resolves too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from iacscan.frameworks.arm import functions
from iacscan.frameworks.arm.parser import Call, ExpressionError, Literal, Member, Node
from iacscan.frameworks.arm.parser import parse_expression as _parse
from iacscan.graph.model import Unknown

_ID_FUNCTIONS = frozenset({"resourceid", "subscriptionresourceid", "tenantresourceid"})
_RESOURCE_GROUP_KEYS = ("id", "name", "location", "managedBy", "tags", "properties")
_SUBSCRIPTION_KEYS = ("id", "subscriptionId", "tenantId", "displayName")


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> Node | ExpressionError:
    try:
        return _parse(text)
    except ExpressionError as exc:
        return exc
    except RecursionError:
        return ExpressionError("expression nested too deeply")


def is_expression(text: str) -> bool:
    return text.startswith("[") and text.endswith("]") and not text.startswith("[[")


def typed_parameter(kind: str, text: str) -> Any:
    """A parameter value given as text (`--parameter name=value`) in its declared type."""
    kind = kind.lower()
    try:
        if kind == "int":
            return int(text.strip())
        if kind == "bool":
            return functions.call("bool", [text])
        if kind in ("object", "secureobject", "array"):
            return json.loads(text)
    except ValueError:
        return Unknown(f"{text!r} is not a valid {kind}")
    return text


class ArmEvaluator:
    """Evaluates the expressions of one template."""

    def __init__(
        self,
        declared: Mapping[str, Any],
        given_text: Mapping[str, str],
        given_values: Mapping[str, Any],
        variables: Mapping[str, Any],
    ) -> None:
        # ARM parameter and variable names are case-insensitive.
        self._declared = {str(k).lower(): v for k, v in declared.items()}
        self._given_text = {k.lower(): v for k, v in given_text.items()}
        self._given_values = {k.lower(): v for k, v in given_values.items()}
        self._variables = {str(k).lower(): v for k, v in variables.items()}
        self._cache: dict[tuple[str, str], tuple[Any, tuple[str, ...]]] = {}
        self._active: set[tuple[str, str]] = set()
        self.targets: list[str] = []
        self._specials: dict[str, Callable[[Call], Any]] = {
            "if": self._if,
            "parameters": lambda node: self._lookup("parameter", node, self._parameter),
            "variables": lambda node: self._lookup("variable", node, self._variable),
            "resourcegroup": lambda node: _deploy_object(_RESOURCE_GROUP_KEYS, "resource group"),
            "subscription": lambda node: _deploy_object(_SUBSCRIPTION_KEYS, "subscription"),
        }

    def take_targets(self) -> list[str]:
        """The resources named since the last call (ids or names, as written)."""
        targets, self.targets = self.targets, []
        return targets

    def value(self, raw: Any) -> Any:
        """Evaluate every expression string inside a JSON value."""
        if isinstance(raw, dict):
            return {str(key): self.value(item) for key, item in raw.items()}
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(raw, str):
            return self.string(raw)
        return raw

    def string(self, text: str) -> Any:
        text = str(text)
        if text.startswith("[[") and text.endswith("]"):
            return text[1:]  # escaped literal "[...]"
        if not is_expression(text):
            return text
        node = _parse_cached(text[1:-1])
        if isinstance(node, ExpressionError):
            return Unknown(f"invalid expression {text}: {node}")
        try:
            return self.evaluate(node)
        except RecursionError:
            return Unknown("expression nested too deeply")

    def evaluate(self, node: Node) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Member):
            return _member(self.evaluate(node.target), self.evaluate(node.key))
        return self._call(node)

    def _call(self, node: Call) -> Any:
        special = self._specials.get(node.name)
        if special is not None:
            return special(node)
        args = [self.evaluate(arg) for arg in node.args]
        if node.name == "reference" or node.name.startswith("list"):
            if args and isinstance(args[0], str):
                self.targets.append(args[0])
            return Unknown(f"{node.name}() is known at deploy time")
        if node.name in _ID_FUNCTIONS:
            return self._resource_id(args)
        return functions.call(node.name, args)

    def _if(self, node: Call) -> Any:
        if len(node.args) != 3:
            return Unknown("if() needs three arguments")
        condition = self.evaluate(node.args[0])
        if isinstance(condition, bool):
            return self.evaluate(node.args[1] if condition else node.args[2])
        self.evaluate(node.args[1])  # for the resources either branch may name
        self.evaluate(node.args[2])
        return Unknown("if() condition is known at deploy time")

    def _resource_id(self, args: list[Any]) -> Any:
        """`/providers/<type>/<name>/<name>`: the optional scope arguments before the type
        (subscription id, resource group) are left out, so they need not be known."""
        position = next((i for i, a in enumerate(args) if isinstance(a, str) and "/" in a), None)
        if position is None:
            return Unknown("resourceId() without a known resource type")
        kind, names = args[position], args[position + 1 :]
        if not names or not all(isinstance(name, str) for name in names):
            return Unknown("resourceId() of a name known at deploy time")
        resource_id = f"/providers/{kind}/{'/'.join(names)}"
        self.targets.append(resource_id)
        return resource_id

    def _lookup(self, kind: str, node: Call, compute: Callable[[str], Any]) -> Any:
        """A parameter or variable value, cached with the resources it names; cycle-safe."""
        name = self.evaluate(node.args[0]) if len(node.args) == 1 else None
        if not isinstance(name, str):
            return Unknown(f"{kind}s() needs a known name")
        key = (kind, name.lower())
        if key in self._cache:
            value, targets = self._cache[key]
            self.targets.extend(targets)
            return value
        if key in self._active:
            return Unknown(f"{kind} {name} refers to itself")
        self._active.add(key)
        outer, self.targets = self.targets, []
        try:
            value = compute(name.lower())
        finally:
            self._active.discard(key)
            inner, self.targets = self.targets, outer
        self._cache[key] = (value, tuple(inner))
        self.targets.extend(inner)
        return value

    def _parameter(self, name: str) -> Any:
        declaration = self._declared.get(name)
        if not isinstance(declaration, dict):
            return Unknown(f"parameter {name} is not declared")
        if name in self._given_text:
            return typed_parameter(str(declaration.get("type", "string")), self._given_text[name])
        if name in self._given_values:
            return self._given_values[name]
        if "defaultValue" in declaration:
            return self.value(declaration["defaultValue"])
        return Unknown(f"parameter {name} has no value and no defaultValue")

    def _variable(self, name: str) -> Any:
        if name not in self._variables:
            return Unknown(f"variable {name} is not defined")
        return self.value(self._variables[name])


def _member(target: Any, key: Any) -> Any:
    if isinstance(target, Unknown):
        return target
    if isinstance(key, Unknown):
        return key
    if isinstance(target, dict) and isinstance(key, str):
        for name, value in target.items():
            if name.lower() == key.lower():  # property access is case-insensitive
                return value
        return Unknown(f"no property {key}")
    if isinstance(target, list) and isinstance(key, int) and not isinstance(key, bool):
        return target[key] if -len(target) <= key < len(target) else Unknown("index out of range")
    return Unknown(f"cannot read {key!r} of this value")


def _deploy_object(keys: tuple[str, ...], what: str) -> dict[str, Any]:
    return {key: Unknown(f"the {what} {key} is known at deploy time") for key in keys}
