from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

_SETTING = "containerInsights"
_ON = frozenset({"enabled", "enhanced"})
_ACCOUNT_DEFAULT = "aws_ecs_account_setting_default"


@check(
    id="IAC-AWS-ECS-004",
    name="ecs-container-insights-disabled",
    title="ECS cluster does not use Container Insights",
    severity=Severity.LOW,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_ecs_cluster"],
        Framework.CLOUDFORMATION: ["AWS::ECS::Cluster"],
    },
    remediation="""
        Turn Container Insights on for the cluster.

        ```hcl
        resource "aws_ecs_cluster" "main" {
          name = "main"

          setting {
            name  = "containerInsights"
            value = "enabled"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SI-4", "AU-12"]},
    equivalents={"checkov": ["CKV_AWS_65"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html",
    ],
)
def ecs_container_insights_disabled(
    cluster: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ECS clusters whose `containerInsights` setting (a `setting` block, CloudFormation
    `ClusterSettings`) is `disabled`, or unwritten while no
    `aws_ecs_account_setting_default` in the configuration turns it on for the account (the
    default is off). `enabled` and `enhanced` pass; unknown values are not reported.

    ## Why is this bad?
    Without Container Insights there are no per-task and per-container metrics and
    performance events: crashes, resource exhaustion and abuse (crypto mining) go unnoticed.

    ## Example
    ```hcl
    resource "aws_ecs_cluster" "main" {
      name = "main"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_ecs_cluster" "main" {
      name = "main"

      setting {
        name  = "containerInsights"
        value = "enabled"
      }
    }
    ```
    """
    setting = _setting(cluster)
    if setting is None:
        if not _account_default_on(cluster, context):
            yield Violation(at=cluster, message="Container Insights is not enabled")
        return
    value = as_str(setting.value)
    if value is not None and value.lower() not in _ON:
        yield Violation(at=setting, message=f"Container Insights is {value!r}")


def _setting(cluster: Resource) -> Field | None:
    """The value field of the cluster's containerInsights setting, if written."""
    terraform = cluster.framework is Framework.TERRAFORM
    name_key, value_key = ("name", "value") if terraform else ("Name", "Value")
    for block in cluster.blocks("setting" if terraform else "ClusterSettings"):
        name = block.get(name_key)
        if name.unknown:
            return block  # may be the setting: its value cannot be told, so no finding
        if as_str(name.value) == _SETTING:
            return block.get(value_key)
    return None


def _account_default_on(cluster: Resource, context: CheckContext) -> bool:
    if cluster.framework is not Framework.TERRAFORM:
        return False
    for default in context.graph.of_type(Framework.TERRAFORM, _ACCOUNT_DEFAULT):
        if as_str(default.get("name")) != _SETTING and not default.field("name").unknown:
            continue
        value = default.field("value")
        if value.unknown or (as_str(value.value) or "").lower() in _ON:
            return True
    return False
