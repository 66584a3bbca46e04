"""ECS task definition containers, however the definitions are written.

Terraform writes `container_definitions` as a JSON string (usually `jsonencode([...])` or a
heredoc) in the ECS API's camelCase; CloudFormation writes `ContainerDefinitions` as a list of
mappings in PascalCase. `containers` gives one `Container` per definition, whose fields point
at the keys inside the JSON where the adapter recorded them (Terraform does for `jsonencode`
and heredocs), else at the attribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.graph.model import Field, Framework, Resource
from iacscan.model.aws_compute_json import json_field

TASK_DEFINITIONS = {
    Framework.TERRAFORM: ("aws_ecs_task_definition",),
    Framework.CLOUDFORMATION: ("AWS::ECS::TaskDefinition",),
}

_KEYS = {
    Framework.TERRAFORM: {
        "name": "name",
        "privileged": "privileged",
        "readonly_root": "readonlyRootFilesystem",
        "user": "user",
    },
    Framework.CLOUDFORMATION: {
        "name": "Name",
        "privileged": "Privileged",
        "readonly_root": "ReadonlyRootFilesystem",
        "user": "User",
    },
}


@dataclass(frozen=True, slots=True)
class Container:
    at: Field
    """The container definition (its mapping)."""
    framework: Framework

    def field(self, name: str) -> Field:
        """A setting by logical name: `name`, `privileged`, `readonly_root`, `user`."""
        return self.at.get(_KEYS[self.framework][name])

    @property
    def label(self) -> str:
        name = self.field("name").value
        return f"container {name!r}" if isinstance(name, str) else "container"


def containers(task: Resource) -> list[Container]:
    if task.framework is Framework.TERRAFORM:
        decoded = json_field(task.field("container_definitions"))
    else:
        decoded = task.field("ContainerDefinitions")
    if not isinstance(decoded.value, list):
        return []
    return [
        Container(decoded.get(index), task.framework)
        for index, item in enumerate(decoded.value)
        if isinstance(item, dict)
    ]
