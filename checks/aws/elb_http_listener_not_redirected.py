from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_network_lb import LOAD_BALANCERS, lb_type

# framework -> (protocol, default actions, action type, redirect block, redirect protocol)
_KEYS = {
    Framework.TERRAFORM: ("protocol", "default_action", "type", ("redirect", 0), "protocol"),
    Framework.CLOUDFORMATION: (
        "Protocol",
        "DefaultActions",
        "Type",
        ("RedirectConfig",),
        "Protocol",
    ),
}


@check(
    id="IAC-AWS-ELB-001",
    name="lb-http-listener-not-redirected",
    title="Load balancer serves plain HTTP instead of redirecting to HTTPS",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_lb_listener", "aws_alb_listener"],
        Framework.CLOUDFORMATION: ["AWS::ElasticLoadBalancingV2::Listener"],
    },
    remediation="""
        Make the HTTP listener redirect to HTTPS and serve the application on an HTTPS
        listener.

        ```hcl
        resource "aws_lb_listener" "http" {
          load_balancer_arn = aws_lb.web.arn
          port              = 80
          protocol          = "HTTP"

          default_action {
            type = "redirect"
            redirect {
              port        = "443"
              protocol    = "HTTPS"
              status_code = "HTTP_301"
            }
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV_AWS_2"], "tfsec": ["aws-elb-http-not-used"]},
    references=[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
    ],
)
def lb_http_listener_not_redirected(
    listener: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags load balancer listeners that use the `HTTP` protocol and whose default action is not
    a redirect to `HTTPS`. Terraform listeners that do not write `protocol` use `HTTP` when
    their load balancer is an application load balancer. Listeners whose protocol or actions
    cannot be known are not reported.

    ## Why is this bad?
    Requests and responses, including session cookies, credentials and personal data, cross
    the internet in clear text and can be read or changed by anyone on the path.

    ## Example
    ```hcl
    resource "aws_lb_listener" "http" {
      load_balancer_arn = aws_lb.web.arn
      port              = 80
      protocol          = "HTTP"

      default_action {
        type             = "forward"
        target_group_arn = aws_lb_target_group.web.arn
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_lb_listener" "http" {
      load_balancer_arn = aws_lb.web.arn
      port              = 80
      protocol          = "HTTP"

      default_action {
        type = "redirect"
        redirect {
          port        = "443"
          protocol    = "HTTPS"
          status_code = "HTTP_301"
        }
      }
    }
    ```
    """
    protocol_key, actions_key, type_key, redirect_path, redirect_protocol = _KEYS[
        listener.framework
    ]
    protocol = listener.field(protocol_key)
    if not _serves_http(listener, protocol, context.graph):
        return
    for action in listener.blocks(actions_key):
        kind = as_str(action.get(type_key).value)
        if kind is None:
            return
        # An unwritten redirect protocol keeps the request's own (`#{protocol}`: HTTP).
        target = action.get(*redirect_path, redirect_protocol)
        text = as_str(target.value)
        if kind == "redirect" and (target.unknown or (text or "").upper() == "HTTPS"):
            return
    yield Violation(at=protocol, message="the HTTP listener does not redirect to HTTPS")


def _serves_http(listener: Resource, protocol: Field, graph: ResourceGraph) -> bool:
    if protocol.present:
        text = as_str(protocol.value)
        return text is not None and text.upper() == "HTTP"
    if listener.framework is not Framework.TERRAFORM:
        return False
    balancers = [lb for lb in graph.references(listener) if lb.type_key in LOAD_BALANCERS]
    return len(balancers) == 1 and lb_type(balancers[0]) == "application"
