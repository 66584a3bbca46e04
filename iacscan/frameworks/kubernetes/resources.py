"""Kubernetes objects as graph resources: which documents are objects, their names and addresses.

One resource per object: a document with `apiVersion` and `kind`, or an item of a `List` kind
(`kind: List`, `PodList`, ...), whose spans are re-rooted at the item. Addresses follow
docs/resource-model.md: `Kind/namespace/name` for namespaced kinds (namespace `default` when not
written), `Kind/name` for cluster-scoped ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from iacscan.frameworks.base import FileError, resource_id
from iacscan.frameworks.kubernetes import helm
from iacscan.frameworks.yaml_positions import YamlDocument
from iacscan.graph.model import AttrPath, Framework, Resource, Span

CLUSTER_SCOPED_KINDS: Final = frozenset(
    {
        "Namespace",
        "Node",
        "ClusterRole",
        "ClusterRoleBinding",
        "PersistentVolume",
        "StorageClass",
        "CustomResourceDefinition",
        "PodSecurityPolicy",
        "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "PriorityClass",
        "IngressClass",
        "APIService",
        "RuntimeClass",
        "CSIDriver",
        "CSINode",
        "VolumeAttachment",
        "CertificateSigningRequest",
        "FlowSchema",
        "PriorityLevelConfiguration",
    }
)
DEFAULT_NAMESPACE: Final = "default"


@dataclass(frozen=True, slots=True)
class _Object:
    data: dict[str, Any]
    spans: dict[AttrPath, Span]
    span: Span
    kind: str
    api_version: str
    document: YamlDocument
    item_index: int | None = None


def is_cluster_scoped(kind: str) -> bool:
    return kind in CLUSTER_SCOPED_KINDS


@dataclass(slots=True)
class FileObjects:
    """The resources of one file, notices for skipped documents, and whether template
    expressions were read as unknown values."""

    resources: list[Resource] = field(default_factory=list)
    notices: list[FileError] = field(default_factory=list)
    unknown_templates: bool = False


def build_resources(
    file: str, documents: list[YamlDocument], templated: bool = False
) -> FileObjects:
    """The resources of one file's documents. `templated`: the file holds Helm template text,
    whose expressions become unknown values."""
    built = FileObjects()
    seen: Counter[str] = Counter()
    unnamed = 0
    for document in documents:
        for obj in _objects(file, document, built.notices):
            name = object_name(obj.data)
            if name is None:
                unnamed += 1
                name = f"<unnamed-{unnamed}>"
            namespace = None if is_cluster_scoped(obj.kind) else object_namespace(obj.data)
            address = object_address(obj.kind, name, namespace)
            seen[address] += 1
            # The same object twice in a file: keep both, the second under a distinct id.
            rid = resource_id(file, address if seen[address] == 1 else f"{address}#{seen[address]}")
            data, found = helm.unknown_templates(obj.data) if templated else (obj.data, False)
            built.unknown_templates |= found
            built.resources.append(_resource(rid, file, obj, data, name, namespace, address))
    return built


def object_address(kind: str, name: str, namespace: str | None) -> str:
    """`Kind/namespace/name`, or `Kind/name` for a cluster-scoped kind (namespace None)."""
    return f"{kind}/{name}" if namespace is None else f"{kind}/{namespace}/{name}"


def object_name(data: dict[str, Any]) -> str | None:
    """`metadata.name` when written as plain text; None when missing or templated."""
    metadata = data.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if isinstance(name, str) and name and not helm.is_template(name):
        return name
    return None


def object_namespace(data: dict[str, Any]) -> str:
    """`metadata.namespace` as written (a template expression included, so the objects of one
    chart share it), `default` when not written."""
    metadata = data.get("metadata")
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    return namespace if isinstance(namespace, str) and namespace else DEFAULT_NAMESPACE


def _objects(file: str, document: YamlDocument, notices: list[FileError]) -> Iterator[_Object]:
    data = document.data
    if not isinstance(data, dict) or not data:
        return  # empty documents and bare values are not objects, nor worth a notice
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if not isinstance(kind, str) or not kind or not isinstance(api_version, str):
        message = (
            f"document {document.index + 1} has no apiVersion and kind: "
            "not a Kubernetes object, skipped"
        )
        notices.append(FileError(file, document.start_line, message))
        return
    span = Span(document.start_line, document.end_line)
    items = data.get("items")
    if not (kind.endswith("List") and isinstance(items, list)):
        yield _Object(data, document.spans, span, kind, api_version, document)
        return
    item_spans = _item_spans(document.spans)
    for index, item in enumerate(items):
        item_kind = item.get("kind") if isinstance(item, dict) else None
        if item_kind is None and kind != "List":
            item_kind = kind[: -len("List")]  # a typed list (PodList) may omit the items' kind
        if not isinstance(item, dict) or not isinstance(item_kind, str) or not item_kind:
            line = document.spans.get(("items", index), span).line
            notices.append(FileError(file, line, f"{kind} item {index} has no kind, skipped"))
            continue
        item_api = item.get("apiVersion")
        yield _Object(
            item,
            item_spans.get(index, {}),
            document.spans.get(("items", index), span),
            item_kind,
            item_api if isinstance(item_api, str) else api_version,
            document,
            index,
        )


def _item_spans(spans: dict[AttrPath, Span]) -> dict[int, dict[AttrPath, Span]]:
    """The spans under `items[i]`, keyed by i and re-rooted at the item."""
    by_item: dict[int, dict[AttrPath, Span]] = {}
    for path, span in spans.items():
        if len(path) > 2 and path[0] == "items" and isinstance(path[1], int):
            by_item.setdefault(path[1], {})[path[2:]] = span
    return by_item


def _resource(
    rid: str,
    file: str,
    obj: _Object,
    data: dict[str, Any],
    name: str,
    namespace: str | None,
    address: str,
) -> Resource:
    metadata = data.get("metadata")
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    meta: dict[str, Any] = {
        "namespace": namespace,
        "labels": labels if isinstance(labels, dict) else {},
        "document_index": obj.document.index,
        "api_version": obj.api_version,
    }
    if obj.item_index is not None:
        meta["item_index"] = obj.item_index
    return Resource(
        id=rid,
        address=address,
        framework=Framework.KUBERNETES,
        type=obj.kind,
        name=name,
        file=file,
        span=obj.span,
        attributes=data,
        spans=obj.spans,
        meta=meta,
    )
