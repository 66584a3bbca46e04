"""Reading container image references: tag, digest, and text a templating step fills in."""

from __future__ import annotations

from typing import Final

# Text that a templating step (envsubst, Helm, Kustomize replacements) fills in later.
TEMPLATE_MARKERS: Final = ("${", "$(", "{{", "<")


def is_templated(image: str) -> bool:
    return any(marker in image for marker in TEMPLATE_MARKERS)


def has_digest(image: str) -> bool:
    """True for `name@sha256:...` (a digest pins the exact image, whatever the tag says)."""
    return "@" in image


def image_tag(image: str) -> str | None:
    """The tag of an image reference, None when it has none. A colon before the last `/` is a
    registry port (`myreg:5000/app` has no tag)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def default_pull_policy(image: str) -> str:
    """What Kubernetes uses when `imagePullPolicy` is unwritten: `Always` for the `latest` tag
    or no tag (and no digest), else `IfNotPresent`."""
    if not has_digest(image) and image_tag(image) in (None, "latest"):
        return "Always"
    return "IfNotPresent"
