from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

# type -> (dead letter target path, invoke config type, its on-failure destination path)
_WHERE = {
    "aws_lambda_function": (
        ("dead_letter_config", 0, "target_arn"),
        "aws_lambda_function_event_invoke_config",
        ("destination_config", 0, "on_failure", 0, "destination"),
    ),
    "AWS::Lambda::Function": (
        ("DeadLetterConfig", "TargetArn"),
        "AWS::Lambda::EventInvokeConfig",
        ("DestinationConfig", "OnFailure", "Destination"),
    ),
    "AWS::Serverless::Function": (
        ("DeadLetterQueue", "TargetArn"),
        "AWS::Lambda::EventInvokeConfig",
        ("DestinationConfig", "OnFailure", "Destination"),
    ),
}
# SAM writes the event invoke configuration inside the function.
_SAM_ON_FAILURE = ("EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination")


@check(
    id="IAC-AWS-LAMBDA-011",
    name="lambda-no-dead-letter-queue",
    title="Lambda function keeps no record of failed asynchronous events",
    severity=Severity.LOW,
    category="serverless",
    targets={
        Framework.TERRAFORM: ["aws_lambda_function"],
        Framework.CLOUDFORMATION: ["AWS::Lambda::Function", "AWS::Serverless::Function"],
    },
    remediation="""
        Send events that fail every retry to a dead-letter queue (or an on-failure
        destination).

        ```hcl
        resource "aws_lambda_function" "worker" {
          function_name = "worker"

          dead_letter_config {
            target_arn = aws_sqs_queue.worker_dlq.arn
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["CP-10", "AU-12"]},
    equivalents={"checkov": ["CKV_AWS_116"]},
    references=[
        "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
    ],
)
def lambda_no_dead_letter_queue(function: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Lambda functions with neither a dead-letter queue (`dead_letter_config.target_arn`,
    CloudFormation `DeadLetterConfig.TargetArn`, SAM `DeadLetterQueue.TargetArn`) nor an
    on-failure destination on an event invoke configuration that refers to them
    (`aws_lambda_function_event_invoke_config`, `AWS::Lambda::EventInvokeConfig`, SAM
    `EventInvokeConfig` in the function). By default, an asynchronous event that fails every
    retry is dropped.

    ## Why is this bad?
    Dropped events are lost work and lost evidence: failed orders, unprocessed uploads or
    security events disappear without a trace, and nobody can replay them.

    ## Example
    ```hcl
    resource "aws_lambda_function" "worker" {
      function_name = "worker"
      runtime       = "python3.12"
      handler       = "app.handler"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lambda_function" "worker" {
      function_name = "worker"
      runtime       = "python3.12"
      handler       = "app.handler"

      dead_letter_config {
        target_arn = aws_sqs_queue.worker_dlq.arn
      }
    }
    ```
    """
    target, invoke_config, destination = _WHERE[function.type_key]
    if function.field(*target).present:
        return
    if (
        function.type_key == "AWS::Serverless::Function"
        and function.field(*_SAM_ON_FAILURE).present
    ):
        return
    for config in context.graph.referenced_by(function, invoke_config):
        if config.field(*destination).present:
            return
    yield Violation(
        at=function, message="failed asynchronous events go to no dead-letter queue or destination"
    )
