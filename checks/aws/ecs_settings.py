"""ECS task definition and service settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

_DOCS = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"

ECS_TASK_HOST_PID = setting_check(
    SettingRule(
        id="IAC-AWS-ECS-003",
        name="ecs-task-host-pid-namespace",
        title="ECS task shares the host's process namespace",
        severity=Severity.HIGH,
        category="workload-security",
        what="the PID mode",
        where={
            Framework.TERRAFORM: {"aws_ecs_task_definition": ("pid_mode",)},
            Framework.CLOUDFORMATION: {"AWS::ECS::TaskDefinition": ("PidMode",)},
        },
        expect=NoneOf(frozenset({"host"})),
        doc=Doc(
            what_it_does="""
Flags ECS task definitions with `pid_mode = "host"` (CloudFormation `PidMode: host`). By
default each container has its own process namespace.
""",
            why_is_this_bad="""
Containers that see the host's processes can inspect and signal them, read their
environment (secrets included) through `/proc`, and, with enough privileges, attach to them
and escape to the host.
""",
            example="""
```hcl
resource "aws_ecs_task_definition" "agent" {
  family                = "agent"
  pid_mode              = "host"
  container_definitions = jsonencode([{ name = "agent", image = "agent:1.0" }])
}
```
""",
            use_instead="""
```hcl
resource "aws_ecs_task_definition" "agent" {
  family                = "agent"
  pid_mode              = "task"
  container_definitions = jsonencode([{ name = "agent", image = "agent:1.0" }])
}
```
""",
        ),
        remediation="""
Keep the task's processes to itself (remove `pid_mode`, or use `task`).

```hcl
pid_mode = "task"
```
""",
        compliance={"nist-800-53-r5": ["SC-39", "AC-6"]},
        equivalents={"checkov": ["CKV_AWS_335"]},
        references=[f"{_DOCS}task_definition_parameters.html#task_definition_pidmode"],
    )
)

ECS_SERVICE_PUBLIC_IP = setting_check(
    SettingRule(
        id="IAC-AWS-ECS-005",
        name="ecs-service-public-ip",
        title="ECS service gives its tasks public IP addresses",
        severity=Severity.MEDIUM,
        category="network",
        what="public IP assignment",
        where={
            Framework.TERRAFORM: {
                "aws_ecs_service": ("network_configuration", 0, "assign_public_ip")
            },
            Framework.CLOUDFORMATION: {
                "AWS::ECS::Service": (
                    "NetworkConfiguration",
                    "AwsvpcConfiguration",
                    "AssignPublicIp",
                )
            },
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags ECS services whose tasks get public IP addresses: `network_configuration.assign_public_ip
= true` (CloudFormation `AwsvpcConfiguration.AssignPublicIp: ENABLED`). The default is off.
""",
            why_is_this_bad="""
Tasks with public addresses are reachable from the internet wherever their security groups
allow; one permissive rule exposes the containers directly instead of through a load
balancer.
""",
            example="""
```hcl
resource "aws_ecs_service" "web" {
  name = "web"

  network_configuration {
    subnets          = var.public_subnet_ids
    assign_public_ip = true
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_ecs_service" "web" {
  name = "web"

  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.web.id]
  }
}
```
""",
        ),
        remediation="""
Run tasks in private subnets without public addresses (use NAT or VPC endpoints to pull
images).

```hcl
network_configuration {
  subnets          = var.private_subnet_ids
  assign_public_ip = false
}
```
""",
        compliance={"nist-800-53-r5": ["SC-7"]},
        equivalents={"checkov": ["CKV_AWS_333"]},
        references=[f"{_DOCS}task-networking-awsvpc.html"],
    )
)

ECS_TASK_HOST_NETWORK = setting_check(
    SettingRule(
        id="IAC-AWS-ECS-008",
        name="ecs-task-host-network-mode",
        title="ECS task uses the host's network namespace",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="the network mode",
        where={
            Framework.TERRAFORM: {"aws_ecs_task_definition": ("network_mode",)},
            Framework.CLOUDFORMATION: {"AWS::ECS::TaskDefinition": ("NetworkMode",)},
        },
        expect=NoneOf(frozenset({"host"})),
        doc=Doc(
            what_it_does="""
Flags ECS task definitions with `network_mode = "host"` (CloudFormation `NetworkMode: host`).
The default on EC2 is `bridge`; Fargate uses `awsvpc`.
""",
            why_is_this_bad="""
Host networking removes the network isolation between the containers and the instance: they
can bind any host port, see and reach every service listening on the host, and talk to the
instance metadata service with the instance role's credentials, whatever the hop limit.
""",
            example="""
```hcl
resource "aws_ecs_task_definition" "proxy" {
  family                = "proxy"
  network_mode          = "host"
  container_definitions = jsonencode([{ name = "proxy", image = "envoy:1.31" }])
}
```
""",
            use_instead="""
```hcl
resource "aws_ecs_task_definition" "proxy" {
  family                = "proxy"
  network_mode          = "awsvpc"
  container_definitions = jsonencode([{ name = "proxy", image = "envoy:1.31" }])
}
```
""",
        ),
        remediation="""
Give tasks their own network interface.

```hcl
network_mode = "awsvpc"
```
""",
        compliance={"nist-800-53-r5": ["SC-7", "SC-39"]},
        references=[f"{_DOCS}task-networking.html"],
    )
)
