"""API Gateway stage and domain settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import (
    EACH,
    Disabled,
    Doc,
    Enabled,
    NoneOf,
    Present,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework

_DOCS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/"

APIGATEWAY_ACCESS_LOGGING_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-APIGATEWAY-001",
        name="apigateway-access-logging-disabled",
        title="API Gateway stage does not write access logs",
        severity=Severity.MEDIUM,
        category="logging",
        what="access logging",
        where={
            Framework.TERRAFORM: {
                "aws_api_gateway_stage": ("access_log_settings",),
                "aws_apigatewayv2_stage": ("access_log_settings",),
            },
            Framework.CLOUDFORMATION: {
                "AWS::ApiGateway::Stage": ("AccessLogSetting",),
                "AWS::ApiGatewayV2::Stage": ("AccessLogSettings",),
                # SAM makes the stage from the API (Globals.Api merged in by the adapter).
                "AWS::Serverless::Api": ("AccessLogSetting",),
                "AWS::Serverless::HttpApi": ("AccessLogSettings",),
            },
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags API Gateway stages, REST (`aws_api_gateway_stage`, `AWS::ApiGateway::Stage`) and
HTTP/WebSocket (`aws_apigatewayv2_stage`, `AWS::ApiGatewayV2::Stage`), without access log
settings (`access_log_settings`, CloudFormation `AccessLogSetting` / `AccessLogSettings`), and
SAM APIs (`AWS::Serverless::Api`, `AWS::Serverless::HttpApi`) without them. Access logging is
off by default.
""",
            why_is_this_bad="""
Without access logs there is no record of who called the API, from where, with which result:
credential stuffing, scraping and data theft through the API cannot be detected or
investigated.
""",
            example="""
```hcl
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
}
```
""",
            use_instead="""
```hcl
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = jsonencode({ requestId = "$context.requestId" })
  }
}
```
""",
        ),
        remediation="""
Send access logs to CloudWatch Logs (or Firehose).

```hcl
access_log_settings {
  destination_arn = aws_cloudwatch_log_group.api.arn
  format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
}
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
        equivalents={"checkov": ["CKV_AWS_76", "CKV_AWS_95"]},
        references=[f"{_DOCS}set-up-logging.html"],
    )
)

APIGATEWAY_XRAY_DISABLED = setting_check(
    SettingRule(
        id="IAC-AWS-APIGATEWAY-002",
        name="apigateway-xray-tracing-disabled",
        title="API Gateway stage does not use X-Ray tracing",
        severity=Severity.LOW,
        category="logging",
        what="X-Ray tracing",
        where={
            Framework.TERRAFORM: {"aws_api_gateway_stage": ("xray_tracing_enabled",)},
            Framework.CLOUDFORMATION: {
                "AWS::ApiGateway::Stage": ("TracingEnabled",),
                "AWS::Serverless::Api": ("TracingEnabled",),
            },
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags REST API stages with X-Ray tracing off: `xray_tracing_enabled` (CloudFormation and
SAM `AWS::Serverless::Api` `TracingEnabled`) false or unwritten (the default is off).
""",
            why_is_this_bad="""
Without traces, slow or failing requests and unexpected calls to back ends cannot be followed
from the API into the services behind it.
""",
            example="""
```hcl
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
}
```
""",
            use_instead="""
```hcl
resource "aws_api_gateway_stage" "prod" {
  stage_name           = "prod"
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = aws_api_gateway_deployment.api.id
  xray_tracing_enabled = true
}
```
""",
        ),
        remediation="""
Turn on X-Ray tracing for the stage.

```hcl
xray_tracing_enabled = true
```
""",
        compliance={"nist-800-53-r5": ["AU-12", "SI-4"]},
        equivalents={"checkov": ["CKV_AWS_73"], "tfsec": ["aws-api-gateway-enable-tracing"]},
        references=[f"{_DOCS}apigateway-xray.html"],
    )
)

APIGATEWAY_DOMAIN_OLD_TLS = setting_check(
    SettingRule(
        id="IAC-AWS-APIGATEWAY-005",
        name="apigateway-domain-tls-below-1-2",
        title="API Gateway custom domain accepts TLS 1.0",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the security policy",
        where={
            Framework.TERRAFORM: {"aws_api_gateway_domain_name": ("security_policy",)},
            Framework.CLOUDFORMATION: {"AWS::ApiGateway::DomainName": ("SecurityPolicy",)},
        },
        expect=NoneOf(frozenset({"TLS_1_0"}), missing_bad=True),
        doc=Doc(
            what_it_does="""
Flags REST API custom domain names whose `security_policy` (CloudFormation `SecurityPolicy`)
is `TLS_1_0`, or unwritten (API Gateway then applies its legacy TLS 1.0 policy). `TLS_1_2`
and the enhanced `SecurityPolicy_*` policies pass. (HTTP and WebSocket API domains only
support TLS 1.2.)
""",
            why_is_this_bad="""
TLS 1.0 and 1.1 have known weaknesses (BEAST, weak CBC ciphers, SHA-1) and are no longer
allowed by PCI DSS; clients can be downgraded to them by an attacker on the path.
""",
            example="""
```hcl
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = aws_acm_certificate.api.arn
}
```
""",
            use_instead="""
```hcl
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = aws_acm_certificate.api.arn
  security_policy          = "TLS_1_2"
}
```
""",
        ),
        remediation="""
Require TLS 1.2 or later.

```hcl
security_policy = "TLS_1_2"
```
""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
        equivalents={
            "checkov": ["CKV_AWS_206"],
            "tfsec": ["aws-api-gateway-use-secure-tls-policy"],
        },
        references=[f"{_DOCS}apigateway-custom-domain-tls-version.html"],
    )
)

APIGATEWAY_DATA_TRACE_ENABLED = setting_check(
    SettingRule(
        id="IAC-AWS-APIGATEWAY-006",
        name="apigateway-data-trace-enabled",
        title="API Gateway logs full request and response bodies",
        severity=Severity.LOW,
        category="secrets",
        what="data trace logging",
        where={
            Framework.TERRAFORM: {
                "aws_api_gateway_method_settings": ("settings", 0, "data_trace_enabled")
            },
            Framework.CLOUDFORMATION: {
                "AWS::ApiGateway::Stage": ("MethodSettings", EACH, "DataTraceEnabled"),
            },
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags REST API method settings that turn on data trace logging: `settings.data_trace_enabled`
of `aws_api_gateway_method_settings`, or `DataTraceEnabled` in a CloudFormation stage's
`MethodSettings`. It is off by default.
""",
            why_is_this_bad="""
Data trace writes full requests and responses, including authorization headers, tokens and
personal data, to CloudWatch Logs, where everyone who can read the log group sees them. AWS
advises against it for production APIs.
""",
            example="""
```hcl
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    logging_level      = "INFO"
    data_trace_enabled = true
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    logging_level = "ERROR"
  }
}
```
""",
        ),
        remediation="""
Turn data trace off; use access logs with chosen fields instead.

```hcl
settings {
  data_trace_enabled = false
}
```
""",
        compliance={"nist-800-53-r5": ["SI-11", "AU-9"]},
        equivalents={"checkov": ["CKV_AWS_276"]},
        references=[f"{_DOCS}set-up-logging.html"],
    )
)
