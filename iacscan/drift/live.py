"""An inventory as graph resources, so the comparison and the built-in checks read live
resources exactly as they read Terraform.

A live resource has no file: its `file` is `<provider>://<region>/<type>/<id>` (e.g.
`aws://us-east-1/aws_security_group/sg-0abc`) and its line is 1, so findings and reports
still have a place to point at. Its address is `<type>.<id>`. Links between records (a
bucket's ACL refers to the bucket) become `reference` edges, so views such as the S3 bucket
view find the ACL of a live bucket as they find it in code.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass

from iacscan.drift.inventory import Inventory, LiveRecord
from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Framework, Resource, Span

LIVE_SPAN = Span(1, 1)


def live_uri(provider: str, region: str, type_: str, id_: str) -> str:
    return f"{provider}://{region}/{type_}/{id_}"


@dataclass(frozen=True, slots=True)
class LiveResources:
    resources: list[Resource]
    graph: ResourceGraph
    records: dict[str, LiveRecord]
    """The record behind each resource, by resource id."""


def live_resources(inventory: Inventory) -> LiveResources:
    resources: list[Resource] = []
    records: dict[str, LiveRecord] = {}
    by_key: dict[tuple[str, str], list[Resource]] = defaultdict(list)
    by_id: dict[str, list[Resource]] = defaultdict(list)
    for record in inventory.records:
        resource = _resource(inventory.provider, record)
        if resource.id in records:
            continue  # the same resource listed twice (e.g. by two regional endpoints)
        records[resource.id] = record
        resources.append(resource)
        by_key[(record.type, record.id)].append(resource)
        by_id[record.id].append(resource)
    graph = ResourceGraph(resources)
    for resource in resources:
        record = records[resource.id]
        for link in record.links:
            targets = by_key.get((link.type, link.id)) or by_id.get(link.id, [])
            target = _nearest(targets, record.region)
            if target is not None:
                graph.connect(Edge(resource.id, target.id, "reference", link.path))
    return LiveResources(resources, graph, records)


def _nearest(targets: list[Resource], region: str) -> Resource | None:
    """The target in the same region, else the only one; None when it is ambiguous."""
    same = [t for t in targets if t.meta.get("region") in (region, "global")]
    if len(same) == 1:
        return same[0]
    return targets[0] if len(targets) == 1 else None


def _resource(provider: str, record: LiveRecord) -> Resource:
    uri = live_uri(provider, record.region, record.type, record.id)
    return Resource(
        id=uri,
        address=f"{record.type}.{record.id}",
        framework=Framework.TERRAFORM,
        type=record.type,
        name=record.id,
        file=uri,
        span=LIVE_SPAN,
        attributes=copy.deepcopy(dict(record.attributes)),
        meta={"region": record.region, "aliases": record.aliases, "live": provider},
    )
