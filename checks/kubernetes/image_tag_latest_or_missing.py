from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.kubernetes_images import has_digest, image_tag, is_templated
from iacscan.model.kubernetes_workloads import WORKLOAD_TARGETS, containers


def unpinned_reason(image: str) -> str | None:
    """Why `image` does not pin a version: no tag, or `latest`; None when pinned by a tag or
    digest, or when the text is not a plain image reference."""
    image = image.strip()
    if not image or is_templated(image) or has_digest(image):
        return None
    tag = image_tag(image)
    if tag is None:
        return "has no tag (Kubernetes pulls latest)"
    if tag == "latest":
        return "uses the latest tag"
    return None


@check(
    id="IAC-K8S-IMAGE-001",
    name="image-tag-latest-or-missing",
    title="Container image is not pinned to a version",
    severity=Severity.LOW,
    category="workload-security",
    targets=WORKLOAD_TARGETS,
    remediation="""
        Pin the image to a specific version tag, or better to a digest (`@sha256:...`), which
        nobody can move.

        ```yaml
        image: registry.acme.io/api:2.3.1
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-2", "SI-7"]},
    equivalents={"checkov": ["CKV_K8S_14"], "kube-linter": ["latest-tag"]},
    references=["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
)
def image_tag_latest_or_missing(workload: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags container images written without a tag (`nginx`, `myreg:5000/app`: a colon before the
    last `/` is a registry port, not a tag) or with the `latest` tag, and without a digest.
    An image pinned by digest (`@sha256:...`) passes whatever its tag. Image text that a
    templating step fills in later (`${TAG}`, `{{ .Values.tag }}`) is not judged.

    ## Why is this bad?
    `latest` (which an image without a tag means) moves: each node may pull a different image,
    a rollback redeploys whatever `latest` is today, and a compromised or broken push reaches
    production on the next pod restart without any change to the manifest.

    ## Example
    ```yaml
    containers:
      - name: api
        image: registry.acme.io/api:latest
    ```

    ## Use instead
    ```yaml
    containers:
      - name: api
        image: registry.acme.io/api:2.3.1
    ```
    """
    for container in containers(workload):
        image = container.get("image")
        if not isinstance(image.value, str):
            continue
        reason = unpinned_reason(image.value)
        if reason is not None:
            yield Violation(at=image, message=f"{container.label} image {image.value!r} {reason}")
