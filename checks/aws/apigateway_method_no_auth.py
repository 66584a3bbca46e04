from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str, is_true

_V2_API = {
    "aws_apigatewayv2_route": "aws_apigatewayv2_api",
    "AWS::ApiGatewayV2::Route": "AWS::ApiGatewayV2::Api",
}


@check(
    id="IAC-AWS-APIGATEWAY-003",
    name="apigateway-method-no-authorization",
    title="API Gateway method or route requires no authorization",
    severity=Severity.LOW,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["aws_api_gateway_method", "aws_apigatewayv2_route"],
        Framework.CLOUDFORMATION: ["AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route"],
    },
    remediation="""
        Put an authorizer (IAM, Cognito, Lambda or JWT) in front of the method, or require
        an API key for machine clients.

        ```hcl
        resource "aws_api_gateway_method" "orders" {
          rest_api_id   = aws_api_gateway_rest_api.api.id
          resource_id   = aws_api_gateway_resource.orders.id
          http_method   = "POST"
          authorization = "COGNITO_USER_POOLS"
          authorizer_id = aws_api_gateway_authorizer.users.id
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "IA-2"]},
    equivalents={"checkov": ["CKV_AWS_59", "CKV_AWS_309"]},
    references=[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
    ],
)
def apigateway_method_no_authorization(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags REST API methods (`aws_api_gateway_method`, `AWS::ApiGateway::Method`) whose
    authorization is `NONE` and that do not require an API key, and HTTP API routes
    (`aws_apigatewayv2_route`, `AWS::ApiGatewayV2::Route`) whose `authorization_type` is
    `NONE`. CloudFormation's `AuthorizationType` and the route's authorization type default
    to `NONE`, so unwritten counts. `OPTIONS` methods and routes (CORS preflight) are not
    reported, nor WebSocket routes other than `$connect`, which cannot carry an authorizer
    (a `$default` route is reported only when its API is known to be an HTTP API).

    ## Why is this bad?
    Anyone on the internet can call the method and reach the back end behind it: data can be
    read or changed, and the back end (and the bill) can be flooded, unless the back end does
    its own authentication.

    ## Example
    ```hcl
    resource "aws_api_gateway_method" "orders" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      resource_id   = aws_api_gateway_resource.orders.id
      http_method   = "POST"
      authorization = "NONE"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_api_gateway_method" "orders" {
      rest_api_id   = aws_api_gateway_rest_api.api.id
      resource_id   = aws_api_gateway_resource.orders.id
      http_method   = "POST"
      authorization = "AWS_IAM"
    }
    ```
    """
    if resource.type_key in _V2_API:
        yield from _route(resource, context.graph)
        return
    terraform = resource.framework is Framework.TERRAFORM
    method = resource.field("http_method" if terraform else "HttpMethod")
    authorization = resource.field("authorization" if terraform else "AuthorizationType")
    api_key = resource.field("api_key_required" if terraform else "ApiKeyRequired")
    if _upper(method) in (None, "OPTIONS") or is_true(api_key.value) or api_key.unknown:
        return
    yield from _none(authorization, f"{_upper(method)} method")


def _route(route: Resource, graph: ResourceGraph) -> Iterator[Violation]:
    terraform = route.framework is Framework.TERRAFORM
    text = as_str(route.get("route_key" if terraform else "RouteKey"))
    if (
        text is None
        or text.upper().startswith("OPTIONS ")
        or not _can_authorize(route, text, graph)
    ):
        return
    where = route.field("authorization_type" if terraform else "AuthorizationType")
    yield from _none(where, f"route {text!r}")


def _can_authorize(route: Resource, key: str, graph: ResourceGraph) -> bool:
    """HTTP API routes (`GET /orders`, `ANY /{proxy+}`) and WebSocket `$connect` take an
    authorizer; `$default` only on an HTTP API; other WebSocket routes never."""
    if " " in key or key == "$connect":
        return True
    if key != "$default":
        return False
    protocol_key = "protocol_type" if route.framework is Framework.TERRAFORM else "ProtocolType"
    apis = graph.references(route, _V2_API[route.type_key])
    return bool(apis) and all(as_str(api.get(protocol_key)) == "HTTP" for api in apis)


def _none(authorization: Field, what: str) -> Iterator[Violation]:
    if not authorization.present:
        yield Violation(
            at=authorization, message=f"{what} requires no authorization (the default is NONE)"
        )
    elif _upper(authorization) == "NONE":
        yield Violation(at=authorization, message=f"{what} requires no authorization")


def _upper(field: Field) -> str | None:
    text = as_str(field.value)
    return text.strip().upper() if text is not None else None
