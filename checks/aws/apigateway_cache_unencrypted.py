from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import is_true


@check(
    id="IAC-AWS-APIGATEWAY-004",
    name="apigateway-cache-unencrypted",
    title="API Gateway response cache is not encrypted",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_api_gateway_method_settings"],
        Framework.CLOUDFORMATION: ["AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"],
    },
    remediation="""
        Encrypt cached responses wherever caching is on.

        ```hcl
        settings {
          caching_enabled      = true
          cache_data_encrypted = true
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-28"]},
    equivalents={"checkov": ["CKV_AWS_308"]},
    references=[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html",
    ],
)
def apigateway_cache_unencrypted(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags REST API method settings that cache responses without encrypting the cache:
    `caching_enabled = true` without `cache_data_encrypted = true` in the `settings` of
    `aws_api_gateway_method_settings`; `CachingEnabled: true` without `CacheDataEncrypted:
    true` in a CloudFormation stage's `MethodSettings`, or in a deployment's
    `StageDescription` (and its `MethodSettings`). Cache encryption is off by default; caches
    that are off, or settings that cannot be known, are not reported.

    ## Why is this bad?
    Cached responses hold whatever the API returns (personal data, tokens, business data) and
    sit unencrypted on the cache cluster's storage.

    ## Example
    ```hcl
    resource "aws_api_gateway_method_settings" "all" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = aws_api_gateway_stage.prod.stage_name
      method_path = "*/*"

      settings {
        caching_enabled = true
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_api_gateway_method_settings" "all" {
      rest_api_id = aws_api_gateway_rest_api.api.id
      stage_name  = aws_api_gateway_stage.prod.stage_name
      method_path = "*/*"

      settings {
        caching_enabled      = true
        cache_data_encrypted = true
      }
    }
    ```
    """
    for settings, caching, encrypted in _settings(resource):
        if not is_true(settings.get(caching).value):
            continue
        flag = settings.get(encrypted)
        if not flag.present:
            yield Violation(at=settings, message="caching is on but the cache is not encrypted")
        elif flag.known and not is_true(flag.value):
            yield Violation(at=flag, message="the response cache is not encrypted")


def _settings(resource: Resource) -> Iterator[tuple[Field, str, str]]:
    if resource.framework is Framework.TERRAFORM:
        for block in resource.blocks("settings"):
            yield block, "caching_enabled", "cache_data_encrypted"
        return
    stage = resource.field("StageDescription") if resource.type_key.endswith("Deployment") else None
    if stage is not None:
        if stage.present:
            yield stage, "CachingEnabled", "CacheDataEncrypted"
        owner = stage
    else:
        owner = Field(resource, (), resource.attributes)
    methods = owner.get("MethodSettings")
    if isinstance(methods.value, list):
        for index in range(len(methods.value)):
            yield methods.get(index), "CachingEnabled", "CacheDataEncrypted"
