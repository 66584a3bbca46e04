"""Lambda function settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Doc, OneOf, Present, SettingRule, setting_check
from iacscan.graph.model import MISSING, Framework, Resource

_FUNCTION = "aws_lambda_function"
_CFN_FUNCTION = "AWS::Lambda::Function"
_SAM_FUNCTION = "AWS::Serverless::Function"  # SAM Globals are merged in by the adapter
_REFERENCE = "https://docs.aws.amazon.com/lambda/latest/dg/"


def _has_environment_variables(resource: Resource) -> bool:
    if resource.framework is Framework.TERRAFORM:
        variables = resource.get("environment", 0, "variables")
    else:
        variables = resource.get("Environment", "Variables")
    return variables is not MISSING and variables != {} and variables is not None


def _zip_package(resource: Resource) -> bool:
    """Code signing applies to .zip packages only, not container images."""
    key = "package_type" if resource.framework is Framework.TERRAFORM else "PackageType"
    return bool(resource.get(key) != "Image")


LAMBDA_TRACING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-010",
        name="lambda-xray-tracing-disabled",
        title="Lambda function does not use active X-Ray tracing",
        severity=Severity.LOW,
        category="logging",
        what="tracing mode",
        where={
            Framework.TERRAFORM: {_FUNCTION: ("tracing_config", 0, "mode")},
            Framework.CLOUDFORMATION: {
                _CFN_FUNCTION: ("TracingConfig", "Mode"),
                _SAM_FUNCTION: ("Tracing",),
            },
        },
        expect=OneOf(frozenset({"Active"})),
        doc=Doc(
            what_it_does="""
Flags Lambda functions whose `tracing_config.mode` (CloudFormation `TracingConfig.Mode`, SAM
`Tracing`, also under `Globals.Function`) is not `Active`. The default is `PassThrough`: the
function is traced only when its caller already sampled the request.
""",
            why_is_this_bad="""
Without traces, slow or failing calls, unexpected downstream calls and abuse of the function
cannot be followed through the services it touches.
""",
            example="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "app.handler"
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  runtime       = "python3.12"
  handler       = "app.handler"

  tracing_config {
    mode = "Active"
  }
}
```
""",
        ),
        remediation="""
Turn on active tracing (the role needs `xray:PutTraceSegments`).

```hcl
tracing_config {
  mode = "Active"
}
```
""",
        compliance={"nist-800-53-r5": ["AU-12", "SI-4"]},
        equivalents={"checkov": ["CKV_AWS_50"], "tfsec": ["aws-lambda-enable-tracing"]},
        references=[f"{_REFERENCE}services-xray.html"],
    )
)

LAMBDA_NO_CONCURRENCY_LIMIT = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-012",
        name="lambda-no-concurrency-limit",
        title="Lambda function has no reserved concurrency limit",
        severity=Severity.LOW,
        category="serverless",
        what="reserved concurrency",
        where={
            Framework.TERRAFORM: {_FUNCTION: ("reserved_concurrent_executions",)},
            Framework.CLOUDFORMATION: {
                _CFN_FUNCTION: ("ReservedConcurrentExecutions",),
                _SAM_FUNCTION: ("ReservedConcurrentExecutions",),
            },
        },
        expect=AtLeast(0),
        doc=Doc(
            what_it_does="""
Flags Lambda functions without a reserved concurrency: `reserved_concurrent_executions`
(CloudFormation and SAM `ReservedConcurrentExecutions`) unwritten or `-1` (the default, no
limit).
""",
            why_is_this_bad="""
A function without a limit can scale until it takes the whole account's concurrency: a flood
of requests, a retry storm or a recursive trigger then throttles every other function in the
region and runs up the bill.
""",
            example="""
```hcl
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "worker" {
  function_name                  = "worker"
  role                           = aws_iam_role.worker.arn
  runtime                        = "python3.12"
  handler                        = "app.handler"
  reserved_concurrent_executions = 50
}
```
""",
        ),
        remediation="""
Reserve the concurrency the function needs, which also caps it.

```hcl
reserved_concurrent_executions = 50
```
""",
        compliance={"nist-800-53-r5": ["SC-5"]},
        equivalents={"checkov": ["CKV_AWS_115"]},
        references=[f"{_REFERENCE}configuration-concurrency.html"],
    )
)

