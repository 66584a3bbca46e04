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
)

# The annotation Kubernetes read before `appArmorProfile` (1.30) and still honours.
_ANNOTATION: Final = "container.apparmor.security.beta.kubernetes.io/"


def _is_unconfined(field: Field) -> bool:
    text = as_str(field.value)
    return text is not None and text.strip().lower() == "unconfined"


def _deciding_field(container: Container) -> Field | None:
    """What sets the container's profile, most specific first: its own field, its
    annotation, the pod's field. None when nothing is written (the runtime default)."""
    own = container.security("appArmorProfile")
    if own.present:
        return own.get("type")
    name = container.get("name").value
    if isinstance(name, str):
        annotation = pod_annotation(container.pod, _ANNOTATION + name)
        if annotation.present:
            return annotation
    inherited = container.pod.get("securityContext", "appArmorProfile")
    return inherited.get("type") if inherited.present else None


def _unconfined(container: Container) -> Field | None:
    """The field that turns AppArmor off for the container, None when it is confined (or
    nothing is written: the runtime's default profile applies) or an unknown value decides."""
    found = _deciding_field(container)
    return found if found is not None and _is_unconfined(found) else None


@check(
    id="IAC-K8S-POD-025",
    name="container-apparmor-unconfined",
    title="Container runs with AppArmor turned off",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Remove the `Unconfined` profile; the runtime's default AppArmor profile then applies.
        Write it explicitly to keep it on:

        ```yaml
        securityContext:
          appArmorProfile:
            type: RuntimeDefault
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
    references=[
        "https://kubernetes.io/docs/tutorials/security/apparmor/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    ],
)
def container_apparmor_unconfined(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers whose effective AppArmor profile is `Unconfined`: the container's
    `securityContext.appArmorProfile.type`, else the
    `container.apparmor.security.beta.kubernetes.io/<container>` annotation (`unconfined`), else
    the pod's `appArmorProfile.type`. The finding points at that line, once however many
    containers inherit it. An unwritten profile is not reported: on nodes with AppArmor the
    runtime's default profile applies. Pods that declare `os.name: windows` are skipped; unknown
    values stay silent.

    ## Why is this bad?
    AppArmor confines what a container may do beyond Unix permissions: mounting, writing to
    `/proc` and `/sys`, raw network access. Turning it off removes a layer that stops many
    container escapes; the Pod Security Standards' Baseline profile forbids it.

    ## Example
    ```yaml
    securityContext:
      appArmorProfile:
        type: Unconfined
    ```

    ## Use instead
    ```yaml
    securityContext:
      appArmorProfile:
        type: RuntimeDefault
    ```
    """
    reported: set[tuple[object, ...]] = set()
    for container in containers(workload):
        if is_windows(container.pod):
            return
        found = _unconfined(container)
        if found is not None and found.path not in reported:
            reported.add(found.path)
            message = f"{container.speaker(found)} runs AppArmor unconfined"
            yield Violation(at=found, message=message)
