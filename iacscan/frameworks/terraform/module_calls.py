"""Module calls: each `module` block evaluated as a module of its own, the block's arguments
becoming the child's variables.

A call is evaluated the first time something needs it (an expression reading `module.x.out`
while the caller is being built) or, at the latest, once every block of the caller is built.
Each instance of a call with `count` / `for_each` is a module of its own, addressed
`module.x[0].`. A call that cannot be evaluated (a source not downloaded, outside the scan root,
a module cycle, nesting deeper than `MAX_DEPTH`, too many module instances) gives one notice and
unknown outputs; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from iacscan.frameworks.base import FileError, ParseResult
from iacscan.frameworks.terraform.addresses import without_keys
from iacscan.frameworks.terraform.blocks import evaluate_body
from iacscan.frameworks.terraform.evaluate import Env, Evaluator
from iacscan.frameworks.terraform.module_index import Declared, ModuleIndex
from iacscan.frameworks.terraform.module_scope import META_ARGUMENTS
from iacscan.frameworks.terraform.module_sources import MAX_MODULE_INSTANCES, SourceLoader
from iacscan.frameworks.terraform.resources import (
    Expansion,
    InstanceKey,
    expand_instances,
    instance_address,
)
from iacscan.frameworks.terraform.syntax_tree import FileBody
from iacscan.graph.model import Unknown

MAX_DEPTH = 10
MODULE_ARGUMENTS = frozenset({"source", "version", "providers"})


@dataclass(frozen=True, slots=True)
class Frame:
    """Where one module is evaluated in a root module's tree: `directory` (relative to the
    scan root), its manifest `key` ("" for the root, `a.b` for a nested call), the `prefix` of
    its addresses and the directories of the modules that called it (`stack`). Ids of every
    resource in the tree use the root's `scope_id`. Without a `loader`, calls are not
    evaluated."""

    loader: SourceLoader | None
    scope_id: str
    root_path: str
    directory: str
    key: str = ""
    prefix: str = ""
    stack: tuple[str, ...] = ()


@dataclass(slots=True)
class ModuleResult:
    """One evaluated module: its resources, edges and problems, its output values, and the
    addresses each output's expression refers to (for edges through `module.x.out`)."""

    result: ParseResult
    outputs: dict[str, Any] = field(default_factory=dict)
    output_targets: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CallInstance:
    key: InstanceKey
    address: str  # `module.x[0]`, with the caller's prefix
    env: Env  # count.index / each for the block's arguments
    module: ModuleResult


@dataclass(frozen=True, slots=True)
class Call:
    declared: Declared
    directory: str
    expansion: Expansion
    instances: tuple[CallInstance, ...]


# Evaluates a child: its files, its input values, its frame and the calling block's place.
Runner = Callable[[Sequence[FileBody], Mapping[str, Any], Frame, Mapping[str, Any]], ModuleResult]


class ModuleCalls:
    """The calls written in one module, evaluated lazily and once each."""

    def __init__(self, frame: Frame, index: ModuleIndex, evaluator: Evaluator, run: Runner) -> None:
        self.frame = frame
        self.index = index
        self.evaluator = evaluator
        self.run = run
        self.notices: list[FileError] = []
        self._calls: dict[str, Call | None] = {}
        self._reasons: dict[str, Unknown] = {}
        self._active: set[str] = set()

    def value(self, name: str) -> Any:
        """What `module.<name>` evaluates to: the outputs object (a list of them with
        `count`, a map with `for_each`), or unknown."""
        call = self.call(name)
        if call is None:
            reason = self._reasons.get(name)
            return reason if reason is not None else Unknown(f"module.{name} is not evaluated")
        if not call.expansion.known:
            return Unknown(f"module.{name} has a number of instances that is not known")
        if call.expansion.repeat == "count":
            return [instance.module.outputs for instance in call.instances]
        if call.expansion.repeat == "for_each":
            return {str(instance.key): instance.module.outputs for instance in call.instances}
        return call.instances[0].module.outputs

    def call(self, name: str) -> Call | None:
        if name in self._calls:
            return self._calls[name]
        declared = self.index.declared.get(f"module.{name}")
        loader = self.frame.loader
        if declared is None or loader is None:
            return None
        if name in self._active:  # an argument of the call reads the call's own outputs
            self._reasons[name] = Unknown(f"module.{name} refers to its own outputs")
            return None
        self._active.add(name)
        try:
            call = self._evaluate(name, declared, loader)
        finally:
            self._active.discard(name)
        self._calls[name] = call
        return call

    def evaluate_all(self) -> list[Call]:
        """Every call of the module (those no expression needed yet are evaluated now)."""
        found = []
        for declared in self.index.declared.values():
            if declared.kind == "module":
                call = self.call(declared.block.labels[0])
                if call is not None:
                    found.append(call)
        return found

    def _evaluate(self, name: str, declared: Declared, loader: SourceLoader) -> Call | None:
        frame = self.frame
        source_attribute = declared.block.body.attribute("source")
        source = self.evaluator.value(source_attribute.expr) if source_attribute else None
        key = f"{frame.key}.{name}" if frame.key else name
        located = loader.locate(source, frame.directory, key)
        if located.directory is None:
            self._skip(name, declared, source, located.problem, located.kind)
            return None
        directory = located.directory
        chain = (*frame.stack, frame.directory)
        if directory in chain:
            path = " -> ".join((*chain[chain.index(directory) :], directory))
            self._skip(name, declared, source, f"module cycle ({path})", "eval")
            return None
        if len(chain) > MAX_DEPTH:
            problem = f"modules are nested more than {MAX_DEPTH} deep"
            self._skip(name, declared, source, problem, "limit")
            return None
        expansion = expand_instances(self.evaluator, declared)
        if len(expansion.instances) > loader.budget:
            problem = f"more than {MAX_MODULE_INSTANCES} module instances in this configuration"
            self._skip(name, declared, source, problem, "limit")
            return None
        files = loader.files(directory)
        if not files:  # Terraform refuses such a call; its outputs stay unknown here
            problem = f"{directory} holds no .tf or .tf.json files"
            self._skip(name, declared, source, problem, "eval")
            return None
        loader.budget -= len(expansion.instances)
        instances = []
        address = f"{frame.prefix}module.{name}"
        for instance_key, env in expansion.instances:
            inputs = evaluate_body(
                self.evaluator, declared.block.body, env, skip=META_ARGUMENTS | MODULE_ARGUMENTS
            )
            instance = instance_address(address, instance_key)
            child = Frame(
                loader, frame.scope_id, frame.root_path, directory, key, f"{instance}.", chain
            )
            where = {"address": instance, "file": declared.file, "line": declared.block.span.line}
            module = self.run(files, inputs, child, where)
            instances.append(CallInstance(instance_key, instance, env, module))
        return Call(declared, directory, expansion, tuple(instances))

    def _skip(self, name: str, declared: Declared, source: Any, problem: str, kind: str) -> None:
        shown = without_keys(f"{self.frame.prefix}module.{name}")
        written = source if isinstance(source, str) else "not a literal string"
        message = f"{shown} (source {written}) not evaluated: {problem}"
        self.notices.append(FileError(declared.file, declared.block.span.line, message, kind=kind))
        self._reasons[name] = Unknown(message)
