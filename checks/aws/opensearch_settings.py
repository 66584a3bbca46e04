"""OpenSearch and Elasticsearch domain settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import (
    Doc,
    Enabled,
    NoneOf,
    Present,
    SettingPath,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM, NonEmpty

_DOCS = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide"
_TF = ("aws_opensearch_domain", "aws_elasticsearch_domain")
_CFN = ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")


def _where(
    terraform: SettingPath, cloudformation: SettingPath
) -> dict[Framework, dict[str, SettingPath]]:
    """The same setting on both domain types of each framework."""
    return {
        TERRAFORM: {key: terraform for key in _TF},
        CLOUDFORMATION: {key: cloudformation for key in _CFN},
    }


opensearch_at_rest_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-001",
        name="opensearch-at-rest-unencrypted",
        title="OpenSearch domain does not encrypt data at rest",
        severity=Severity.HIGH,
        category="encryption",
        what="encryption at rest",
        where=_where(("encrypt_at_rest", 0, "enabled"), ("EncryptionAtRestOptions", "Enabled")),
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains without encryption at rest: `encrypt_at_rest {
enabled }` (CloudFormation `EncryptionAtRestOptions.Enabled`) false or unwritten (the API
default is off). Unknown values are not reported.""",
            why_is_this_bad="""
Indexes, logs, swap files and automated snapshots are stored in the clear. Search clusters
often hold copies of application data, logs and personal data.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"

  encrypt_at_rest {
    enabled = true
  }
}
```""",
        ),
        remediation="""
Turn encryption at rest on.

```hcl
resource "aws_opensearch_domain" "search" {
  encrypt_at_rest {
    enabled = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_5"],
            "tfsec": ["aws-elastic-search-enable-domain-encryption"],
        },
        references=[f"{_DOCS}/encryption-at-rest.html"],
    )
)

opensearch_node_to_node_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-002",
        name="opensearch-node-to-node-unencrypted",
        title="OpenSearch domain nodes talk to each other without TLS",
        severity=Severity.MEDIUM,
        category="encryption",
        what="node-to-node encryption",
        where=_where(
            ("node_to_node_encryption", 0, "enabled"), ("NodeToNodeEncryptionOptions", "Enabled")
        ),
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains without node-to-node encryption:
`node_to_node_encryption { enabled }` (CloudFormation
`NodeToNodeEncryptionOptions.Enabled`) false or unwritten (the API default is off). Unknown
values are not reported.""",
            why_is_this_bad="""
Without it, documents and queries travel between the cluster's nodes in clear text inside
the VPC, readable by anything that can observe that traffic.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  node_to_node_encryption {
    enabled = true
  }
}
```""",
        ),
        remediation="""
Turn node-to-node encryption on.

```hcl
resource "aws_opensearch_domain" "search" {
  node_to_node_encryption {
    enabled = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        equivalents={
            "checkov": ["CKV_AWS_6"],
            "tfsec": ["aws-elastic-search-enable-in-transit-encryption"],
        },
        references=[f"{_DOCS}/ntn.html"],
    )
)

opensearch_outdated_tls_policy = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-004",
        name="opensearch-outdated-tls-policy",
        title="OpenSearch domain endpoint accepts TLS 1.0 and 1.1",
        severity=Severity.MEDIUM,
        category="encryption",
        what="TLS security policy",
        where=_where(
            ("domain_endpoint_options", 0, "tls_security_policy"),
            ("DomainEndpointOptions", "TLSSecurityPolicy"),
        ),
        expect=NoneOf(frozenset({"Policy-Min-TLS-1-0-2019-07"})),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains whose `tls_security_policy` (CloudFormation
`DomainEndpointOptions.TLSSecurityPolicy`) is `Policy-Min-TLS-1-0-2019-07`. Only an
explicit value is reported; unknown values are not.""",
            why_is_this_bad="""
TLS 1.0 and 1.1 have known weaknesses and are deprecated; accepting them lets a
man-in-the-middle downgrade clients to a breakable protocol.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-0-2019-07"
  }
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
```""",
        ),
        remediation="""
Use a TLS 1.2+ policy.

```hcl
resource "aws_opensearch_domain" "search" {
  domain_endpoint_options {
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-8", "SC-13"]},
        equivalents={
            "checkov": ["CKV_AWS_228"],
            "tfsec": ["aws-elastic-search-use-secure-tls-policy"],
        },
        references=[f"{_DOCS}/infrastructure-security.html"],
    )
)

opensearch_logging_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-005",
        name="opensearch-logging-disabled",
        title="OpenSearch domain publishes no logs to CloudWatch Logs",
        severity=Severity.LOW,
        category="logging",
        what="log publishing",
        where=_where(("log_publishing_options",), ("LogPublishingOptions",)),
        expect=NonEmpty(),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains with no `log_publishing_options` (CloudFormation
`LogPublishingOptions`): no audit, error or slow logs are published (the default). Unknown
values are not reported.""",
            why_is_this_bad="""
Without published logs, failed logins, unusual queries and errors on the domain leave no
trace that can be searched, alarmed on or investigated.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
  }
}
```""",
        ),
        remediation="""
Publish audit and error logs to CloudWatch Logs.

```hcl
resource "aws_opensearch_domain" "search" {
  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
  }
}
```""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_84"]},
        references=[f"{_DOCS}/createdomain-configure-slow-logs.html"],
    )
)

opensearch_outside_vpc = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-006",
        name="opensearch-domain-outside-vpc",
        title="OpenSearch domain has a public endpoint instead of running in a VPC",
        severity=Severity.MEDIUM,
        category="public-endpoint",
        what="VPC placement",
        where=_where(("vpc_options",), ("VPCOptions",)),
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains without `vpc_options` (CloudFormation
`VPCOptions`): such domains get a public endpoint, protected only by their access policy.
Unknown values are not reported.""",
            why_is_this_bad="""
A public endpoint is reachable from the whole internet; one permissive access policy
statement exposes every index. Inside a VPC, security groups add a network boundary.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  vpc_options {
    subnet_ids         = [aws_subnet.private_a.id]
    security_group_ids = [aws_security_group.search.id]
  }
}
```""",
        ),
        remediation="""
Create the domain inside a VPC (a domain cannot move from public to VPC access).

```hcl
resource "aws_opensearch_domain" "search" {
  vpc_options {
    subnet_ids         = [aws_subnet.private_a.id]
    security_group_ids = [aws_security_group.search.id]
  }
}
```""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_137"]},
        references=[f"{_DOCS}/vpc.html"],
    )
)

opensearch_fine_grained_access_control_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-OPENSEARCH-009",
        name="opensearch-fine-grained-access-control-disabled",
        title="OpenSearch domain does not use fine-grained access control",
        severity=Severity.MEDIUM,
        category="iam",
        what="fine-grained access control",
        where=_where(
            ("advanced_security_options", 0, "enabled"), ("AdvancedSecurityOptions", "Enabled")
        ),
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags OpenSearch and Elasticsearch domains without fine-grained access control:
`advanced_security_options { enabled }` (CloudFormation `AdvancedSecurityOptions.Enabled`)
false or unwritten (the default is off). Unknown values are not reported.""",
            why_is_this_bad="""
Without fine-grained access control, access is all or nothing per domain: every caller the
access policy lets in can read and change every index, and there are no audit logs.""",
            example="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
}
```""",
            use_instead="""
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name = "search"

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false

    master_user_options {
      master_user_arn = aws_iam_role.search_admin.arn
    }
  }
}
```""",
        ),
        remediation="""
Turn fine-grained access control on (it needs encryption at rest, node-to-node encryption
and HTTPS).

```hcl
resource "aws_opensearch_domain" "search" {
  advanced_security_options {
    enabled = true

    master_user_options {
      master_user_arn = aws_iam_role.search_admin.arn
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
        references=[f"{_DOCS}/fgac.html"],
    )
)
