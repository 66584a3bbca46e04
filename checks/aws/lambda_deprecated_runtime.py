"""Lambda functions on runtimes Lambda has deprecated (a dated list)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, NoneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

_REFERENCE = "https://docs.aws.amazon.com/lambda/latest/dg/"

# Runtimes Lambda has deprecated (no security patches; creating and updating functions is
# being blocked), with the deprecation dates. Reviewed 2026-11.
DEPRECATED_RUNTIMES = frozenset(
    {
        "nodejs",  # 2016-10-31
        "nodejs4.3",  # 2020-03-05
        "nodejs4.3-edge",  # 2020-04-30
        "nodejs6.10",  # 2019-08-12
        "nodejs8.10",  # 2020-03-06
        "nodejs10.x",  # 2021-07-30
        "nodejs12.x",  # 2023-03-31
        "nodejs14.x",  # 2023-12-04
        "nodejs16.x",  # 2024-06-12
        "nodejs18.x",  # 2025-09-01
        "nodejs20.x",  # 2026-04-30
        "python2.7",  # 2021-07-15
        "python3.6",  # 2022-07-18
        "python3.7",  # 2023-12-04
        "python3.8",  # 2024-10-14
        "python3.9",  # 2025-12-15
        "ruby2.5",  # 2021-07-30
        "ruby2.7",  # 2023-12-07
        "ruby3.2",  # 2026-03-31
        "java8",  # 2024-01-08
        "go1.x",  # 2024-01-08
        "provided",  # 2024-01-08
        "dotnetcore1.0",  # 2019-07-30
        "dotnetcore2.0",  # 2019-05-30
        "dotnetcore2.1",  # 2022-01-05
        "dotnetcore3.1",  # 2023-04-03
        "dotnet5.0",  # 2022-05-10
        "dotnet6",  # 2024-12-20
        "dotnet7",  # 2024-05-14
    }
)


LAMBDA_DEPRECATED_RUNTIME = setting_check(
    SettingRule(
        id="IAC-AWS-LAMBDA-015",
        name="lambda-deprecated-runtime",
        title="Lambda function uses a deprecated runtime",
        severity=Severity.MEDIUM,
        category="serverless",
        what="the runtime",
        where={
            Framework.TERRAFORM: {"aws_lambda_function": ("runtime",)},
            Framework.CLOUDFORMATION: {
                "AWS::Lambda::Function": ("Runtime",),
                "AWS::Serverless::Function": ("Runtime",),
            },
        },
        expect=NoneOf(DEPRECATED_RUNTIMES),
        doc=Doc(
            what_it_does="""
Flags Lambda functions (including SAM `AWS::Serverless::Function`) whose `runtime` Lambda has
deprecated: `python2.7` to `python3.9`, `nodejs` to `nodejs20.x`, `ruby2.5`, `ruby2.7`,
`ruby3.2`, `java8`, `go1.x`, `provided`, `dotnetcore*`, `dotnet5.0`, `dotnet6`, `dotnet7`
(list reviewed November 2026). Container image functions have no runtime and are not
reported.
""",
            why_is_this_bad="""
A deprecated runtime no longer receives security patches for the language or its libraries,
and Lambda progressively blocks creating and then updating such functions, so an urgent fix
cannot be deployed.
""",
            example="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "python3.8"
  handler       = "app.handler"
}
```
""",
            use_instead="""
```hcl
resource "aws_lambda_function" "api" {
  function_name = "api"
  runtime       = "python3.13"
  handler       = "app.handler"
}
```
""",
        ),
        remediation="""
Move to a supported runtime of the same language.

```hcl
runtime = "python3.13"
```
""",
        compliance={"nist-800-53-r5": ["SI-2", "SA-22"]},
        equivalents={"checkov": ["CKV_AWS_363"]},
        references=[f"{_REFERENCE}lambda-runtimes.html"],
    )
)
