"""References written in a module -> graph edges between its resources.

`aws_s3_bucket.logs.id` points at `aws_s3_bucket.logs`; `aws_s3_bucket.b[0].id` at the instance
`aws_s3_bucket.b[0]` (every instance when the index is not known); `data.x.y.json` at
`data.x.y`; `module.m.out` at `module.m` and at what the output's expression refers to inside
the module (through the module's variables back to the caller's arguments); `var.x` and
`local.x` at those resources, and a local also passes on what it refers to, so
`bucket = local.bucket_id` links to the bucket itself.
"""

from __future__ import annotations

from iacscan.frameworks.base import resource_id
from iacscan.frameworks.terraform.evaluate import EMPTY_ENV, Env, Evaluator
from iacscan.frameworks.terraform.module_calls import Call, CallInstance, ModuleCalls
from iacscan.frameworks.terraform.module_index import ModuleIndex
from iacscan.frameworks.terraform.resources import PendingRef, instance_address
from iacscan.frameworks.terraform.syntax_tree import (
    Expr,
    GetAttr,
    Index,
    Reference,
    Step,
    references,
)
from iacscan.graph.graph import Edge

_NO_TARGET = frozenset({"count", "each", "self", "path", "terraform"})


class EdgeResolver:
    def __init__(
        self,
        index: ModuleIndex,
        evaluator: Evaluator,
        instances: dict[str, list[str]],
        scope_id: str,
        prefix: str = "",
        calls: ModuleCalls | None = None,
    ) -> None:
        self.index = index
        self.evaluator = evaluator
        self.instances = instances
        self.scope_id = scope_id
        self.prefix = prefix
        self.calls = calls
        self._local_targets: dict[str, list[str]] = {}
        self._active: set[str] = set()
        self._inputs_active: set[tuple[str, str]] = set()

    def edges(self, pending: list[PendingRef]) -> list[Edge]:
        seen: set[Edge] = set()
        result: list[Edge] = []
        for ref in pending:
            for address in self.targets(ref.ref, ref.env):
                target = resource_id(self.scope_id, address)
                edge = Edge(ref.source, target, ref.kind, ref.path)
                if target != ref.source and edge not in seen:
                    seen.add(edge)
                    result.append(edge)
        return result

    def targets(self, ref: Reference, env: Env) -> list[str]:
        """Addresses (with the module prefix) a reference names."""
        name, steps = ref.name, ref.steps
        if name in env or name in _NO_TARGET:
            return []
        names = _leading_names(steps)
        if name == "var":
            if names and f"var.{names[0]}" in self.index.declared:
                return [f"{self.prefix}var.{names[0]}"]
            return []
        if name == "local":
            return self._local(names[0]) if names and names[0] in self.index.locals else []
        if name == "data" and len(names) >= 2:
            return self._declared(f"data.{names[0]}.{names[1]}", steps[2:], env)
        if name == "module" and names:
            found = self._declared(f"module.{names[0]}", steps[1:], env)
            return found + self._through_output(names[0], steps[1:], found)
        if name in self.index.resource_types and names:
            return self._declared(f"{name}.{names[0]}", steps[1:], env)
        provider = f"provider.{name}" + (f".{names[0]}" if names else "")
        if provider in self.index.declared and len(steps) <= 1:
            return [self.prefix + provider]
        return []

    def _declared(self, address: str, rest: tuple[Step, ...], env: Env) -> list[str]:
        if address not in self.index.declared:
            return []
        base = self.prefix + address
        instances = self.instances.get(base, [base])
        if rest and isinstance(rest[0], Index):
            key = self.evaluator.value(rest[0].key, env)
            if isinstance(key, (int, str)) and not isinstance(key, bool):
                wanted = instance_address(base, key)
                if wanted in instances:
                    return [wanted]
        return list(instances)

    def _through_output(self, name: str, rest: tuple[Step, ...], chosen: list[str]) -> list[str]:
        """`module.x.out`: what the output's expression refers to inside the chosen
        instances, and what the caller passed for any child variable it names."""
        call = self.calls.call(name) if self.calls is not None else None
        if call is None:
            return []
        if rest and isinstance(rest[0], Index):
            rest = rest[1:]
        if not rest or not isinstance(rest[0], GetAttr):
            return []
        found: list[str] = []
        for instance in call.instances:
            if instance.address not in chosen:
                continue
            variables = f"{instance.address}.var."
            for target in instance.module.output_targets.get(rest[0].name, []):
                found.append(target)
                if target.startswith(variables):
                    found.extend(self.input_targets(call, instance, target[len(variables) :]))
        return found

    def input_targets(self, call: Call, instance: CallInstance, variable: str) -> list[str]:
        """What the calling block's argument for a child variable refers to (in the caller)."""
        attribute = call.declared.block.body.attribute(variable)
        key = (instance.address, variable)
        if attribute is None or key in self._inputs_active:
            return []
        self._inputs_active.add(key)
        try:
            return self.expression_targets(attribute.expr, instance.env)
        finally:
            self._inputs_active.discard(key)

    def expression_targets(self, expr: Expr, env: Env) -> list[str]:
        """Addresses every reference in `expr` names, each once."""
        found = [t for ref in references(expr) for t in self.targets(ref, env)]
        return list(dict.fromkeys(found))

    def _local(self, name: str) -> list[str]:
        address = f"{self.prefix}local.{name}"
        if name in self._local_targets:
            return self._local_targets[name]
        if name in self._active:
            return [address]
        self._active.add(name)
        try:
            found = [address]
            expr = self.index.locals[name].attribute.expr
            for ref in references(expr):
                for target in self.targets(ref, EMPTY_ENV):
                    if target not in found:
                        found.append(target)
        finally:
            self._active.discard(name)
        self._local_targets[name] = found
        return found


def _leading_names(steps: tuple[Step, ...]) -> list[str]:
    names: list[str] = []
    for step in steps:
        if not isinstance(step, GetAttr):
            break
        names.append(step.name)
    return names
