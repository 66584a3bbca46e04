from __future__ import annotations

from pathlib import Path

import pytest

from iacscan.frameworks.base import (
    Adapter,
    FileError,
    ParseOptions,
    ParseResult,
    ScanUnit,
    SourceFile,
)
from iacscan.frameworks.kubernetes import KubernetesAdapter
from iacscan.frameworks.kubernetes.resources import CLUSTER_SCOPED_KINDS
from iacscan.graph.model import Framework, Resource, Span, Unknown

DATA = Path(__file__).parent / "data" / "kubernetes"


def parse_text(text: str, rel: str = "manifests/app.yaml") -> ParseResult:
    source = SourceFile(DATA / rel, rel, text)
    unit = ScanUnit(Framework.KUBERNETES, "manifests", (source,), DATA)
    return KubernetesAdapter().parse(unit, ParseOptions())


def parse_fixture(name: str) -> ParseResult:
    return parse_text((DATA / name).read_text(), name)


def by_address(result: ParseResult) -> dict[str, Resource]:
    found = {r.address: r for r in result.resources}
    assert len(found) == len(result.resources), "addresses repeat: look up by id"
    return found


def by_id(result: ParseResult) -> dict[str, Resource]:
    return {r.id: r for r in result.resources}


def test_is_an_adapter() -> None:
    adapter: Adapter = KubernetesAdapter()
    assert adapter.framework is Framework.KUBERNETES


def test_one_resource_per_object_with_ids_addresses_and_spans() -> None:
    result = parse_fixture("app.yaml")
    assert [(r.id, r.type, r.name, r.span) for r in result.resources] == [
        ("app.yaml::Namespace/shop", "Namespace", "shop", Span(2, 5)),
        ("app.yaml::ServiceAccount/shop/web", "ServiceAccount", "web", Span(7, 11)),
        ("app.yaml::Service/shop/web", "Service", "web", Span(13, 25)),
        ("app.yaml::ConfigMap/default/settings", "ConfigMap", "settings", Span(29, 35)),
        # The same address twice in one file: both kept, the second id made unique.
        ("app.yaml::ConfigMap/default/settings#2", "ConfigMap", "settings", Span(40, 45)),
    ]
    assert result.errors == []
    assert result.notices == [
        FileError(
            "app.yaml",
            37,
            "document 6 has no apiVersion and kind: not a Kubernetes object, skipped",
        )
    ]
    assert all(
        r.framework is Framework.KUBERNETES and r.file == "app.yaml" for r in result.resources
    )


def test_attributes_are_the_whole_document_with_spans() -> None:
    resources = by_id(parse_fixture("app.yaml"))
    service = resources["app.yaml::Service/shop/web"]
    assert service.attributes == {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web"}},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]},
    }
    assert service.field("spec", "ports", 0, "targetPort").span == Span(25, 25, 7)
    assert service.field("spec", "selector", "app").span == Span(22, 22, 5)
    assert service.meta == {
        "namespace": "shop",
        "labels": {"app": "web"},
        "document_index": 2,
        "api_version": "v1",
    }
    config = resources["app.yaml::ConfigMap/default/settings"]
    assert config.get("data", "started") == "2024-01-01"
    assert config.meta["namespace"] == "default"
    assert resources["app.yaml::ConfigMap/default/settings#2"].get("data", "mode") == "staging"


def test_container_image_line() -> None:
    deployment = by_address(parse_fixture("deployment.yaml"))["Deployment/shop/web"]
    image = deployment.field("spec", "template", "spec", "containers", 0, "image")
    assert (image.value, image.span.line) == ("nginx:latest", 17)
    assert deployment.span == Span(1, 27)


@pytest.mark.parametrize("kind", sorted(CLUSTER_SCOPED_KINDS))
def test_cluster_scoped_kinds_have_no_namespace_in_the_address(kind: str) -> None:
    (resource,) = parse_text(f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: x\n").resources
    assert (resource.address, resource.meta["namespace"]) == (f"{kind}/x", None)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: prod\n",
            "Secret/prod/s",
        ),
        ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n", "Secret/default/s"),
        ("apiVersion: v1\nkind: Secret\nmetadata:\n  namespace: prod\n", "Secret/prod/<unnamed-1>"),
        ("apiVersion: v1\nkind: Secret\n", "Secret/default/<unnamed-1>"),
        ("apiVersion: v1\nkind: Node\nmetadata:\n  name: ''\n", "Node/<unnamed-1>"),
        ("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n", "Widget/default/w"),
    ],
)
def test_address_conventions(text: str, address: str) -> None:
    (resource,) = parse_text(text).resources
    assert resource.address == address
    assert resource.id == f"manifests/app.yaml::{address}"


def test_unnamed_objects_are_numbered_in_file_order() -> None:
    text = "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n"
    addresses = [r.address for r in parse_text(text).resources]
    assert addresses == ["Pod/default/<unnamed-1>", "Pod/default/<unnamed-2>"]