LAMBDA_ENVIRONMENT_NOT_KMS_ENCRYPTED = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-013",
        name="lambda-environment-not-cmk-encrypted",
        title="Lambda environment variables are not encrypted with a customer managed key",
        severity=Severity.LOW,
        category="encryption",
        what="the KMS key for environment variables",
        where={
            Framework.TERRAFORM: {_FUNCTION: ("kms_key_arn",)},
            Framework.CLOUDFORMATION: {_CFN_FUNCTION: ("KmsKeyArn",)},
        },
        expect=Present(),
        applies=_has_environment_variables,
        doc=Doc(
            what_it_does="""
Flags Lambda functions that set environment variables without `kms_key_arn` (CloudFormation
`KmsKeyArn`). Functions without environment variables are not reported. Without a key,
Lambda encrypts the variables with an AWS managed key that every principal allowed to read
the function's configuration can use.
""",
            why_is_this_bad="""
Environment variables often hold connection strings and tokens. With the AWS managed key,
anyone with `lambda:GetFunctionConfiguration` reads them in clear text; a customer managed key
adds a key policy that decides who can decrypt, and an audit trail of every decryption.
""",
            example="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  environment {
    variables = { DB_HOST = "db.internal" }
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  kms_key_arn   = aws_kms_key.lambda.arn
  environment {
    variables = { DB_HOST = "db.internal" }
  }
}
```
""",
        ),
        remediation="""
Encrypt the environment with a customer managed key.

```hcl
kms_key_arn = aws_kms_key.lambda.arn
```
""",
        compliance={"nist-800-53-r5": ["SC-28", "SC-12"]},
        equivalents={"checkov": ["CKV_AWS_173"]},
        references=[f"{_REFERENCE}configuration-envvars-encryption.html"],
    )
)

LAMBDA_NOT_IN_VPC = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-014",
        name="lambda-not-in-vpc",
        title="Lambda function is not connected to a VPC",
        severity=Severity.LOW,
        category="network",
        what="the VPC configuration",
        where={
            Framework.TERRAFORM: {_FUNCTION: ("vpc_config",)},
            Framework.CLOUDFORMATION: {
                _CFN_FUNCTION: ("VpcConfig",),
                _SAM_FUNCTION: ("VpcConfig",),
            },
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags Lambda functions without `vpc_config` (CloudFormation and SAM `VpcConfig`). By default a
function runs in a Lambda-managed network with unrestricted internet egress.
""",
            why_is_this_bad="""
Outside a VPC, the function's traffic cannot be limited by security groups, network ACLs or
VPC endpoints, nor recorded by flow logs: stolen code or credentials can send data anywhere.
""",
            example="""
```hcl
resource "aws_lambda_function" "worker" {
  function_name = "worker"
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "worker" {
  function_name = "worker"

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [aws_security_group.worker.id]
  }
}
```
""",
        ),
        remediation="""
Connect the function to private subnets.

```hcl
vpc_config {
  subnet_ids         = var.private_subnet_ids
  security_group_ids = [aws_security_group.worker.id]
}
```
""",
        compliance={"nist-800-53-r5": ["SC-7"]},
        equivalents={"checkov": ["CKV_AWS_117"]},
        references=[f"{_REFERENCE}configuration-vpc.html"],
    )
)

LAMBDA_CODE_SIGNING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-016",
        name="lambda-code-signing-disabled",
        title="Lambda function does not validate code signatures",
        severity=Severity.LOW,
        category="serverless",
        what="the code signing configuration",
        where={
            Framework.TERRAFORM: {_FUNCTION: ("code_signing_config_arn",)},
            Framework.CLOUDFORMATION: {_CFN_FUNCTION: ("CodeSigningConfigArn",)},
        },
        expect=Present(),
        applies=_zip_package,
        doc=Doc(
            what_it_does="""
Flags Lambda functions deployed from .zip packages without `code_signing_config_arn`
(CloudFormation `CodeSigningConfigArn`). Container image functions, which code signing does
not apply to, are not reported.
""",
            why_is_this_bad="""
Without signature validation, anyone who can call `lambda:UpdateFunctionCode` (or tamper with
the artifact bucket) can deploy code that never went through the build and review pipeline.
""",
            example="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  filename      = "api.zip"
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "api" {
  function_name           = "api"
  filename                = "api.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.release.arn
}
```
""",
        ),
        remediation="""
Attach a code signing configuration that enforces trusted signing profiles.

```hcl
code_signing_config_arn = aws_lambda_code_signing_config.release.arn
```
""",
        compliance={"nist-800-53-r5": ["CM-14", "SI-7"]},
        equivalents={"checkov": ["CKV_AWS_272"]},
        references=[f"{_REFERENCE}configuration-codesigning.html"],
    )
)
