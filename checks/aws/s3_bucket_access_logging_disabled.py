from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_data_s3 import (
    bucket_settings,
    is_log_destination,
    may_configure_unknown_bucket,
)
from iacscan.model.aws_s3 import bucket_view

_LOGGING = "aws_s3_bucket_logging"


@check(
    id="IAC-AWS-S3-011",
    name="s3-bucket-access-logging-disabled",
    title="S3 bucket does not record server access logs",
    severity=Severity.LOW,
    category="logging",
    targets={
        Framework.TERRAFORM: ["aws_s3_bucket"],
        Framework.CLOUDFORMATION: ["AWS::S3::Bucket"],
    },
    remediation="""
        Deliver server access logs to a separate log bucket.

        ```hcl
        resource "aws_s3_bucket_logging" "data" {
          bucket        = aws_s3_bucket.data.id
          target_bucket = aws_s3_bucket.access_logs.id
          target_prefix = "data/"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AU-2", "AU-12"], "pci-dss-4.0": ["10.2.1"]},
    equivalents={"checkov": ["CKV_AWS_18"], "tfsec": ["aws-s3-enable-bucket-logging"]},
    references=["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
)
def s3_bucket_access_logging_disabled(
    bucket: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags S3 buckets without server access logging. Terraform: no `aws_s3_bucket_logging`
    for the bucket (by reference or literal name) and no inline `logging` block (provider
    v3); CloudFormation: no `LoggingConfiguration`. Logging is off by default. Not reported:
    buckets that receive logs themselves (another bucket's access-log target, a CloudTrail
    trail's or flow log's bucket, a load balancer's or CloudFront's log bucket, or a bucket
    with the `log-delivery-write` ACL), since logging a log bucket only loops; and a logging
    resource in the same module whose bucket cannot be resolved.

    ## Why is this bad?
    Access logs are the only record of who read, wrote or deleted which object. Without them,
    a data leak cannot be scoped and a deletion cannot be attributed.

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

    resource "aws_s3_bucket_logging" "data" {
      bucket        = aws_s3_bucket.data.id
      target_bucket = aws_s3_bucket.access_logs.id
      target_prefix = "data/"
    }
    ```
    """
    graph = context.graph
    if bucket.framework is Framework.CLOUDFORMATION:
        if bucket.field("LoggingConfiguration").present:
            return
    elif (
        any(bucket.blocks("logging"))
        or any(bucket_settings(bucket, graph, _LOGGING))
        or may_configure_unknown_bucket(bucket, graph, _LOGGING)
    ):
        return
    if is_log_destination(bucket, graph):
        return
    acl = bucket_view(bucket, graph)
    if acl.acl.unknown or acl.acl_name() == "log-delivery-write":
        return
    yield Violation(at=bucket, message="server access logging is not enabled (the default is off)")
