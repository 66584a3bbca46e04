from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import is_true
from iacscan.model.aws_compute_ecs import TASK_DEFINITIONS, containers


@check(
    id="IAC-AWS-ECS-001",
    name="ecs-container-privileged",
    title="ECS container runs in privileged mode",
    severity=Severity.HIGH,
    category="workload-security",
    targets=TASK_DEFINITIONS,
    remediation="""
        Remove `privileged` (or set it to false); grant only the Linux capabilities the
        container needs.

        ```hcl
        container_definitions = jsonencode([{
          name       = "web"
          image      = "nginx:1.27"
          privileged = false
        }])
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
    equivalents={"checkov": ["CKV_AWS_334"]},
    references=[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
)
def ecs_container_privileged(task: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags ECS task definitions with a container whose `privileged` (CloudFormation
    `Privileged`) is true. Terraform's `container_definitions` JSON is read whether written
    with `jsonencode(...)` or a heredoc; the finding points at the `privileged` key.

    ## Why is this bad?
    A privileged container gets every capability and access to the host's devices: a
    compromise of the application becomes root on the EC2 container instance, and from there
    access to every other task on it and the instance role's credentials.

    ## Example
    ```hcl
    resource "aws_ecs_task_definition" "app" {
      family = "app"
      container_definitions = jsonencode([{
        name       = "web"
        image      = "nginx:1.27"
        privileged = true
      }])
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_ecs_task_definition" "app" {
      family = "app"
      container_definitions = jsonencode([{
        name  = "web"
        image = "nginx:1.27"
      }])
    }
    ```
    """
    for container in containers(task):
        privileged = container.field("privileged")
        if is_true(privileged.value):
            yield Violation(at=privileged, message=f"{container.label} runs privileged")
