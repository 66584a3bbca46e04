"""Decide from a file's name and content which IaC format it is, without parsing it.

A `.yaml` may be CloudFormation, Kubernetes or neither (a CI workflow, a Helm values file); a
`.json` may be a Terraform plan or state, CloudFormation, ARM or neither (a `.tfstate` file is
not looked for, but read as a state when named on the command line). Files that are none of
them are skipped and counted, never reported as errors.
"""

from __future__ import annotations

from enum import Enum

from iacscan.graph.model import Framework


class FileRole(str, Enum):
    """What a file is to the scanner besides a framework's main input."""

    TFVARS = "tfvars"
    OTHER = "other"


TERRAFORM_SUFFIXES = (".tf", ".tf.json")
TFVARS_SUFFIXES = (".tfvars", ".tfvars.json")
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
TEMPLATE_SUFFIXES = (".template",)
STATE_SUFFIXES = (".tfstate",)

CANDIDATE_SUFFIXES = (
    *TERRAFORM_SUFFIXES,
    *TFVARS_SUFFIXES,
    *YAML_SUFFIXES,
    *JSON_SUFFIXES,
    *TEMPLATE_SUFFIXES,
)


def is_candidate(name: str) -> bool:
    """Whether a file name may hold IaC at all (cheap, name only)."""
    return name.lower().endswith(CANDIDATE_SUFFIXES)


def classify(name: str, text: str) -> Framework | FileRole:
    """The framework of a candidate file, `FileRole.TFVARS`, or `FileRole.OTHER` to skip it."""
    lower = name.lower()
    if lower.endswith(TERRAFORM_SUFFIXES):
        return Framework.TERRAFORM
    if lower.endswith(TFVARS_SUFFIXES):
        return FileRole.TFVARS
    if lower.endswith(JSON_SUFFIXES + STATE_SUFFIXES):
        return _classify_json(text)
    if lower.endswith(YAML_SUFFIXES + TEMPLATE_SUFFIXES):
        return _classify_yaml(text)
    return FileRole.OTHER


def _classify_json(text: str) -> Framework | FileRole:
    from iacscan.frameworks.arm import looks_like_arm
    from iacscan.frameworks.cloudformation import looks_like_cloudformation
    from iacscan.frameworks.kubernetes import looks_like_kubernetes
    from iacscan.frameworks.terraform_plan import looks_like_terraform_plan

    # First: a plan holds other formats' documents (Kubernetes manifests, templates) as values.
    if looks_like_terraform_plan(text):
        return Framework.TERRAFORM_PLAN
    if looks_like_arm(text):
        return Framework.ARM
    if looks_like_cloudformation(text):
        return Framework.CLOUDFORMATION
    if looks_like_kubernetes(text):
        return Framework.KUBERNETES
    return FileRole.OTHER


def _classify_yaml(text: str) -> Framework | FileRole:
    from iacscan.frameworks.cloudformation import looks_like_cloudformation
    from iacscan.frameworks.kubernetes import looks_like_kubernetes

    if looks_like_cloudformation(text):
        return Framework.CLOUDFORMATION
    if looks_like_kubernetes(text):
        return Framework.KUBERNETES
    return FileRole.OTHER
