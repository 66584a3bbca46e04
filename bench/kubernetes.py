"""Kubernetes manifests: multi-document files of Deployments/StatefulSets/CronJobs with their
Services, and RBAC (ServiceAccount, Role, RoleBinding, ClusterRoleBinding)."""

from __future__ import annotations

import random
from typing import Any

from bench.common import choose_flaws
from bench.yamlish import to_yaml_documents

Doc = dict[str, Any]


class _Ctx:
    def __init__(
        self, rng: random.Random, insecure: bool, app: str, name: str, namespace: str
    ) -> None:
        self.rng = rng
        self.insecure = insecure
        self.app = app  # the application: its label and service account
        self.name = name  # this workload's object name
        self.namespace = namespace

    def flaws(self, *options: str) -> set[str]:
        return choose_flaws(self.rng, self.insecure, options, 0.35)


def _meta(ctx: _Ctx, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": ctx.namespace,
        "labels": {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": ctx.app},
    }


def _container(ctx: _Ctx, name: str, bad: set[str]) -> dict[str, Any]:
    security: dict[str, Any] = {
        "allowPrivilegeEscalation": "escalation" in bad,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": "root" not in bad,
        "capabilities": {"drop": ["ALL"]},
    }
    if "privileged" in bad:
        security["privileged"] = True
    if "caps" in bad:
        security["capabilities"] = {"add": ["NET_ADMIN", "SYS_ADMIN"]}
    if "root" in bad:
        security["runAsUser"] = 0
    tag = "latest" if "latest" in bad else f"1.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"
    container: dict[str, Any] = {
        "name": name,
        "image": f"registry.example.com/shop/{ctx.app}:{tag}",
        "imagePullPolicy": "Always" if tag == "latest" else "IfNotPresent",
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
        "env": [
            {"name": "APP_ENV", "value": "production"},
            {"name": "LOG_LEVEL", "value": ctx.rng.choice(["info", "warn"])},
            {
                "name": "DB_PASSWORD",
                "valueFrom": {"secretKeyRef": {"name": f"{ctx.app}-db", "key": "password"}},
            },
        ],
        "securityContext": security,
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}, "periodSeconds": 5},
    }
    if "limits" not in bad:
        container["resources"] = {
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {"cpu": "500m", "memory": "512Mi"},
        }
    return container


def _pod_spec(ctx: _Ctx, bad: set[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "serviceAccountName": ctx.app,
        "automountServiceAccountToken": "token" in bad,
        "securityContext": {"fsGroup": 2000, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [_container(ctx, ctx.name, bad)],
    }
    if "host" in bad:
        spec["hostNetwork"] = True
        spec["hostPID"] = True
    if "hostpath" in bad:
        spec["volumes"] = [{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]
        spec["containers"][0]["volumeMounts"] = [{"name": "docker", "mountPath": "/var/run"}]
    return spec


WORKLOAD_FLAWS = (
    "privileged",
    "root",
    "escalation",
    "caps",
    "latest",
    "limits",
    "host",
    "hostpath",
)


def workload(ctx: _Ctx) -> list[Doc]:
    kind = ctx.rng.choice(["Deployment", "Deployment", "StatefulSet", "DaemonSet", "CronJob"])
    bad = ctx.flaws(*WORKLOAD_FLAWS)
    pod = {
        "metadata": {"labels": {"app.kubernetes.io/name": ctx.name}},
        "spec": _pod_spec(ctx, bad),
    }
    selector = {"matchLabels": {"app.kubernetes.io/name": ctx.name}}
    spec: dict[str, Any]
    if kind == "CronJob":
        pod["spec"]["restartPolicy"] = "OnFailure"
        spec = {"schedule": "*/15 * * * *", "jobTemplate": {"spec": {"template": pod}}}
    elif kind == "DaemonSet":
        spec = {"selector": selector, "template": pod}
    else:
        spec = {"replicas": ctx.rng.choice([2, 3, 4]), "selector": selector, "template": pod}
        if kind == "StatefulSet":
            spec["serviceName"] = ctx.name
    api = "batch/v1" if kind == "CronJob" else "apps/v1"
    docs: list[Doc] = [
        {"apiVersion": api, "kind": kind, "metadata": _meta(ctx, ctx.name), "spec": spec}
    ]
    if kind != "CronJob":
        docs.append(service(ctx))
    return docs


def service(ctx: _Ctx) -> Doc:
    public = "lb" in ctx.flaws("lb") if ctx.rng.random() < 0.3 else False
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _meta(ctx, ctx.name),
        "spec": {
            "type": "LoadBalancer" if public else "ClusterIP",
            "selector": {"app.kubernetes.io/name": ctx.name},
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def rbac(ctx: _Ctx) -> list[Doc]:
    bad = ctx.flaws("wildcard", "cluster_admin", "secrets")
    rules: list[dict[str, Any]] = [
        {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list", "watch"]}
    ]
    if "wildcard" in bad:
        rules = [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
    if "secrets" in bad:
        rules.append({"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]})
    subject = {"kind": "ServiceAccount", "name": ctx.app, "namespace": ctx.namespace}
    docs: list[Doc] = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(ctx, ctx.app)},
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": _meta(ctx, f"{ctx.app}-reader"),
            "rules": rules,
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": _meta(ctx, f"{ctx.app}-reader"),
            "roleRef": {
                "apiGroup": "rbac.authorization.k8s.io",
                "kind": "Role",
                "name": f"{ctx.app}-reader",
            },
            "subjects": [subject],
        },
    ]
    if "cluster_admin" in bad:
        docs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": f"{ctx.app}-admin"},
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole",
                    "name": "cluster-admin",
                },
                "subjects": [subject],
            }
        )
    return docs


def manifest(
    rng: random.Random, insecure: bool, app: str, name: str, namespace: str, kind: str
) -> str:
    """A multi-document file: `kind` is `workload` (workload + Service, sometimes a second
    workload beside it) or `rbac`."""
    ctx = _Ctx(rng, insecure, app, name, namespace)
    docs = rbac(ctx) if kind == "rbac" else workload(ctx)
    if kind != "rbac" and rng.random() < 0.3:
        ctx.name = f"{name}-worker"
        ctx.insecure = insecure and rng.random() < 0.5
        docs += workload(ctx)
    return to_yaml_documents(docs)
