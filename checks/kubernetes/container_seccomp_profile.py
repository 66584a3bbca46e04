from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Resource
from iacscan.graph.values import as_str
from iacscan.model.kubernetes_workloads import (
    WORKLOAD_TARGETS,
    Container,
    containers,
    is_windows,
    pod_annotation,
    pod_spec,
)

SAFE_TYPES: Final = frozenset({"runtimedefault", "localhost"})
# The annotations Kubernetes read before `seccompProfile` existed (ignored since 1.27, but
# still written by older charts): `runtime/default`, `docker/default` and `localhost/<file>`
# confine the container.
_POD_ANNOTATION: Final = "seccomp.security.alpha.kubernetes.io/pod"
_CONTAINER_ANNOTATION: Final = "container.seccomp.security.alpha.kubernetes.io/"


def _annotation_is_safe(text: str) -> bool:
    value = text.strip().lower()
    return value in ("runtime/default", "docker/default") or value.startswith("localhost/")


def _profile_type(profile: Field) -> tuple[Field | None, bool]:
    if profile.unknown:
        return None, True
    kind = profile.get("type")
    text = as_str(kind.value)
    return kind, text is not None and text.strip().lower() in SAFE_TYPES


def _annotation(annotation: Field) -> tuple[Field | None, bool]:
    if not isinstance(annotation.value, str):
        return None, True  # unknown
    return annotation, _annotation_is_safe(annotation.value)


def _judge(container: Container) -> tuple[Field | None, bool]:
    """(the field that decides, whether it confines), most specific first: the container's
    field, its annotation, the pod's field, the pod's annotation. (None, False) when nothing
    is written, (None, True) when an unknown value decides."""
    own = container.security("seccompProfile")
    if own.present:
        return _profile_type(own)
    name = container.get("name").value
    if isinstance(name, str):
        annotation = pod_annotation(container.pod, _CONTAINER_ANNOTATION + name)
        if annotation.present:
            return _annotation(annotation)
    inherited = container.pod.get("securityContext", "seccompProfile")
    if inherited.present:
        return _profile_type(inherited)
    annotation = pod_annotation(container.pod, _POD_ANNOTATION)
    return _annotation(annotation) if annotation.present else (None, False)


@check(
    id="IAC-K8S-POD-024",
    name="container-seccomp-unconfined",
    title="Container runs without a seccomp profile",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Apply the container runtime's default seccomp profile to the whole pod.

        ```yaml
        spec:
          securityContext:
            seccompProfile:
              type: RuntimeDefault
        ```
    """,
    compliance={"cis-kubernetes-1.8.0": ["5.7.2"], "nist-800-53-r5": ["CM-7", "SC-39"]},
    equivalents={"checkov": ["CKV_K8S_31"]},
    references=[
        "https://kubernetes.io/docs/tutorials/security/seccomp/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    ],
)
def container_seccomp_unconfined(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers whose effective seccomp profile is not `RuntimeDefault` or `Localhost`: the
    container's `securityContext.seccompProfile`, else its legacy
    `container.seccomp.security.alpha.kubernetes.io/<name>` annotation, else the pod's
    `seccompProfile`, else the legacy `seccomp.security.alpha.kubernetes.io/pod` annotation
    (`runtime/default`, `docker/default` and `localhost/...` confine). An explicit `Unconfined`
    (or `unconfined` annotation) is reported at its line, once however many containers inherit
    it. Containers with no profile at all run unconfined (unless the kubelet's `seccompDefault`
    is turned on, which the manifest cannot show): they are reported together, once, at the
    pod's `securityContext` (or the pod spec), where one line fixes them all. Pods that declare
    `os.name: windows` are skipped; unknown values stay silent.

    ## Why is this bad?
    Seccomp filters the system calls a container may make. Unconfined, a process can call the
    whole kernel interface (`keyctl`, `unshare`, `bpf`, `ptrace`, ...), which is where most
    container escapes through kernel bugs start. The runtime's default profile blocks the
    dangerous calls and breaks almost no application.

    ## Example
    ```yaml
    spec:
      containers:
        - name: api
          image: acme/api:2.3.1
    ```

    ## Use instead
    ```yaml
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: api
          image: acme/api:2.3.1
    ```
    """
    spec = pod_spec(workload)
    if spec is None or is_windows(spec):
        return
    reported: set[tuple[object, ...]] = set()
    unset: list[str] = []
    for container in containers(workload):
        decider, confined = _judge(container)
        if confined:
            continue
        if decider is None:
            unset.append(container.label)
        elif decider.path not in reported:
            reported.add(decider.path)
            message = f"{container.speaker(decider)} runs seccomp unconfined"
            yield Violation(at=decider, message=message)
    if unset:
        where = spec.get("securityContext", "seccompProfile")
        names = ", ".join(unset)
        yield Violation(at=where, message=f"no seccomp profile for {names} (unconfined)")
