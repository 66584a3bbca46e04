from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_s3 import bucket_policies, may_have_unresolved_policy
from iacscan.model.aws_data_tls_policy import denies_insecure_transport
from iacscan.model.iam_policy import policy_statements


@check(
    id="IAC-AWS-S3-012",
    name="s3-bucket-tls-not-enforced",
    title="S3 bucket policy does not refuse requests over plain HTTP",
    severity=Severity.LOW,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Deny every request that does not use TLS.

        ```hcl
        data "aws_iam_policy_document" "data" {
          statement {
            sid       = "DenyInsecureTransport"
            effect    = "Deny"
            actions   = ["s3:*"]
            resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]

            principals {
              type        = "*"
              identifiers = ["*"]
            }

            condition {
              test     = "Bool"
              variable = "aws:SecureTransport"
              values   = ["false"]
            }
          }
        }
        ```
    """,
    compliance={
        "cis-aws-foundations-1.4.0": ["2.1.2"],
        "nist-800-53-r5": ["SC-8"],
        "pci-dss-4.0": ["4.2.1"],
    },
    references=[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    ],
)
def s3_bucket_tls_not_enforced(bucket: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets whose bucket policy has no statement denying requests with
    `aws:SecureTransport` false (or that have no bucket policy at all). Reads Terraform
    `aws_s3_bucket_policy` resources (JSON, `jsonencode` or an `aws_iam_policy_document`) and
    inline `policy` arguments, and CloudFormation `AWS::S3::BucketPolicy`. Not reported when
    a policy cannot be read (unknown, or an unknown effect or condition), or when a bucket
    policy in the same module or template names a bucket that cannot be resolved.

    ## Why is this bad?
    S3 accepts plain HTTP requests unless the bucket policy refuses them, so a misconfigured
    client or SDK can send and receive objects (and signed request headers) in clear text.

    ## Example
    ```hcl
    resource "aws_s3_bucket" "data" {
      bucket = "acme-data"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_s3_bucket" "data" {
      bucket = "acme-data"
    }

    resource "aws_s3_bucket_policy" "data" {
      bucket = aws_s3_bucket.data.id
      policy = data.aws_iam_policy_document.data.json # denies aws:SecureTransport = false
    }
    ```
    """
    graph = context.graph
    policies = bucket_policies(bucket, graph)
    if not policies and may_have_unresolved_policy(bucket, graph):
        return
    for policy in policies:
        statements = policy_statements(policy.resource, policy.path, graph)
        if not statements:
            return  # written but unreadable here (unknown or not a policy)
        verdicts = [denies_insecure_transport(s) for s in statements]
        if any(v is not False for v in verdicts):
            return
    if policies:
        yield Violation(at=policies[0], message="the bucket policy does not deny plain HTTP")
    else:
        yield Violation(at=bucket, message="no bucket policy denies plain HTTP requests")
