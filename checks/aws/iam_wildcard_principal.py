from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_s3 import bucket_view, policy_access_blocks, public_policy_neutralised
from iacscan.model.iam_policy import RESOURCE_POLICIES, policy_paths, policy_statements

# Bucket policies are defused by a public access block; no other service has one.
S3_BUCKETS = frozenset({"aws_s3_bucket"})
S3_POLICIES = frozenset({"aws_s3_bucket_policy", "AWS::S3::BucketPolicy"})


@check(
    id="IAC-AWS-IAM-002",
    name="iam-wildcard-principal",
    title="Resource or trust policy allows any principal without a condition",
    severity=Severity.HIGH,
    category="iam",
    targets={
        Framework.TERRAFORM: sorted(k for k in RESOURCE_POLICIES if not k.startswith("AWS::")),
        Framework.CLOUDFORMATION: sorted(k for k in RESOURCE_POLICIES if k.startswith("AWS::")),
    },
    remediation="""
        Name the accounts, roles or services that need access, or add a condition that
        limits the callers (e.g. `aws:SourceArn`, `aws:PrincipalOrgID`).

        ```hcl
        data "aws_iam_policy_document" "assume" {
          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::111122223333:role/deployer"]
            }
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
    equivalents={
        "checkov": ["CKV_AWS_70", "CKV_AWS_60", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33"],
    },
    references=[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
)
def iam_wildcard_principal(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Allow statements whose principal is everyone (`Principal: "*"` or
    `{"AWS": "*"}`) and that have no `Condition`, in resource and trust policies: S3 bucket
    policies, role trust policies (`assume_role_policy`, `AssumeRolePolicyDocument`), SQS
    queue, SNS topic, KMS key, ECR repository and Secrets Manager policies. Policies may be
    mappings, JSON strings, `jsonencode(...)` or `aws_iam_policy_document` data sources (then
    the finding points at the data source's `principals` block). A bucket policy is not
    reported when the bucket's (or account's) public access block sets `block_public_policy`
    or `restrict_public_buckets`. Any condition silences the finding, since its strength
    cannot be judged statically.

    ## Why is this bad?
    Everyone means every AWS account and, for most services, anonymous callers on the
    internet: they can read the bucket, send to the queue, use the key or assume the role.

    ## Example
    ```hcl
    resource "aws_sqs_queue_policy" "jobs" {
      queue_url = aws_sqs_queue.jobs.id
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage",
                       Resource = aws_sqs_queue.jobs.arn }]
      })
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_sqs_queue_policy" "jobs" {
      queue_url = aws_sqs_queue.jobs.id
      policy = jsonencode({
        Version   = "2012-10-17"
        Statement = [{ Effect = "Allow", Principal = { Service = "sns.amazonaws.com" },
                       Action = "sqs:SendMessage", Resource = aws_sqs_queue.jobs.arn,
                       Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.jobs.arn } } }]
      })
    }
    ```
    """
    graph = context.graph
    if _public_bucket_policy_defused(resource, graph):
        return
    for path in policy_paths(resource, RESOURCE_POLICIES):
        for statement in policy_statements(resource, path, graph):
            if not statement.allows or statement.has_condition:
                continue
            for where in statement.public_principals():
                yield Violation(at=where, message="policy allows Principal * without a condition")


def _public_bucket_policy_defused(resource: Resource, graph: ResourceGraph) -> bool:
    if resource.type_key in S3_BUCKETS:
        return public_policy_neutralised(bucket_view(resource, graph).access_blocks)
    if resource.type_key in S3_POLICIES:
        return public_policy_neutralised(policy_access_blocks(resource, graph))
    return False
