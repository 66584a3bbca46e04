"""The `.tf` sources beside a plan: where each planned resource is written, and the references
the plan's configuration cannot describe (through locals).

The directory of the plan file is read like a Terraform unit (with its tfvars, the plan's own
variable values winning, and the modules it calls) and each plan resource is matched to the
source resource of the same address, or, when the sources cannot tell the instances apart
(a `count` known only to the plan), of the same address without instance keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacscan.frameworks.base import FileError, ParseOptions, ScanUnit
from iacscan.frameworks.detect import TFVARS_SUFFIXES
from iacscan.frameworks.terraform.adapter import parse_directory
from iacscan.frameworks.terraform.source_files import TERRAFORM_FILE_SUFFIXES, read_sources
from iacscan.frameworks.terraform_plan.addresses import without_keys
from iacscan.graph.model import AttrPath, Framework, Resource

_PLANNED_KINDS = ("resource", "data")


@dataclass(slots=True)
class Sources:
    by_address: dict[str, Resource] = field(default_factory=dict)
    by_skeleton: dict[str, Resource] = field(default_factory=dict)
    # (source address, target address, kind, path) of the sources' edges
    links: list[tuple[str, str, str, AttrPath]] = field(default_factory=list)

    def find(self, address: str) -> Resource | None:
        return self.by_address.get(address) or self.by_skeleton.get(without_keys(address))


def sources_beside(
    unit: ScanUnit, options: ParseOptions, variables: dict[str, Any]
) -> Sources | None:
    """The sources in the plan's directory, or None when there are none."""
    problems: list[FileError] = []  # the directory's own unit reports them
    files = read_sources(unit.root, unit.directory, TERRAFORM_FILE_SUFFIXES, problems)
    if not files:
        return None
    extra = read_sources(unit.root, unit.directory, TFVARS_SUFFIXES, problems)
    hcl = ScanUnit(Framework.TERRAFORM, unit.directory, tuple(files), unit.root, tuple(extra))
    result = parse_directory(hcl, options, known=variables)
    sources = Sources()
    addresses = {r.id: r.address for r in result.resources}
    for resource in result.resources:
        if resource.kind not in _PLANNED_KINDS:
            continue
        sources.by_address[resource.address] = resource
        sources.by_skeleton.setdefault(without_keys(resource.address), resource)
    for edge in result.edges:
        source, target = addresses.get(edge.source), addresses.get(edge.target)
        if source is not None and target is not None:
            sources.links.append((source, target, edge.kind, edge.path))
    return sources
