from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str

_ENFORCING_MODES = frozenset(
    {
        "project_singleton_policy_enforce",
        "policy_bindings",
        "policy_bindings_and_project_singleton_policy_enforce",
    }
)


@check(
    id="IAC-GCP-GKE-024",
    name="gke-binary-authorization-disabled",
    title="GKE cluster does not enforce Binary Authorization",
    severity=Severity.LOW,
    category="workload-security",
    targets={Framework.TERRAFORM: ["google_container_cluster"]},
    remediation="""
        Enforce the project's Binary Authorization policy.

        ```hcl
        binary_authorization {
          evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-14", "SI-7"]},
    equivalents={"checkov": ["CKV_GCP_66"]},
    references=["https://cloud.google.com/binary-authorization/docs/setting-up"],
)
def gke_binary_authorization_disabled(
    cluster: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags clusters that do not enforce Binary Authorization: no `binary_authorization`
    block, `evaluation_mode = "DISABLED"`, or (older provider versions) `enabled = false` /
    `enable_binary_authorization = false`. Unknown values are not reported.

    ## Why is this bad?
    Without Binary Authorization the cluster runs any image anyone can push or reference,
    including unscanned, unsigned or typo-squatted ones.

    ## Example
    ```hcl
    resource "google_container_cluster" "main" {
      name     = "acme"
      location = "europe-west1"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_container_cluster" "main" {
      name     = "acme"
      location = "europe-west1"

      binary_authorization {
        evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
      }
    }
    ```
    """
    block = cluster.field("binary_authorization", 0)
    mode = block.get("evaluation_mode")
    legacy = block.get("enabled")
    oldest = cluster.field("enable_binary_authorization")
    if mode.unknown or legacy.unknown or oldest.unknown:
        return
    text = as_str(mode.value)
    if text is not None:
        if text.strip().lower() not in _ENFORCING_MODES:
            yield Violation(at=mode, message=f"the evaluation mode is {text}")
        return
    if as_bool(legacy.value) is True or as_bool(oldest.value) is True:
        return
    written = legacy if legacy.present else oldest if oldest.present else block
    yield Violation(at=written, message="Binary Authorization is not enforced")
