"""Long-running containers without a liveness or readiness probe: one row each.

Init containers and ephemeral containers cannot carry these probes, and Job and CronJob pods
run to completion, so they are skipped.
"""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present
from iacscan.model.kubernetes_workloads import WorkloadRule, workload_setting_check

_PROBES = (
    "https://kubernetes.io/docs/tasks/configure-pod-container/"
    "configure-liveness-readiness-startup-probes/"
)
_SKIPS = """Init containers, ephemeral containers and the pods of Jobs and CronJobs (which run to
completion) are skipped. The finding points at the container."""

container_missing_liveness_probe = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-020",
        name="container-missing-liveness-probe",
        title="Container has no liveness probe",
        severity=Severity.LOW,
        what="livenessProbe",
        setting=("livenessProbe",),
        expect=Present(),
        skip_init=True,
        skip_ephemeral=True,
        skip_jobs=True,
        category="resilience",
        doc=Doc(
            what_it_does=f"""
Flags containers of long-running workloads (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController) without a `livenessProbe`. {_SKIPS}""",
            why_is_this_bad="""
Without a liveness probe the kubelet restarts a container only when its process exits: a
deadlocked or wedged process keeps its pod "Running" and keeps receiving traffic, an outage
that nothing heals.""",
            example="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
```""",
            use_instead="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
```""",
        ),
        remediation="""
Give the container a liveness probe that fails when the process cannot recover.

```yaml
livenessProbe:
  httpGet:
    path: /healthz
    port: 8080
  periodSeconds: 10
```""",
        compliance={"nist-800-53-r5": ["SI-17"]},
        equivalents={"checkov": ["CKV_K8S_8"], "kube-linter": ["no-liveness-probe"]},
        references=[_PROBES],
    )
)

container_missing_readiness_probe = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-021",
        name="container-missing-readiness-probe",
        title="Container has no readiness probe",
        severity=Severity.LOW,
        what="readinessProbe",
        setting=("readinessProbe",),
        expect=Present(),
        skip_init=True,
        skip_ephemeral=True,
        skip_jobs=True,
        category="resilience",
        doc=Doc(
            what_it_does=f"""
Flags containers of long-running workloads (Pod, Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController) without a `readinessProbe`. {_SKIPS}""",
            why_is_this_bad="""
Without a readiness probe a pod receives Service traffic as soon as its containers start,
before the application can answer, and keeps receiving it while it is overloaded or
draining: every rollout and restart turns into failed requests.""",
            example="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
```""",
            use_instead="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
    readinessProbe:
      httpGet:
        path: /ready
        port: 8080
```""",
        ),
        remediation="""
Give the container a readiness probe that passes only when it can serve requests.

```yaml
readinessProbe:
  httpGet:
    path: /ready
    port: 8080
  periodSeconds: 5
```""",
        compliance={"nist-800-53-r5": ["SI-17"]},
        equivalents={"checkov": ["CKV_K8S_9"], "kube-linter": ["no-readiness-probe"]},
        references=[_PROBES],
    )
)
