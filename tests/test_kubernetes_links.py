from __future__ import annotations

from pathlib import Path

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.kubernetes import KubernetesAdapter
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Span

DATA = Path(__file__).parent / "data" / "kubernetes"
FIXTURES = ("app.yaml", "deployment.yaml", "list.yaml", "rbac.yaml", "workloads.yaml")


def parse(name: str, text: str) -> list[Resource]:
    unit = ScanUnit(Framework.KUBERNETES, ".", (SourceFile(DATA / name, name, text),), DATA)
    return KubernetesAdapter().parse(unit, ParseOptions()).resources


def scan(*names: str) -> list[Resource]:
    return [r for name in names for r in parse(name, (DATA / name).read_text())]


def edges(kind: str, resources: list[Resource]) -> list[tuple[str, str, tuple[object, ...]]]:
    found = KubernetesAdapter().link(resources)
    return [(e.source, e.target, e.path) for e in found if e.kind == kind]


def test_service_selects_matching_workloads_in_its_namespace_across_files() -> None:
    assert edges("selects", scan(*FIXTURES)) == [
        (
            "app.yaml::Service/shop/web",
            "deployment.yaml::Deployment/shop/web",
            ("spec", "selector"),
        ),
        ("app.yaml::Service/shop/web", "workloads.yaml::Pod/shop/pod", ("spec", "selector")),
        (
            "app.yaml::Service/shop/web",
            "workloads.yaml::DaemonSet/shop/agent",
            ("spec", "selector"),
        ),
        ("app.yaml::Service/shop/web", "workloads.yaml::Job/shop/job", ("spec", "selector")),
    ]
    # Not selected: the StatefulSet (app: db), the ReplicaSet (namespace default), the
    # ReplicationController (no pod labels) and the CronJob (no pod labels).


def test_service_selector_edge_cases() -> None:
    text = """\
apiVersion: v1
kind: Service
metadata: {name: no-selector}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: numbers}
spec:
  selector: {version: 2}
---
apiVersion: v1
kind: Service
metadata: {name: two-labels}
spec:
  selector: {app: web, tier: agent}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: v2}
spec:
  template:
    metadata:
      labels: {version: "2", app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: agent}
spec:
  template:
    metadata:
      labels: {app: web, tier: agent}
"""
    assert edges("selects", parse("svc.yaml", text)) == [
        (
            "svc.yaml::Service/default/numbers",
            "svc.yaml::Deployment/default/v2",
            ("spec", "selector"),
        ),
        (
            "svc.yaml::Service/default/two-labels",
            "svc.yaml::Deployment/default/agent",
            ("spec", "selector"),
        ),
    ]


def test_role_bindings_point_at_their_roles() -> None:
    assert edges("role_ref", scan(*FIXTURES)) == [
        ("rbac.yaml::RoleBinding/shop/read-pods", "rbac.yaml::Role/shop/pod-reader", ("roleRef",)),
        ("rbac.yaml::RoleBinding/shop/read-cluster", "list.yaml::ClusterRole/reader", ("roleRef",)),
        ("rbac.yaml::ClusterRoleBinding/readers", "list.yaml::ClusterRole/reader", ("roleRef",)),
    ]
    # ClusterRoleBinding/wrong-ref names a Role, which a cluster binding cannot use.


def test_binding_subjects_point_at_service_accounts() -> None:
    assert edges("subject", scan(*FIXTURES)) == [
        # No namespace on the subject: the RoleBinding's own.
        (
            "rbac.yaml::RoleBinding/shop/read-pods",
            "app.yaml::ServiceAccount/shop/web",
            ("subjects", 1),
        ),
        (
            "rbac.yaml::ClusterRoleBinding/readers",
            "app.yaml::ServiceAccount/shop/web",
            ("subjects", 0),
        ),
    ]
    # Not linked: the User subject, the account in namespace `other` (not defined), and the
    # ClusterRoleBinding subject without a namespace.


def test_workloads_point_at_their_service_account() -> None:
    assert edges("reference", scan(*FIXTURES)) == [
        (
            "workloads.yaml::Pod/shop/pod",
            "app.yaml::ServiceAccount/shop/web",
            ("spec", "serviceAccountName"),
        ),
        (
            "workloads.yaml::StatefulSet/shop/db",
            "app.yaml::ServiceAccount/shop/web",
            ("spec", "template", "spec", "serviceAccount"),
        ),
    ]


def test_edge_paths_locate_the_reference() -> None:
    resources = scan(*FIXTURES)
    graph = ResourceGraph(resources, KubernetesAdapter().link(resources))
    pod = graph.get("workloads.yaml::Pod/shop/pod")
    assert pod is not None
    (edge,) = graph.edges_from(pod, "reference")
    assert pod.span_of(edge.path) == Span(8, 8, 3)
    account = graph.get("app.yaml::ServiceAccount/shop/web")
    assert account is not None
    assert {r.address for r in graph.referenced_by(account)} == {
        "Pod/shop/pod",
        "StatefulSet/shop/db",
        "RoleBinding/shop/read-pods",
        "ClusterRoleBinding/readers",
    }


def test_unknown_and_unnamed_objects_link_to_nothing() -> None:
    text = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: "{{ .Values.app }}"}
---
apiVersion: v1
kind: Pod
metadata:
  labels: {app: web}
spec:
  serviceAccountName: "{{ .Values.account }}"
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: "{{ .Values.account }}"}
"""
    resources = parse("chart.yaml", text)
    assert [r.address for r in resources] == [
        "Service/default/web",
        "Pod/default/<unnamed-1>",
        "ServiceAccount/default/<unnamed-2>",
    ]
    assert KubernetesAdapter().link(resources) == []


def test_other_frameworks_are_ignored() -> None:
    (service,) = parse(
        "s.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {a: b}\n"
    )
    foreign = Resource(
        id="main.tf::Pod/default/p",
        address="Pod/default/p",
        framework=Framework.TERRAFORM,
        type="Pod",
        name="p",
        file="main.tf",
        span=Span(1, 1),
        attributes={"metadata": {"name": "p", "labels": {"a": "b"}}},
        meta={"namespace": "default"},
    )
    assert KubernetesAdapter().link([service, foreign]) == []
