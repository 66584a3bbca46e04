from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

_LOGGING = frozenset({"ERROR", "INFO"})
_METHOD_SETTINGS = "aws_api_gateway_method_settings"


@check(
    id="IAC-AWS-APIGATEWAY-008",
    name="apigateway-execution-logging-disabled",
    title="API Gateway REST API stage does not write execution logs",
    severity=Severity.LOW,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_api_gateway_stage"],
        Framework.CLOUDFORMATION: ["AWS::ApiGateway::Stage"],
    },
    remediation="""
        Turn on execution logging (ERROR or INFO) for every method of the stage.

        ```hcl
        resource "aws_api_gateway_method_settings" "all" {
          rest_api_id = aws_api_gateway_rest_api.api.id
          stage_name  = aws_api_gateway_stage.prod.stage_name
          method_path = "*/*"

          settings {
            logging_level   = "ERROR"
            metrics_enabled = true
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV2_AWS_4"]},
    references=[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
    ],
)
def apigateway_execution_logging_disabled(
    stage: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags REST API stages without execution logging: no method settings with a
    `logging_level` of `ERROR` or `INFO`, neither in an `aws_api_gateway_method_settings`
    for the stage (referring to it, or naming the same REST API and stage name) nor in a
    CloudFormation stage's `MethodSettings`. Execution logging is off by default; logging
    levels that cannot be known count as on.

    ## Why is this bad?
    Execution logs record authorizer decisions, integration errors and throttling: without
    them, failed and abusive calls and misbehaving back ends cannot be diagnosed or
    investigated.

    ## Example
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      stage_name    = "prod"
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_api_gateway_stage" "prod" {
      stage_name    = "prod"
      rest_api_id   = aws_api_gateway_rest_api.api.id
      deployment_id = aws_api_gateway_deployment.api.id
    }

    resource "aws_api_gateway_method_settings" "all" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = aws_api_gateway_stage.prod.stage_name
      method_path = "*/*"

      settings {
        logging_level = "ERROR"
      }
    }
    ```
    """
    levels = list(_levels(stage, context.graph))
    if any(not level.known or _logs(level) for level in levels if level.present):
        return
    yield Violation(at=stage, message="no method of the stage writes execution logs")


def _levels(stage: Resource, graph: ResourceGraph) -> Iterator[Field]:
    if stage.framework is Framework.CLOUDFORMATION:
        for setting in stage.blocks("MethodSettings"):
            yield setting.get("LoggingLevel")
        return
    for settings in _method_settings(stage, graph):
        for block in settings.blocks("settings"):
            yield block.get("logging_level")


def _method_settings(stage: Resource, graph: ResourceGraph) -> list[Resource]:
    found = graph.referenced_by(stage, _METHOD_SETTINGS)
    name = as_str(stage.get("stage_name"))
    apis = graph.references(stage, "aws_api_gateway_rest_api")
    for api in apis:
        for settings in graph.referenced_by(api, _METHOD_SETTINGS):
            written = settings.field("stage_name")
            if written.unknown or (name is not None and as_str(written.value) == name):
                found.append(settings)
    return found


def _logs(level: Field) -> bool:
    return (as_str(level.value) or "").upper() in _LOGGING
