from __future__ import annotations

from pathlib import Path

import pytest

from iacscan.frameworks.kubernetes import looks_like_kubernetes

DATA = Path(__file__).parent / "data" / "kubernetes"

KUBERNETES = {
    "deployment": (DATA / "deployment.yaml").read_text(),
    "second document": "# config\nname: x\n---\napiVersion: v1\nkind: ConfigMap\n",
    "kind first, quoted keys": "'kind': Pod\n\"apiVersion\": v1\n",
    "helm template": (DATA / "chart-broken.yaml").read_text(),
    "helm template opening with a condition": (
        "{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\n{{- end }}\n"
    ),
    "json": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}',
    "broken json manifest": '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n}',
    "list": "apiVersion: v1\nkind: List\nitems: []\n",
}

NOT_KUBERNETES = {
    "cloudformation": (
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n"
        "    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n"
    ),
    "cloudformation json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}',
    "arm template": (
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/'
        'deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [{"type": '
        '"Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01", "kind": "StorageV2"}]}'
    ),
    "github workflow": (
        "name: ci\non:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
    ),
    "docker compose": "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n",
    "helm values": "replicaCount: 2\nkind: Deployment\nimage:\n  repository: nginx\n",
    "helm chart": "apiVersion: v2\nname: shop\nversion: 1.0.0\ntype: application\n",
    "ansible playbook with an inline manifest": (
        "- hosts: localhost\n  tasks:\n    - kubernetes.core.k8s:\n        definition:\n"
        "          apiVersion: v1\n          kind: Namespace\n"
    ),
    "openapi": "openapi: 3.0.0\ninfo:\n  title: API\n  version: '1'\npaths: {}\n",
    "keys split over documents": "apiVersion: v1\n---\nkind: Pod\n",
    "keys inside a block scalar": "notes: |\n  apiVersion: v1\n  kind: Pod\n",
    "empty": "",
    "json array": '[{"apiVersion": "v1", "kind": "Pod"}]',
}


@pytest.mark.parametrize("text", KUBERNETES.values(), ids=KUBERNETES.keys())
def test_detects_kubernetes(text: str) -> None:
    assert looks_like_kubernetes(text) is True


@pytest.mark.parametrize("text", NOT_KUBERNETES.values(), ids=NOT_KUBERNETES.keys())
def test_rejects_other_formats(text: str) -> None:
    assert looks_like_kubernetes(text) is False
