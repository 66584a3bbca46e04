"""Checks for Kubernetes manifests: workload security settings and RBAC."""
