from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str


@check(
    id="IAC-AWS-OPENSEARCH-010",
    name="opensearch-audit-logs-disabled",
    title="OpenSearch domain does not publish audit logs",
    severity=Severity.MEDIUM,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
        Framework.CLOUDFORMATION: ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
    },
    remediation="""
        Publish audit logs to CloudWatch Logs (with fine-grained access control on).

        ```hcl
        resource "aws_opensearch_domain" "search" {
          log_publishing_options {
            log_type                 = "AUDIT_LOGS"
            cloudwatch_log_group_arn = aws_cloudwatch_log_group.search_audit.arn
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV_AWS_317"], "tfsec": ["aws-elastic-search-enable-logging"]},
    references=[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html",
    ],
)
def opensearch_audit_logs_disabled(domain: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags OpenSearch and Elasticsearch domains that do not publish audit logs: no
    `log_publishing_options` block with `log_type = "AUDIT_LOGS"` (CloudFormation: no
    `LogPublishingOptions.AUDIT_LOGS`), or one with `enabled = false`. Audit logs are off by
    default. A block whose log type or switch is unknown is not reported.

    ## Why is this bad?
    Audit logs record who authenticated and which indexes and documents they read or
    changed; without them a data leak from the domain cannot be scoped.

    ## Example
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"

      log_publishing_options {
        log_type                 = "ES_APPLICATION_LOGS"
        cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_opensearch_domain" "search" {
      domain_name = "search"

      log_publishing_options {
        log_type                 = "AUDIT_LOGS"
        cloudwatch_log_group_arn = aws_cloudwatch_log_group.search_audit.arn
      }
    }
    ```
    """
    if domain.framework is Framework.CLOUDFORMATION:
        options = domain.field("LogPublishingOptions")
        if options.unknown and not isinstance(options.value, dict):
            return
        audit = options.get("AUDIT_LOGS")
        if not audit.present:
            yield Violation(at=options, message="audit logs are not published")
        elif as_bool(audit.get("Enabled").value) is False:
            yield Violation(at=audit.get("Enabled"), message="audit log publishing is disabled")
        return
    options = domain.field("log_publishing_options")
    if options.unknown and not isinstance(options.value, list):
        return
    blocks = list(domain.blocks("log_publishing_options"))
    for block in blocks:
        kind = block.get("log_type")
        if not kind.known:
            return  # may be the audit log
        if as_str(kind.value) == "AUDIT_LOGS":
            enabled = block.get("enabled")
            if as_bool(enabled.value) is False:
                yield Violation(at=enabled, message="audit log publishing is disabled")
            return
    yield Violation(at=options, message="audit logs are not published")
