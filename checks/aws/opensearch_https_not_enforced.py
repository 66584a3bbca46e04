from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AWS-OPENSEARCH-003",
    name="opensearch-https-not-enforced",
    title="OpenSearch domain accepts plain HTTP requests",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
        Framework.CLOUDFORMATION: ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
    },
    remediation="""
        Require HTTPS on the domain endpoint.

        ```hcl
        resource "aws_opensearch_domain" "search" {
          domain_endpoint_options {
            enforce_https       = true
            tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"]},
    equivalents={"checkov": ["CKV_AWS_83"], "tfsec": ["aws-elastic-search-enforce-https"]},
    references=[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
    ],
)
def opensearch_https_not_enforced(domain: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags OpenSearch and Elasticsearch domains that accept HTTP: `enforce_https = false`, or
    no `domain_endpoint_options` block at all (the API default is not to enforce HTTPS);
    CloudFormation `DomainEndpointOptions.EnforceHTTPS` false or unwritten. In Terraform an
    `domain_endpoint_options` block without `enforce_https` enforces it (the provider's
    default is true). Unknown values are not reported.

    ## Why is this bad?
    Over plain HTTP, queries, documents and credentials (basic auth, signed requests' bodies)
    cross the network in clear text.

    ## Example
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"

      domain_endpoint_options {
        enforce_https       = true
        tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
      }
    }
    ```
    """
    if domain.framework is Framework.CLOUDFORMATION:
        setting = domain.field("DomainEndpointOptions", "EnforceHTTPS")
        yield from require_enabled(setting, "HTTPS enforcement")
        return
    options = domain.field("domain_endpoint_options", 0)
    default_on = options.present
    setting = domain.field("domain_endpoint_options", 0, "enforce_https")
    yield from require_enabled(setting, "HTTPS enforcement", default=default_on)
