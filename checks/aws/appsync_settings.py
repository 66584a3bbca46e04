"""AppSync GraphQL API settings."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

APPSYNC_LOGGING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-APPSYNC-001",
        name="appsync-logging-disabled",
        title="AppSync GraphQL API does not log to CloudWatch",
        severity=Severity.LOW,
        category="logging",
        what="logging",
        where={
            Framework.TERRAFORM: {"aws_appsync_graphql_api": ("log_config",)},
            Framework.CLOUDFORMATION: {"AWS::AppSync::GraphQLApi": ("LogConfig",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags AppSync GraphQL APIs without `log_config` (CloudFormation `LogConfig`). Logging is off
by default.
""",
            why_is_this_bad="""
Without logs, failed authorizations, resolver errors and abusive queries (introspection,
deeply nested queries used for denial of service or data scraping) leave no trace.
""",
            example="""
```hcl
resource "aws_appsync_graphql_api" "api" {
  name                = "api"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"
}
```
""",
            use_instead="""
```hcl
resource "aws_appsync_graphql_api" "api" {
  name                = "api"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"

  log_config {
    cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn
    field_log_level          = "ERROR"
  }
}
```
""",
        ),
        remediation="""
Send the API's logs to CloudWatch Logs.

```hcl
log_config {
  cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn
  field_log_level          = "ERROR"
}
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_193"]},
        references=["https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html"],
    )
)
