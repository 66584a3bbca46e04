"""The planned side of drift: what a Terraform state, a plan or IaC files say should exist.

- A state file (`terraform.tfstate`, format 4): every managed resource instance, with the
  attribute values Terraform recorded at the last apply.
- JSON from `terraform show -json` (a plan's `planned_values`, or a state's `values`).
- A directory (or `.tf` files): parsed by iacscan's own Terraform pipeline; values known only
  after apply stay unknown, and resources whose identity is unknown cannot be matched.

Every planned resource is a graph `Resource` with Terraform types and attribute names. Its
`file` and line point at the resource in the state or plan file, or at its block in the IaC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iacscan.drift.names import arn_region
from iacscan.frameworks.base import FileError
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Span


class PlannedError(Exception):
    """The planned source cannot be read; the message names it and says what to pass."""


@dataclass(slots=True)
class Planned:
    """`kind` is `state`, `plan` or `iac`; `source` the path as the user gave it."""

    kind: str
    source: str
    resources: list[Resource]
    graph: ResourceGraph
    errors: list[FileError] = field(default_factory=list)
    skipped: int = 0
    """Resources of other IaC frameworks (drift reads Terraform only)."""


def load_planned(path: Path, root: Path | None = None) -> Planned:
    if path.is_dir() or path.suffix == ".tf":
        return _from_iac(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlannedError(f"{path}: cannot read: {exc}") from exc
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise PlannedError(
            f"{path}: not JSON ({exc}); pass a Terraform state file, the JSON of "
            "`terraform show -json`, or a directory of Terraform files"
        ) from exc
    source = _display(path, root)
    if isinstance(document, dict) and isinstance(document.get("planned_values"), dict):
        module = document["planned_values"].get("root_module", {})
        return _from_modules("plan", source, text, module)
    if isinstance(document, dict) and isinstance(document.get("values"), dict):
        return _from_modules("plan", source, text, document["values"].get("root_module", {}))
    if isinstance(document, dict) and isinstance(document.get("resources"), list):
        if document.get("version") != 4:
            raise PlannedError(
                f"{path}: Terraform state format {document.get('version')!r} is not supported "
                "(expected 4, written by Terraform 0.12 and later)"
            )
        return _from_state(source, text, document["resources"])
    raise PlannedError(
        f"{path}: neither a Terraform state (`resources`) nor `terraform show -json` output "
        "(`planned_values` or `values`)"
    )


def _display(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    base = (root or Path.cwd()).resolve()
    if resolved.is_relative_to(base):
        return resolved.relative_to(base).as_posix()
    return path.as_posix()


def _address(module: str, type_: str, name: str, index: Any) -> str:
    address = f"{module + '.' if module else ''}{type_}.{name}"
    if isinstance(index, int):
        return f"{address}[{index}]"
    if isinstance(index, str):
        return f"{address}[{json.dumps(index)}]"
    return address


def planned_region(attributes: dict[str, Any]) -> str | None:
    """The region a recorded resource lives in: its `region` argument, else its ARN's."""
    region = attributes.get("region")
    if isinstance(region, str) and region:
        return region
    return arn_region(attributes.get("arn"))


def _make(
    source: str, address: str, type_: str, name: str, module: str, line: int, values: Any
) -> Resource:
    attributes = values if isinstance(values, dict) else {}
    return Resource(
        id=f"{source}::{address}",
        address=address,
        framework=Framework.TERRAFORM,
        type=type_,
        name=name,
        file=source,
        span=Span(line, line),
        attributes=attributes,
        module=module,
        meta={"region": planned_region(attributes)},
    )


def _from_state(source: str, text: str, items: list[Any]) -> Planned:
    lines = _state_lines(text, len(items))
    resources = []
    for position, item in enumerate(items):
        if not isinstance(item, dict) or item.get("mode") != "managed":
            continue
        type_, name = str(item.get("type", "")), str(item.get("name", ""))
        module = str(item.get("module", ""))
        line = lines[position] if lines else _search_line(text, f'"name": "{name}"')
        for instance in item.get("instances", []):
            if not isinstance(instance, dict):
                continue
            address = _address(module, type_, name, instance.get("index_key"))
            attributes = instance.get("attributes")
            resources.append(_make(source, address, type_, name, module, line, attributes))
    return Planned("state", source, resources, ResourceGraph(_unique(resources)))


_STATE_RESOURCE = re.compile(r'"mode"\s*:\s*"(?:managed|data)"')


def _state_lines(text: str, count: int) -> list[int]:
    """The line of each resource object of a state, when each `"mode"` key found is one
    (Terraform writes one per resource); empty when the count does not add up."""
    starts = [text.count("\n", 0, m.start()) + 1 for m in _STATE_RESOURCE.finditer(text)]
    return starts if len(starts) == count else []


def _search_line(text: str, needle: str) -> int:
    position = text.find(needle)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _from_modules(kind: str, source: str, text: str, root: Any) -> Planned:
    resources = []
    pending = [root] if isinstance(root, dict) else []
    while pending:
        module = pending.pop(0)
        for item in module.get("resources", []):
            if not isinstance(item, dict) or item.get("mode") != "managed":
                continue
            address = str(item.get("address", ""))
            type_, name = str(item.get("type", "")), str(item.get("name", ""))
            prefix = str(module.get("address", ""))
            line = _search_line(text, f'"address": "{address}"')
            resources.append(_make(source, address, type_, name, prefix, line, item.get("values")))
        pending.extend(m for m in module.get("child_modules", []) if isinstance(m, dict))
    return Planned(kind, source, resources, ResourceGraph(_unique(resources)))


def _unique(resources: list[Resource]) -> list[Resource]:
    seen: dict[str, Resource] = {}
    for resource in resources:
        seen.setdefault(resource.id, resource)
    return list(seen.values())


def _from_iac(path: Path, root: Path | None) -> Planned:
    """Terraform files through the scan pipeline (no checks); other formats are counted as
    skipped: drift compares Terraform types."""
    from iacscan.scan import ScanConfig, build_graph, collect_units, parse_unit

    if not path.exists():
        raise PlannedError(f"{path}: no such file or directory")
    base = (root or (path if path.is_dir() else path.parent)).resolve()
    config = ScanConfig(root=base, checks=())
    collected = collect_units([path.resolve()], config)
    parsed = [(unit, parse_unit(unit, config.parse)) for unit in collected.units]
    graph = build_graph(parsed)
    errors = list(collected.errors)
    for _, result in parsed:
        errors.extend(result.errors)
    regions = _provider_regions(graph)
    resources = []
    skipped = 0
    for resource in graph:
        if resource.framework is not Framework.TERRAFORM:
            skipped += 1
        elif resource.kind == "resource":
            directory = resource.id.split("::", 1)[0]
            provider = resource.meta.get("provider")
            configuration = provider if isinstance(provider, str) else "aws"
            own = planned_region(resource.attributes)
            resource.meta["region"] = own or regions.get((directory, configuration))
            resources.append(resource)
    return Planned("iac", _display(path, root), resources, graph, errors, skipped)


def _provider_regions(graph: ResourceGraph) -> dict[tuple[str, str], str]:
    """The known region of each `provider "aws"` block, by Terraform directory and
    configuration name (`aws`, or `aws.west` for one with `alias = "west"`)."""
    regions: dict[tuple[str, str], str] = {}
    for provider in graph.of_type(Framework.TERRAFORM, "provider.aws"):
        region = provider.get("region")
        if isinstance(region, str):
            name = provider.address.removeprefix("provider.")
            regions[(provider.id.split("::", 1)[0], name)] = region
    return regions
