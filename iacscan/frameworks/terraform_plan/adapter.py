"""The Terraform plan adapter: one plan or state JSON file -> resources and edges.

Resources carry `framework=Framework.TERRAFORM`, the same types, kinds, addresses and value
shapes as the HCL adapter's (nested blocks are lists of objects in both), so every Terraform
check runs on plans unchanged; `meta["origin"]` says `plan` or `state`. Values are what
Terraform computed: known, except what a plan marks as known only after apply (`Unknown`).
Findings point at the `.tf` source line when the sources are beside the plan, otherwise at the
line of the value in the plan file. With the sources, a value the plan knows only after apply
but the sources know in part (a `jsonencode` policy) keeps its known parts.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, resource_id
from iacscan.frameworks.terraform.spans import json_spans
from iacscan.frameworks.terraform_plan.addresses import without_keys
from iacscan.frameworks.terraform_plan.document import (
    PLAN,
    PlanDocument,
    plain_member,
    read_document,
    span,
)
from iacscan.frameworks.terraform_plan.references import PlanReferences, dependency_links
from iacscan.frameworks.terraform_plan.sources import Sources, sources_beside
from iacscan.frameworks.terraform_plan.values import Entry, entries
from iacscan.graph.graph import Edge
from iacscan.graph.model import AttrPath, Framework, PartlyKnown, Resource, Span, Unknown


class TerraformPlanAdapter:
    framework = Framework.TERRAFORM_PLAN

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        source = unit.files[0]
        document = read_document(source.text, source.rel)
        if not isinstance(document, PlanDocument):
            return ParseResult(errors=[document])
        found = entries(document)
        sources = sources_beside(unit, options, _variables(document)) if found else None
        resources = {e.address: _resource(e, source.rel, sources) for e in found}
        references = PlanReferences(plain_member(document.root, "configuration"), found)
        edges = [
            Edge(resources[s.address].id, resources[t.address].id, kind, path)
            for s, t, kind, path in chain(references.links(found), dependency_links(found))
            if s.address != t.address
        ]
        if sources is not None:
            edges.extend(_source_edges(sources, resources))
        return ParseResult(resources=list(resources.values()), edges=edges)

    def link(self, resources: list[Resource]) -> list[Edge]:
        return []


def _variables(document: PlanDocument) -> dict[str, Any]:
    """The variable values the plan was made with (they win over tfvars in the sources)."""
    if document.kind != PLAN:
        return {}
    variables = plain_member(document.root, "variables")
    if not isinstance(variables, dict):
        return {}
    return {
        name: item["value"]
        for name, item in variables.items()
        if isinstance(item, dict) and "value" in item
    }


def _resource(entry: Entry, plan_file: str, sources: Sources | None) -> Resource:
    meta = dict(entry.meta)
    if entry.index is not None:
        meta["index"] = entry.index
    written = sources.find(entry.address) if sources is not None else None
    spans: dict[AttrPath, Span] = {}
    values = entry.values
    if written is not None:
        file, where, spans = written.file, written.span, dict(written.spans)
        values = with_partly_known(values, written.attributes)
        if "module_call" in written.meta:
            meta["module_call"] = written.meta["module_call"]
    else:
        file, where = plan_file, span(entry.node)
        if entry.values_node is not None:
            json_spans(entry.values_node, (), 0, spans)
    return Resource(
        id=resource_id(plan_file, entry.address),
        address=entry.address,
        framework=Framework.TERRAFORM,
        type=entry.type,
        name=entry.name,
        file=file,
        span=where,
        attributes=values,
        spans=spans,
        kind="data" if entry.mode == "data" else "resource",
        module=entry.module,
        meta=meta,
    )


def with_partly_known(planned: Any, written: Any) -> Any:
    """The plan's values, where a value known only after apply is partly known in the sources
    (a policy whose Resource is an ARN to be created, its Principal written as `"*"`): the
    sources' `PartlyKnown`, still unknown to every check that does not read its known parts."""
    if isinstance(planned, Unknown):
        return written if isinstance(written, PartlyKnown) else planned
    if isinstance(planned, dict) and isinstance(written, dict):
        return {k: with_partly_known(v, written.get(k)) for k, v in planned.items()}
    if isinstance(planned, list) and isinstance(written, list) and len(planned) == len(written):
        return [with_partly_known(p, w) for p, w in zip(planned, written, strict=True)]
    return planned


def _source_edges(sources: Sources, resources: dict[str, Resource]) -> list[Edge]:
    """The sources' edges between resources the plan holds (matched as in `Sources.find`)."""
    by_skeleton: dict[str, list[Resource]] = {}
    for resource in resources.values():
        by_skeleton.setdefault(without_keys(resource.address), []).append(resource)

    def planned(address: str) -> list[Resource]:
        exact = resources.get(address)
        return [exact] if exact is not None else by_skeleton.get(without_keys(address), [])

    edges = []
    for source, target, kind, path in sources.links:
        for start in planned(source):
            for end in planned(target):
                if start.id != end.id:
                    edges.append(Edge(start.id, end.id, kind, path))
    return edges
