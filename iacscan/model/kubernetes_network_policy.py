"""Which NetworkPolicies select a workload's pods, among the manifests of one scan.

A NetworkPolicy applies to the pods of its own namespace that its `podSelector` (a
LabelSelector: `matchLabels` and `matchExpressions`) selects; an empty or missing selector
selects every pod of the namespace. Answers are three-valued: a selector or label that is not
plain text (an unrendered template, an unresolved value) may select anything, so it answers
None ("cannot tell") and a check stays silent rather than guess.

Other engines' policy kinds (Cilium, Calico, the AdminNetworkPolicy API) use selectors of their
own; they are not evaluated, only noticed, so that a check can stay silent where they may
isolate the pods.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Unknown
from iacscan.model.kubernetes_workloads import namespace_of

NETWORK_POLICY_API: Final = "networking.k8s.io/"
# Policy kinds of other engines that isolate pods of one namespace.
NAMESPACED_POLICY_KINDS: Final = frozenset({"CiliumNetworkPolicy", "NetworkPolicy"})
# Policy kinds that apply across namespaces (Cilium, Calico, the AdminNetworkPolicy API).
CLUSTER_POLICY_KINDS: Final = frozenset(
    {
        "CiliumClusterwideNetworkPolicy",
        "GlobalNetworkPolicy",
        "AdminNetworkPolicy",
        "BaselineAdminNetworkPolicy",
        "ClusterNetworkPolicy",
    }
)

Labels = Mapping[str, Any]


def label_text(value: Any) -> str | None:
    """A label value as Kubernetes compares it; None when it is not plain text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def selector_matches(selector: Any, labels: Any) -> bool | None:
    """Whether a LabelSelector selects pods carrying `labels`: True, False, or None when
    either side is not known well enough to tell. A missing, null or empty selector selects
    every pod."""
    if selector is None or selector == {}:
        return True
    if not isinstance(selector, dict) or not isinstance(labels, Mapping):
        return None
    answers = list(_requirements(selector, labels))
    if False in answers:
        return False
    if None in answers:
        return None
    return True


def _requirements(selector: dict[str, Any], labels: Labels) -> Iterator[bool | None]:
    match_labels = selector.get("matchLabels")
    if match_labels is not None:
        if not isinstance(match_labels, dict):
            yield None
        else:
            for key, value in match_labels.items():
                yield _in(labels, key, [value])
    expressions = selector.get("matchExpressions")
    if expressions is not None:
        if not isinstance(expressions, list):
            yield None
        else:
            for expression in expressions:
                yield _expression(expression, labels)


def _expression(expression: Any, labels: Labels) -> bool | None:
    if not isinstance(expression, dict):
        return None
    key, operator = expression.get("key"), expression.get("operator")
    if not isinstance(key, str) or not isinstance(operator, str):
        return None
    if operator in ("Exists", "DoesNotExist"):
        present = key in labels
        return present if operator == "Exists" else not present
    values = expression.get("values")
    if operator not in ("In", "NotIn") or not isinstance(values, list):
        return None
    found = _in(labels, key, values)
    if found is None or operator == "In":
        return found
    return not found


def _in(labels: Labels, key: Any, values: list[Any]) -> bool | None:
    """Whether label `key` is present with one of `values`."""
    if not isinstance(key, str):
        return None
    if key not in labels:
        return False
    have = label_text(labels[key])
    wanted = [label_text(value) for value in values]
    if have is None:
        return None
    if have in wanted:
        return True
    return None if None in wanted else False


def same_namespace(first: Resource, second: Resource) -> bool:
    """Whether two objects may share a namespace: both write the same one, or either writes
    none (then it is chosen at apply time and may well be the other's)."""
    a, b = namespace_of(first), namespace_of(second)
    return a is None or b is None or a == b


def workload_isolation(workload: Resource, graph: ResourceGraph) -> bool | None:
    """Whether a NetworkPolicy among the scanned manifests selects the workload's pods: True,
    False, or None when it cannot be told (an unknown selector, namespace or pod labels, or a
    policy of another engine that may select them)."""
    # Imported here: the adapter package loads PyYAML, which loading the checks must not need.
    from iacscan.frameworks.kubernetes.pods import pod_labels

    labels_field = pod_labels(workload)
    if labels_field is None:
        return None
    labels: Any = labels_field.value if labels_field.present else {}
    if isinstance(labels, Unknown) or isinstance(workload.get("metadata", "namespace"), Unknown):
        return None
    undecided = False
    for kind in CLUSTER_POLICY_KINDS:
        if graph.of_type(Framework.KUBERNETES, kind):
            undecided = True
    for kind in NAMESPACED_POLICY_KINDS:
        for policy in graph.of_type(Framework.KUBERNETES, kind):
            if not same_namespace(workload, policy):
                continue
            if not _is_core_policy(policy):
                undecided = True
                continue
            answer = selector_matches(policy.get("spec", "podSelector", default=None), labels)
            if answer is True:
                return True
            undecided = undecided or answer is None
    return None if undecided else False


def _is_core_policy(policy: Resource) -> bool:
    """A Kubernetes NetworkPolicy (not Calico's namesake or a Cilium policy)."""
    api = policy.get("apiVersion")
    return (
        policy.type == "NetworkPolicy"
        and isinstance(api, str)
        and api.startswith(NETWORK_POLICY_API)
    )
