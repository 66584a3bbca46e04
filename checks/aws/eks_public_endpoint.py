from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool
from iacscan.model.network import is_world

# (block, public access flag, allowed CIDRs) per framework; both default to public and 0.0.0.0/0.
_KEYS = {
    Framework.TERRAFORM: ("vpc_config", "endpoint_public_access", "public_access_cidrs"),
    Framework.CLOUDFORMATION: ("ResourcesVpcConfig", "EndpointPublicAccess", "PublicAccessCidrs"),
}


@check(
    id="IAC-AWS-EKS-001",
    name="eks-public-endpoint",
    title="EKS cluster API endpoint is open to the whole internet",
    severity=Severity.MEDIUM,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["aws_eks_cluster"],
        Framework.CLOUDFORMATION: ["AWS::EKS::Cluster"],
    },
    remediation="""
        Turn the public endpoint off (use the private endpoint from inside the VPC), or allow
        only the address ranges that administer the cluster.

        ```hcl
        vpc_config {
          subnet_ids              = var.private_subnet_ids
          endpoint_private_access = true
          endpoint_public_access  = false
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={
        "checkov": ["CKV_AWS_38"],
        "tfsec": ["aws-eks-no-public-cluster-access-to-cidr"],
    },
    references=["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
)
def eks_public_endpoint(cluster: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags EKS clusters whose Kubernetes API endpoint is reachable from any address: the public
    endpoint is on (`vpc_config.endpoint_public_access`, CloudFormation
    `ResourcesVpcConfig.EndpointPublicAccess`; on by default) and `public_access_cidrs`
    (`PublicAccessCidrs`) is unwritten (it defaults to `0.0.0.0/0`) or contains `0.0.0.0/0`.
    A world-open CIDR is reported on its line; an unwritten list on the public access setting,
    or on the VPC configuration block when that is unwritten too. Unknown values are not
    reported. A public endpoint limited to named ranges is reported by IAC-AWS-EKS-013 (low).

    ## Why is this bad?
    The API server still needs valid credentials, but anyone can reach it to try stolen or
    leaked kubeconfigs and tokens, and to exploit API server vulnerabilities as they appear.

    ## Example
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn
      vpc_config {
        subnet_ids = var.private_subnet_ids
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn
      vpc_config {
        subnet_ids              = var.private_subnet_ids
        endpoint_private_access = true
        endpoint_public_access  = true
        public_access_cidrs     = ["203.0.113.0/24"]
      }
    }
    ```
    """
    for config, public in _public_endpoints(cluster):
        yield from _open_to_world(cluster, config, public)


def _public_endpoints(cluster: Resource) -> Iterator[tuple[Field, Field]]:
    """The VPC configuration blocks whose public endpoint is on (written true, or unwritten:
    on by default), with the public access setting."""
    block_key, public_key, _ = _KEYS[cluster.framework]
    for config in cluster.blocks(block_key):
        public = config.get(public_key)
        if not public.present or as_bool(public.value) is True:
            yield config, public


def _open_to_world(cluster: Resource, config: Field, public: Field) -> Iterator[Violation]:
    cidrs = config.get(_KEYS[cluster.framework][2])
    if not cidrs.present or cidrs.value == []:
        yield Violation(
            at=public if public.present else config,
            message="public API endpoint allows 0.0.0.0/0 (the default CIDR list)",
        )
    elif isinstance(cidrs.value, list):
        for index, cidr in enumerate(cidrs.value):
            if is_world(cidr):
                yield Violation(at=cidrs.get(index), message=f"public API endpoint allows {cidr}")


@check(
    id="IAC-AWS-EKS-013",
    name="eks-public-endpoint-enabled",
    title="EKS cluster API endpoint is reachable from the internet",
    severity=Severity.LOW,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["aws_eks_cluster"],
        Framework.CLOUDFORMATION: ["AWS::EKS::Cluster"],
    },
    remediation="""
        Turn the public endpoint off and reach the API server through the private endpoint
        (from the VPC, a VPN or a bastion).

        ```hcl
        vpc_config {
          subnet_ids              = var.private_subnet_ids
          endpoint_private_access = true
          endpoint_public_access  = false
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={"checkov": ["CKV_AWS_39"]},
    references=["https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html"],
)
def eks_public_endpoint_enabled(cluster: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags EKS clusters whose Kubernetes API endpoint is public, even when only some address
    ranges may reach it: `vpc_config.endpoint_public_access` (CloudFormation
    `ResourcesVpcConfig.EndpointPublicAccess`) is true or unwritten, since the public endpoint
    is on by default. The finding points at the setting, or at the VPC configuration block
    when the setting is unwritten. A public endpoint open to `0.0.0.0/0` is reported by
    IAC-AWS-EKS-001 (medium) instead, not twice. An unknown setting is not reported.

    ## Why is this bad?
    A public endpoint, however narrowed by `public_access_cidrs`, is an internet-facing
    service: the allowed ranges tend to grow (office NAT, CI runners, a `/16` "for now"), and
    the API server is exposed to scanning and to its vulnerabilities from every address in
    them. A private endpoint keeps the control plane off the internet entirely.

    ## Example
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn
      vpc_config {
        subnet_ids          = var.private_subnet_ids
        public_access_cidrs = ["203.0.113.0/24"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn
      vpc_config {
        subnet_ids              = var.private_subnet_ids
        endpoint_private_access = true
        endpoint_public_access  = false
      }
    }
    ```
    """
    for config, public in _public_endpoints(cluster):
        if any(_open_to_world(cluster, config, public)):
            continue  # IAC-AWS-EKS-001
        yield Violation(
            at=public if public.present else config,
            message="the public API endpoint is enabled"
            + ("" if public.present else " (the default)"),
        )
