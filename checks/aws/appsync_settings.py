"""AppSync GraphQL API settings."""

from __future__ import annotations

from iacscan.check import Check, Severity
from iacscan.check_table import Doc, Enabled, Present, SettingRule, setting_check
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


def _cache_row(id: str, what: str, terraform: str, cloudformation: str, checkov: str) -> Check:
    fixed = f"""
```hcl
resource "aws_appsync_api_cache" "api" {{
  api_id                     = aws_appsync_graphql_api.api.id
  api_caching_behavior       = "FULL_REQUEST_CACHING"
  type                       = "SMALL"
  ttl                        = 300
  {terraform} = true
}}
```
"""
    return setting_check(
        SettingRule(
            id=id,
            name=f"appsync-cache-{what.replace(' ', '-')}-unencrypted",
            title=f"AppSync API cache is not encrypted {what}",
            severity=Severity.MEDIUM,
            category="encryption",
            what=f"cache encryption {what}",
            where={
                Framework.TERRAFORM: {"aws_appsync_api_cache": (terraform,)},
                Framework.CLOUDFORMATION: {"AWS::AppSync::ApiCache": (cloudformation,)},
            },
            expect=Enabled(default=False),
            doc=Doc(
                what_it_does=f"""
Flags AppSync API caches without encryption {what}: `{terraform}` (CloudFormation
`{cloudformation}`) false or unwritten (the default is off).
""",
                why_is_this_bad="""
The cache holds resolver results (often personal or business data); without encryption it is
exposed on the cache nodes' storage or on the network between AppSync and the cache.
""",
                example="""
```hcl
resource "aws_appsync_api_cache" "api" {
  api_id               = aws_appsync_graphql_api.api.id
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type                 = "SMALL"
  ttl                  = 300
}
```
""",
                use_instead=fixed,
            ),
            remediation=f"Encrypt the cache {what}.\n{fixed}",
            compliance={"nist-800-53-r5": ["SC-28" if what == "at rest" else "SC-8"]},
            equivalents={"checkov": [checkov]},
            references=[
                "https://docs.aws.amazon.com/appsync/latest/devguide/enabling-caching.html"
            ],
        )
    )


APPSYNC_CACHE_AT_REST = _cache_row(
    "IAC-AWS-APPSYNC-002",
    "at rest",
    "at_rest_encryption_enabled",
    "AtRestEncryptionEnabled",
    "CKV_AWS_214",
)
APPSYNC_CACHE_IN_TRANSIT = _cache_row(
    "IAC-AWS-APPSYNC-003",
    "in transit",
    "transit_encryption_enabled",
    "TransitEncryptionEnabled",
    "CKV_AWS_215",
)
