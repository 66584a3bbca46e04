from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

_KEYS = {
    Framework.TERRAFORM: ("execution_role_arn", "task_role_arn"),
    Framework.CLOUDFORMATION: ("ExecutionRoleArn", "TaskRoleArn"),
}
_ROLES = frozenset({"aws_iam_role", "AWS::IAM::Role"})


@check(
    id="IAC-AWS-ECS-007",
    name="ecs-task-execution-role-is-task-role",
    title="ECS task uses its execution role as its task role",
    severity=Severity.MEDIUM,
    category="iam",
    targets={
        Framework.TERRAFORM: ["aws_ecs_task_definition"],
        Framework.CLOUDFORMATION: ["AWS::ECS::TaskDefinition"],
    },
    remediation="""
        Give the application its own task role, separate from the execution role ECS uses
        to pull images and read secrets.

        ```hcl
        resource "aws_ecs_task_definition" "app" {
          execution_role_arn = aws_iam_role.app_execution.arn
          task_role_arn      = aws_iam_role.app_task.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6", "AC-5"]},
    equivalents={"checkov": ["CKV_AWS_249"]},
    references=[
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    ],
)
def ecs_task_execution_role_is_task_role(
    task: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ECS task definitions whose `task_role_arn` (CloudFormation `TaskRoleArn`) is the
    same role as `execution_role_arn` (`ExecutionRoleArn`): the same ARN written twice, or
    references to the same IAM role resource. Roles that cannot be told apart are not
    reported.

    ## Why is this bad?
    The execution role can pull every image and read every secret the task definitions
    name; handing it to the application's code gives the application, and anyone who
    compromises it, those permissions too.

    ## Example
    ```hcl
    resource "aws_ecs_task_definition" "app" {
      execution_role_arn = aws_iam_role.ecs.arn
      task_role_arn      = aws_iam_role.ecs.arn
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_ecs_task_definition" "app" {
      execution_role_arn = aws_iam_role.app_execution.arn
      task_role_arn      = aws_iam_role.app_task.arn
    }
    ```
    """
    execution_key, task_key = _KEYS[task.framework]
    execution, task_role = task.field(execution_key), task.field(task_key)
    if not execution.present or not task_role.present:
        return
    if _same_role(task, execution, task_role, context.graph):
        yield Violation(at=task_role, message="the task role is the execution role")


def _same_role(task: Resource, first: Field, second: Field, graph: ResourceGraph) -> bool:
    texts = as_str(first.value), as_str(second.value)
    if texts[0] is not None and texts[1] is not None:
        return texts[0] == texts[1]
    if first.known or second.known:
        return False
    targets = [_role_referenced_at(task, field, graph) for field in (first, second)]
    return targets[0] is not None and targets[0] == targets[1]


def _role_referenced_at(task: Resource, field: Field, graph: ResourceGraph) -> str | None:
    """The one IAM role resource the expression at `field` refers to, if exactly one."""
    roles = {
        edge.target
        for edge in graph.edges_from(task, "reference")
        if edge.path[: len(field.path)] == field.path
        and (target := graph.get(edge.target)) is not None
        and target.type_key in _ROLES
    }
    return next(iter(roles)) if len(roles) == 1 else None
