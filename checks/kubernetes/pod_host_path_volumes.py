"""Pods that mount directories of the node (`hostPath` volumes): any host path, and the
sensitive ones (the root, system directories, the kubelet's state, container runtime
sockets) as a separate, higher-severity check."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Resource
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, pod_spec

SENSITIVE_DIRECTORIES: Final = frozenset(
    {
        "/",
        "/boot",
        "/dev",
        "/etc",
        "/lib",
        "/proc",
        "/sys",
        "/usr",
        "/root",
        "/var/run",
        "/run",
        "/var/lib/docker",
        "/var/lib/containerd",
        "/var/lib/kubelet",
        "/etc/kubernetes",
    }
)
SENSITIVE_PREFIXES: Final = ("/etc/kubernetes/", "/var/lib/kubelet/", "/root/")
RUNTIME_SOCKETS: Final = frozenset(
    {
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/var/run/containerd/containerd.sock",
        "/run/containerd/containerd.sock",
        "/var/run/crio/crio.sock",
        "/run/crio/crio.sock",
        "/var/run/cri-dockerd.sock",
        "/run/cri-dockerd.sock",
    }
)
_POD_SECURITY = "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"
_HOST_PATH = "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"


def host_paths(workload: Resource) -> Iterator[tuple[Field, str]]:
    """Every written `volumes[].hostPath.path` of the pod, with its normalised text."""
    spec = pod_spec(workload)
    if spec is None:
        return
    for volume in workload.blocks(*spec.path, "volumes"):
        path = volume.get("hostPath", "path")
        if isinstance(path.value, str) and path.value.strip().startswith("/"):
            yield path, posixpath.normpath(path.value.strip())


def sensitive_reason(path: str) -> str | None:
    """Why a host path is sensitive, None when it is not."""
    if path in RUNTIME_SOCKETS:
        return "the container runtime's socket (full control of every container on the node)"
    if path in SENSITIVE_DIRECTORIES or path.startswith(SENSITIVE_PREFIXES):
        return "a system directory of the node"
    return None


@check(
    id="IAC-K8S-POD-028",
    name="pod-host-path-volume",
    title="Pod mounts a directory of the node",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Use an `emptyDir`, a ConfigMap, a Secret or a PersistentVolumeClaim instead of a
        `hostPath` volume.

        ```yaml
        volumes:
          - name: cache
            emptyDir: {}
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "SC-39"]},
    references=[_POD_SECURITY, _HOST_PATH],
)
def pod_host_path_volume(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags every `hostPath` volume of a workload's pod, at its `path`. Sensitive host paths
    (the root, system directories, the kubelet's state, container runtime sockets) are
    reported by IAC-K8S-POD-029 instead, so each mount is reported once.

    ## Why is this bad?
    A host path gives the pod a directory of the node itself: data it writes survives the pod
    and is seen by other pods on the node, files placed there by others are read by it, and a
    compromised container can use the mount to reach beyond its sandbox. The Pod Security
    Standards' Baseline profile forbids host paths.

    ## Example
    ```yaml
    volumes:
      - name: cache
        hostPath:
          path: /var/cache/app
    ```

    ## Use instead
    ```yaml
    volumes:
      - name: cache
        emptyDir: {}
    ```
    """
    for path, text in host_paths(workload):
        if sensitive_reason(text) is None:
            yield Violation(at=path, message=f"the pod mounts the node's {text}")


@check(
    id="IAC-K8S-POD-029",
    name="pod-sensitive-host-path",
    title="Pod mounts a sensitive directory or socket of the node",
    severity=Severity.HIGH,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Remove the mount. A workload that must talk to the container runtime or read node
        state should get a narrow API (for example the kubelet's or a CSI driver's) instead.

        ```yaml
        volumes:
          - name: tmp
            emptyDir: {}
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "SC-39"]},
    equivalents={
        "checkov": ["CKV_K8S_27"],
        "kube-linter": ["sensitive-host-mounts", "docker-sock"],
    },
    references=[_POD_SECURITY, _HOST_PATH],
)
def pod_sensitive_host_path(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags `hostPath` volumes whose path (normalised: `/etc/` is `/etc`) is the node's root
    `/`, a system directory (`/boot`, `/dev`, `/etc`, `/lib`, `/proc`, `/sys`, `/usr`,
    `/root`, `/run`, `/var/run`), the kubelet's or the runtime's state (`/var/lib/kubelet`,
    `/etc/kubernetes`, `/var/lib/docker`, `/var/lib/containerd` and what lies under the first
    two), or a container runtime socket (`docker.sock`, `containerd.sock`, `crio.sock`,
    `cri-dockerd.sock`). The finding points at the volume's `path`.

    ## Why is this bad?
    These mounts hand the node over. The runtime socket starts privileged containers at will;
    `/etc`, `/root` and `/` let a process add users, SSH keys or cron jobs on the node;
    `/var/lib/kubelet` and `/etc/kubernetes` hold the credentials of the node and of every
    pod scheduled on it; `/proc`, `/sys` and `/dev` expose the kernel and devices.

    ## Example
    ```yaml
    volumes:
      - name: docker
        hostPath:
          path: /var/run/docker.sock
    ```

    ## Use instead
    ```yaml
    volumes:
      - name: tmp
        emptyDir: {}
    ```
    """
    for path, text in host_paths(workload):
        reason = sensitive_reason(text)
        if reason is not None:
            yield Violation(at=path, message=f"the pod mounts {text}, {reason}")
