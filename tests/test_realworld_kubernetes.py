"""Kubernetes forms met in real repositories (see bench/compare_findings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
from iacscan.frameworks.kubernetes import KubernetesAdapter, looks_like_kubernetes
from iacscan.graph.model import Framework

# As in kubernetes/website content/en/examples/pods/security/security-context-4.yaml.
FLOW_POD = """---
{
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "security-context-demo-4",
  },
  spec: {
    containers: [{
      name: "sec-ctx-4",
      image: "gcr.io/google-samples/hello-app:2.0",
      securityContext: {
        capabilities: {
          add: [
            "NET_ADMIN",
            "SYS_TIME",
          ],
        },
      },
    }],
  },
}
"""


@pytest.mark.parametrize(
    "text",
    [
        FLOW_POD,
        "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n",
        "# comment\n{ kind: Namespace,\n  apiVersion: v1 }\n",
    ],
)
def test_flow_mapping_documents_are_manifests(text: str) -> None:
    assert looks_like_kubernetes(text) is True


@pytest.mark.parametrize(
    "text",
    [
        '{{ include "chart.labels" . }}\nkind: x\n',
        "{name: a, spec: {kind: b}}\n",
        "settings: {apiVersion: v1, kind: Pod}\n",
    ],
)
def test_flow_mappings_without_both_keys_are_not(text: str) -> None:
    assert looks_like_kubernetes(text) is False


def test_flow_mapping_pod_is_parsed_with_lines() -> None:
    source = SourceFile(Path("/r/pod.yaml"), "pod.yaml", FLOW_POD)
    unit = ScanUnit(Framework.KUBERNETES, ".", (source,), Path("/r"))
    result = KubernetesAdapter().parse(unit, ParseOptions())
    assert result.errors == []
    [pod] = result.resources
    assert pod.address == "Pod/default/security-context-demo-4"
    container = pod.attributes["spec"]["containers"][0]
    assert container["securityContext"]["capabilities"]["add"] == ["NET_ADMIN", "SYS_TIME"]
    path = ("spec", "containers", 0, "securityContext", "capabilities", "add", 1)
    assert pod.spans[path].line == 16
