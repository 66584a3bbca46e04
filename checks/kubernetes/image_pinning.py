"""How a container's image is fetched: pinned by digest, and pulled (so checked against the
registry's credentials) on every start. Image text a templating step fills in later is not
judged."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_str
from iacscan.model.kubernetes_images import default_pull_policy, has_digest, is_templated
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers

_IMAGES = "https://kubernetes.io/docs/concepts/containers/images/"


@check(
    id="IAC-K8S-IMAGE-010",
    name="image-pull-policy-not-always",
    title="Container image is not pulled on every start",
    severity=Severity.LOW,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Pull on every start, or pin the image by digest so a cached copy is the same image.

        ```yaml
        image: registry.acme.io/api:2.3.1
        imagePullPolicy: Always
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-2", "SI-7"]},
    equivalents={"checkov": ["CKV_K8S_15"]},
    references=[_IMAGES + "#image-pull-policy"],
)
def image_pull_policy_not_always(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers whose `imagePullPolicy` is `IfNotPresent` or `Never`, or unwritten for an
    image with a version tag (Kubernetes then defaults to `IfNotPresent`), unless the image is
    pinned by digest (`@sha256:...`): a cached copy of a digest is the same image. The finding
    points at `imagePullPolicy`, or at the container when it is unwritten. Ephemeral
    containers are skipped.

    ## Why is this bad?
    With `IfNotPresent` a node reuses whatever image it cached under that tag: a tag moved in
    the registry (after a fix, or by an attacker) does not reach nodes that already have the
    old one, and a pod can start from a private image another tenant pulled without having the
    pull credentials itself.

    ## Example
    ```yaml
    containers:
      - name: api
        image: registry.acme.io/api:2.3.1
        imagePullPolicy: IfNotPresent
    ```

    ## Use instead
    ```yaml
    containers:
      - name: api
        image: registry.acme.io/api:2.3.1
        imagePullPolicy: Always
    ```
    """
    for container in containers(workload):
        image = container.get("image").value
        if container.is_ephemeral or not isinstance(image, str) or is_templated(image):
            continue
        if has_digest(image):
            continue
        policy = container.get("imagePullPolicy")
        if policy.unknown:
            continue
        text = as_str(policy.value) if policy.present else default_pull_policy(image)
        if text is None or text.strip() == "Always":
            continue
        how = "" if policy.present else " (the default for a tagged image)"
        message = f"{container.label} pulls its image with {text.strip()}{how}"
        yield Violation(at=policy, message=message)


@check(
    id="IAC-K8S-IMAGE-011",
    name="image-not-pinned-by-digest",
    title="Container image is not pinned by digest",
    severity=Severity.LOW,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Reference the image by digest (keep the tag for readers if you like).

        ```yaml
        image: registry.acme.io/api:2.3.1@sha256:4f1c3b3e5d2a...
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-2", "SI-7"]},
    equivalents={"checkov": ["CKV_K8S_43"]},
    references=[_IMAGES + "#image-names"],
)
def image_not_pinned_by_digest(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags container images referenced without a digest (`@sha256:...`), at the `image` line.
    Image text a templating step fills in later (`${TAG}`, `{{ .Values.image }}`) is not
    judged.

    ## Why is this bad?
    A tag is a movable pointer: whoever can push to the repository (a compromised CI token,
    a registry account takeover) changes what every new pod runs without touching the
    manifest. A digest names exactly one image, so what was reviewed is what runs.

    ## Example
    ```yaml
    image: registry.acme.io/api:2.3.1
    ```

    ## Use instead
    ```yaml
    image: registry.acme.io/api:2.3.1@sha256:4f1c3b3e5d2a...
    ```
    """
    for container in containers(workload):
        image = container.get("image")
        text = image.value
        if not isinstance(text, str) or not text.strip() or is_templated(text):
            continue
        if not has_digest(text):
            yield Violation(at=image, message=f"{container.label} image {text!r} has no digest")
