from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

_KEYS = {
    Framework.TERRAFORM: ("listener", "lb_protocol"),
    Framework.CLOUDFORMATION: ("Listeners", "Protocol"),
}


@check(
    id="IAC-AWS-ELB-007",
    name="classic-elb-http-listener",
    title="Classic load balancer serves plain HTTP",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_elb"],
        Framework.CLOUDFORMATION: ["AWS::ElasticLoadBalancing::LoadBalancer"],
    },
    remediation="""
        Serve HTTPS with a certificate (and move to an application load balancer, which can
        redirect HTTP to HTTPS).

        ```hcl
        listener {
          lb_port            = 443
          lb_protocol        = "https"
          instance_port      = 8080
          instance_protocol  = "http"
          ssl_certificate_id = aws_acm_certificate.web.arn
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    references=[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html",
    ],
)
def classic_elb_http_listener(balancer: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags listeners of classic load balancers (`aws_elb`,
    `AWS::ElasticLoadBalancing::LoadBalancer`) whose front-end protocol (`lb_protocol`,
    CloudFormation `Protocol`) is HTTP. Classic load balancers cannot redirect to HTTPS, so an
    HTTP listener always serves content in clear text.

    ## Why is this bad?
    Requests and responses, session cookies and credentials included, cross the internet
    unencrypted, readable and changeable by anyone on the path.

    ## Example
    ```hcl
    resource "aws_elb" "web" {
      listener {
        lb_port           = 80
        lb_protocol       = "http"
        instance_port     = 8080
        instance_protocol = "http"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_elb" "web" {
      listener {
        lb_port            = 443
        lb_protocol        = "https"
        instance_port      = 8080
        instance_protocol  = "http"
        ssl_certificate_id = aws_acm_certificate.web.arn
      }
    }
    ```
    """
    listeners, protocol_key = _KEYS[balancer.framework]
    for listener in balancer.blocks(listeners):
        protocol = listener.get(protocol_key)
        if (as_str(protocol.value) or "").lower() == "http":
            yield Violation(at=protocol, message="the listener serves plain HTTP")