def test_list_items_become_resources_with_item_relative_spans() -> None:
    resources = by_address(parse_fixture("list.yaml"))
    assert list(resources) == ["Secret/shop/token", "ClusterRole/reader", "Pod/default/debug"]
    secret = resources["Secret/shop/token"]
    assert secret.span == Span(4, 9, 5)
    assert secret.field("type").span == Span(9, 9, 5)
    assert secret.meta["item_index"] == 0
    assert secret.meta["document_index"] == 0
    role = resources["ClusterRole/reader"]
    assert role.field("rules", 0, "verbs", 1).span == Span(17, 17, 24)
    assert role.id == "list.yaml::ClusterRole/reader"
    # A typed list's items may leave out their kind and apiVersion.
    pod = resources["Pod/default/debug"]
    assert (pod.type, pod.meta["api_version"], pod.meta["document_index"]) == ("Pod", "v1", 1)
    assert pod.field("spec", "hostNetwork").span == Span(25, 25, 7)
    assert "kind" not in pod.attributes


def test_list_items_without_kind_are_reported() -> None:
    result = parse_text("apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: a}\n  - 3\n")
    assert result.resources == []
    assert [(n.line, n.message) for n in result.notices] == [
        (4, "List item 0 has no kind, skipped"),
        (5, "List item 1 has no kind, skipped"),
    ]


def test_yaml_errors_keep_the_other_documents() -> None:
    text = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  name: c\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: d}\n"
    )
    result = parse_text(text)
    assert [(r.address, r.span, r.meta["document_index"]) for r in result.resources] == [
        ("Secret/default/a", Span(1, 3), 0),
        ("Secret/default/d", Span(11, 13), 2),
    ]
    assert result.errors == [
        FileError("manifests/app.yaml", 9, "duplicate key 'name' (first defined at line 8)", 3)
    ]


def test_a_file_that_cannot_be_split_is_one_error() -> None:
    result = parse_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n bad: indent\n")
    assert result.resources == []
    assert [(e.file, e.line, e.column, e.kind) for e in result.errors] == [
        ("manifests/app.yaml", 5, 2, "parse")
    ]
    assert result.errors[0].message.startswith("did not find expected key")


def test_alias_bombs_are_limit_errors() -> None:
    lines = ["apiVersion: v1", "kind: ConfigMap", "data:", '  l0: &l0 ["x", "x", "x", "x"]']
    for level in range(1, 9):
        refs = ", ".join([f"*l{level - 1}"] * 8)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    result = parse_text("\n".join(lines) + "\n")
    assert result.resources == []
    assert [(e.line, e.kind) for e in result.errors] == [(8, "limit")]
    assert "aliases expand to more than 10000 nodes" in result.errors[0].message


def test_unrendered_helm_template_is_a_clear_error() -> None:
    result = parse_fixture("chart-broken.yaml")
    assert [r.address for r in result.resources] == ["Service/default/fine"]
    assert result.errors == [
        FileError(
            "chart-broken.yaml",
            9,
            "unrendered Helm template syntax at line 9: render it with `helm template` first "
            "(YAML error at line 9: a mapping cannot be a mapping key (unhashable key))",
        )
    ]


def test_helm_template_error_points_at_the_template_above_the_yaml_error() -> None:
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n{{- if .Values.x }}\n  name: a\n{{- end }}\n"
    (error,) = parse_text(text).errors
    assert error.line == 4
    assert error.message.startswith("unrendered Helm template syntax at line 4: render it with")


def test_quoted_helm_expressions_become_unknown_values() -> None:
    result = parse_fixture("chart-quoted.yaml")
    (deployment,) = result.resources
    assert deployment.address == "Deployment/{{ .Release.Namespace }}/<unnamed-1>"
    image = deployment.field("spec", "template", "spec", "containers", 0, "image")
    assert isinstance(image.value, Unknown)
    assert (image.unknown, image.span.line) == (True, 16)
    privileged = deployment.get("spec", "template", "spec", "containers", 0, "securityContext")
    assert privileged == {"privileged": False}
    assert result.notices == [
        FileError(
            "chart-quoted.yaml",
            4,
            "unrendered Helm template expressions are read as unknown values: "
            "render the chart with `helm template` for a complete scan",
            kind="eval",
        )
    ]


def test_json_manifest() -> None:
    text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n'
    text += '  "spec": {}\n}\n'
    (pod,) = parse_text(text, "pod.json").resources
    assert (pod.address, pod.span, pod.field("spec").span) == (
        "Pod/default/p",
        Span(1, 6),
        Span(5, 5, 3),
    )


def test_documents_that_are_not_objects_are_skipped() -> None:
    result = parse_text("---\n# nothing\n---\n- a\n- b\n---\njust text\n")
    assert (result.resources, result.errors, result.notices) == ([], [], [])
