from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.aws_compute_ecs import TASK_DEFINITIONS, containers
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AWS-ECS-002",
    name="ecs-container-root-filesystem-writable",
    title="ECS container root filesystem is writable",
    severity=Severity.LOW,
    category="workload-security",
    targets=TASK_DEFINITIONS,
    remediation="""
        Mount the root filesystem read-only and give the container volumes for the paths it
        writes.

        ```hcl
        container_definitions = jsonencode([{
          name                   = "web"
          image                  = "nginx:1.27"
          readonlyRootFilesystem = true
        }])
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-7", "SI-7"]},
    equivalents={"checkov": ["CKV_AWS_336"]},
    references=[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
)
def ecs_container_root_filesystem_writable(
    task: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags containers of ECS task definitions whose `readonlyRootFilesystem` (CloudFormation
    `ReadonlyRootFilesystem`) is false or unwritten (the default is a writable root
    filesystem). Unknown values are not reported.

    ## Why is this bad?
    An attacker who gets code execution in a writable container can drop tools, change the
    application's files and persist across requests; a read-only root makes that much harder
    and makes tampering visible.

    ## Example
    ```hcl
    container_definitions = jsonencode([{
      name  = "web"
      image = "nginx:1.27"
    }])
    ```

    ## Use instead
    ```hcl
    container_definitions = jsonencode([{
      name                   = "web"
      image                  = "nginx:1.27"
      readonlyRootFilesystem = true
    }])
    ```
    """
    for container in containers(task):
        yield from require_enabled(
            container.field("readonly_root"), f"read-only root filesystem of {container.label}"
        )
