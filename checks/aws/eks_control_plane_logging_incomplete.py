from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource, is_unknown
from iacscan.graph.values import as_str

# The log types that record who did what to the cluster.
REQUIRED = ("api", "audit", "authenticator")


@check(
    id="IAC-AWS-EKS-011",
    name="eks-control-plane-logging-incomplete",
    title="EKS cluster does not log API, audit and authenticator events",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_eks_cluster"],
        Framework.CLOUDFORMATION: ["AWS::EKS::Cluster"],
    },
    remediation="""
        Send the control plane's API, audit and authenticator logs to CloudWatch Logs.

        ```hcl
        resource "aws_eks_cluster" "main" {
          enabled_cluster_log_types = ["api", "audit", "authenticator"]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV_AWS_37"], "tfsec": ["aws-eks-enable-control-plane-logging"]},
    references=["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
)
def eks_control_plane_logging_incomplete(
    cluster: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags EKS clusters whose control plane logging leaves out `api`, `audit` or
    `authenticator`: `enabled_cluster_log_types` (CloudFormation
    `Logging.ClusterLogging.EnabledTypes`) unwritten (the default is no logging) or missing
    one of them. `controllerManager` and `scheduler` are useful but not required. Lists that
    cannot be known are not reported.

    ## Why is this bad?
    Audit and authenticator logs are the only record of who called the Kubernetes API, as
    which identity, and what they changed: without them a cluster compromise cannot be
    investigated.

    ## Example
    ```hcl
    resource "aws_eks_cluster" "main" {
      name                      = "main"
      enabled_cluster_log_types = ["api"]
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_eks_cluster" "main" {
      name                      = "main"
      enabled_cluster_log_types = ["api", "audit", "authenticator"]
    }
    ```
    """
    types = _enabled_types(cluster)
    if not types.present:
        yield Violation(at=types, message="control plane logging is not enabled")
        return
    names = _names(types)
    if names is None:
        return
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        yield Violation(at=types, message=f"control plane logs leave out {', '.join(missing)}")


def _enabled_types(cluster: Resource) -> Field:
    if cluster.framework is Framework.TERRAFORM:
        return cluster.field("enabled_cluster_log_types")
    return cluster.field("Logging", "ClusterLogging", "EnabledTypes")


def _names(types: Field) -> set[str] | None:
    """The log type names, or None when any cannot be known."""
    if is_unknown(types.value) or not isinstance(types.value, list):
        return None
    names = set()
    for item in types.value:
        value = item.get("Type") if isinstance(item, dict) else item
        text = as_str(value)
        if text is None:
            return None
        names.add(text)
    return names
