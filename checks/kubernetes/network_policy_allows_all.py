from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource


@check(
    id="IAC-K8S-NET-001",
    name="network-policy-allows-all-ingress",
    title="NetworkPolicy allows all ingress traffic",
    severity=Severity.MEDIUM,
    category="network",
    targets={Framework.KUBERNETES: ["NetworkPolicy"]},
    remediation="""
        Name the sources and ports the selected pods must accept.

        ```yaml
        ingress:
          - from:
              - podSelector:
                  matchLabels:
                    app: frontend
            ports:
              - port: 8080
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
    references=["https://kubernetes.io/docs/concepts/services-networking/network-policies/"],
)
def network_policy_allows_all_ingress(
    policy: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags NetworkPolicy ingress rules that name neither sources (`from`) nor ports (an empty
    rule `{}`): such a rule admits every source, inside or outside the cluster, on every port
    of the selected pods, and makes the rest of the policy moot. Each rule is reported at its
    line. Rules limited to ports or to sources are not reported; unknown rules stay silent.

    ## Why is this bad?
    A policy that selects pods but then admits everything gives the appearance of isolation
    without any: a compromised pod anywhere in the cluster (or anything that reaches the pod
    network) reaches every port of the selected pods, including admin and metrics ports.

    ## Example
    ```yaml
    spec:
      podSelector:
        matchLabels:
          app: api
      ingress:
        - {}
    ```

    ## Use instead
    ```yaml
    spec:
      podSelector:
        matchLabels:
          app: api
      ingress:
        - from:
            - podSelector:
                matchLabels:
                  app: frontend
    ```
    """
    for rule in policy.blocks("spec", "ingress"):
        if admits_everything(rule.value):
            yield Violation(at=rule, message="the rule admits every source on every port")


def admits_everything(rule: Any) -> bool:
    """True for a rule whose `from` and `ports` are both unwritten, null or empty; False
    when either names something or is not a known list."""
    if not isinstance(rule, dict):
        return False
    for key in ("from", "ports"):
        value = rule.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or value:
            return False
    return True
