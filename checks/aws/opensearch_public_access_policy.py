from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.iam_policy import policy_statements

_DOMAINS = frozenset(
    {
        "aws_opensearch_domain",
        "aws_elasticsearch_domain",
        "AWS::OpenSearchService::Domain",
        "AWS::Elasticsearch::Domain",
    }
)
_POLICIES = {
    "aws_opensearch_domain_policy": "aws_opensearch_domain",
    "aws_elasticsearch_domain_policy": "aws_elasticsearch_domain",
}


@check(
    id="IAC-AWS-OPENSEARCH-007",
    name="opensearch-public-access-policy",
    title="OpenSearch domain with a public endpoint lets anyone call it",
    severity=Severity.CRITICAL,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: [
            "aws_opensearch_domain",
            "aws_elasticsearch_domain",
            *_POLICIES,
        ],
        Framework.CLOUDFORMATION: ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
    },
    remediation="""
        Name the roles that may call the domain (or add a condition such as `aws:SourceIp`),
        and prefer a domain inside a VPC.

        ```hcl
        data "aws_iam_policy_document" "search" {
          statement {
            actions   = ["es:ESHttp*"]
            resources = ["${aws_opensearch_domain.search.arn}/*"]

            principals {
              type        = "AWS"
              identifiers = [aws_iam_role.search_client.arn]
            }
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-6", "SC-7"]},
    references=[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html",
    ],
)
def opensearch_public_access_policy(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags OpenSearch and Elasticsearch domains with a public endpoint (no `vpc_options` /
    `VPCOptions`) whose access policy allows any principal (`"*"` or `{"AWS": "*"}`) without
    a condition: `access_policies` on the domain, an `aws_opensearch_domain_policy` /
    `aws_elasticsearch_domain_policy`, or CloudFormation `AccessPolicies`. Domains inside a
    VPC (reachable only through their security groups), policies whose domain cannot be
    found here, and unknown values are not reported.

    ## Why is this bad?
    Anyone on the internet can then read, write and delete every index without credentials;
    open search clusters are scanned for and wiped or ransomed within hours.

    ## Example
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"
      access_policies = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = "*", Action = "es:*", Resource = "*" }]
      })
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"
      access_policies = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { AWS = aws_iam_role.search_client.arn }
          Action    = "es:ESHttp*"
          Resource  = "arn:aws:es:eu-west-1:123456789012:domain/search/*"
        }]
      })
    }
    ```
    """
    domain = _domain(resource, context)
    if domain is None or not _public_endpoint(domain):
        return
    key = "AccessPolicies" if resource.framework is Framework.CLOUDFORMATION else "access_policies"
    if not resource.field(key).present:
        return
    for statement in policy_statements(resource, (key,), context.graph):
        if not statement.allows or statement.has_condition:
            continue
        for principal in statement.public_principals():
            yield Violation(at=principal, message="the access policy allows any principal")


def _domain(resource: Resource, context: CheckContext) -> Resource | None:
    """The domain itself, or the one a domain policy resource refers to."""
    if resource.type in _DOMAINS:
        return resource
    found = context.graph.references(resource, _POLICIES[resource.type])
    return found[0] if len(found) == 1 else None


def _public_endpoint(domain: Resource) -> bool:
    """Known to have no VPC placement."""
    key = "VPCOptions" if domain.framework is Framework.CLOUDFORMATION else "vpc_options"
    value = domain.get(key, default=None)
    return value is None or value == []
