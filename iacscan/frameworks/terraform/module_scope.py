"""The names one module's expressions can use: `var`, `local`, `path`, `terraform`, `data`,
`module` and resources. Locals are evaluated lazily, once, with cycle detection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from iacscan.frameworks.terraform.blocks import evaluate_body
from iacscan.frameworks.terraform.evaluate import EMPTY_ENV, Env, Evaluator
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.policy_document import policy_document_json
from iacscan.frameworks.terraform.syntax_tree import GetAttr, Step
from iacscan.frameworks.terraform.unparse import steps_text
from iacscan.graph.model import Unknown

# Meta-arguments: not attributes of the block they are written in.
META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle"})
_POLICY_DOCUMENT = "aws_iam_policy_document"
_DOCUMENT_OUTPUTS = {"json": False, "minified_json": True}


class ModuleValues(Protocol):
    def value(self, name: str) -> Any:
        """What `module.<name>` evaluates to."""
        ...


class ModuleScope:
    def __init__(
        self,
        index: ModuleIndex,
        variables: Mapping[str, Any],
        module_path: str,
        root_path: str,
    ) -> None:
        self.index = index
        self.variables = variables
        self.path = {"module": module_path, "root": root_path, "cwd": root_path}
        self.evaluator = Evaluator(self)
        self.modules: ModuleValues | None = None  # set when module calls are evaluated
        self._locals: dict[str, Any] = {}
        self._documents: dict[tuple[str, bool], Any] = {}
        self._active: set[str] = set()

    def root(self, name: str, steps: tuple[Step, ...], env: Env) -> tuple[Any, int]:
        first = steps[0].name if steps and isinstance(steps[0], GetAttr) else None
        if name == "var" and first is not None:
            if first in self.variables:
                return self.variables[first], 1
            return Unknown(f"variable {first} is not declared"), 1
        if name == "local" and first is not None:
            return self.local(first), 1
        if name == "path":
            return self.path, 0
        if name == "terraform":
            return {"workspace": "default"}, 0
        if name == "data":
            return self._data(steps)
        if name in ("count", "each", "self"):
            return Unknown(f"{name} is not available here"), len(steps)
        if name == "module":
            if self.modules is not None and first is not None:
                return self.modules.value(first), 1
            return Unknown(f"module{steps_text(steps[:2])} outputs are not evaluated"), len(steps)
        return Unknown(f"{name}{steps_text(steps)} is known only after apply"), len(steps)

    def local(self, name: str) -> Any:
        if name in self._locals:
            return self._locals[name]
        declared = self.index.locals.get(name)
        if declared is None:
            return Unknown(f"local.{name} is not defined")
        key = f"local.{name}"
        if key in self._active:
            return Unknown(f"local.{name} refers to itself")
        self._active.add(key)
        try:
            value = self.evaluator.value(declared.attribute.expr, EMPTY_ENV)
        finally:
            self._active.discard(key)
        self._locals[name] = value
        return value

    def _data(self, steps: tuple[Step, ...]) -> tuple[Any, int]:
        names = [s.name for s in steps[:3] if isinstance(s, GetAttr)]
        shown = f"data{steps_text(steps[:2])}"
        if len(names) == 3 and names[0] == _POLICY_DOCUMENT and names[2] in _DOCUMENT_OUTPUTS:
            address = f"data.{names[0]}.{names[1]}"
            return self.policy_document(address, _DOCUMENT_OUTPUTS[names[2]]), 3
        return Unknown(f"{shown} is read at apply time"), len(steps)

    def policy_document(self, address: str, minified: bool) -> Any:
        """The JSON of a policy document data source in this module."""
        cache_key = (address, minified)
        if cache_key in self._documents:
            return self._documents[cache_key]
        declared = self.index.declared.get(address)
        if declared is None:
            return Unknown(f"{address} is not declared")
        body = declared.block.body
        if body.attribute("count") or body.attribute("for_each") or address in self._active:
            return Unknown(f"{address} has several instances or refers to itself")
        self._active.add(address)
        try:
            attributes = evaluate_body(self.evaluator, body, EMPTY_ENV, skip=META_ARGUMENTS)
        finally:
            self._active.discard(address)
        value = policy_document_json(attributes, minified=minified)
        self._documents[cache_key] = value
        return value
