"""Kubernetes manifests: one resource per object, linked across files (see adapter.py)."""

from iacscan.frameworks.kubernetes.adapter import KubernetesAdapter
from iacscan.frameworks.kubernetes.detect import looks_like_kubernetes

__all__ = ["KubernetesAdapter", "looks_like_kubernetes"]
