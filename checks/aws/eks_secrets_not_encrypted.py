from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource, Unknown, is_unknown
from iacscan.graph.values import as_list

_KEYS = {
    Framework.TERRAFORM: ("encryption_config", "resources"),
    Framework.CLOUDFORMATION: ("EncryptionConfig", "Resources"),
}


@check(
    id="IAC-AWS-EKS-010",
    name="eks-secrets-not-kms-encrypted",
    title="EKS cluster does not encrypt Kubernetes secrets with a KMS key",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_eks_cluster"],
        Framework.CLOUDFORMATION: ["AWS::EKS::Cluster"],
    },
    remediation="""
        Envelope-encrypt secrets with a customer managed KMS key.

        ```hcl
        encryption_config {
          resources = ["secrets"]
          provider {
            key_arn = aws_kms_key.eks.arn
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-28", "SC-12"]},
    equivalents={"checkov": ["CKV_AWS_58"], "tfsec": ["aws-eks-encrypt-secrets"]},
    references=["https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html"],
)
def eks_secrets_not_kms_encrypted(cluster: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags EKS clusters without envelope encryption of Kubernetes secrets with a KMS key you
    control: no `encryption_config` (CloudFormation `EncryptionConfig`) whose `resources`
    include `secrets`. Configurations whose resources cannot be known are not reported.

    ## Why is this bad?
    Secrets in etcd are then protected only by AWS-owned keys: you cannot restrict or audit
    who decrypts them, revoke access by disabling the key, or prove control of the key to
    auditors.

    ## Example
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_eks_cluster" "main" {
      name     = "main"
      role_arn = aws_iam_role.cluster.arn

      encryption_config {
        resources = ["secrets"]
        provider {
          key_arn = aws_kms_key.eks.arn
        }
      }
    }
    ```
    """
    block_key, resources_key = _KEYS[cluster.framework]
    configs = list(cluster.blocks(block_key))
    for config in configs:
        resources = config.get(resources_key)
        if isinstance(config.value, Unknown) or is_unknown(resources.value):
            return
        if "secrets" in as_list(resources.value):
            return
    at = configs[0] if configs else cluster.field(block_key)
    yield Violation(at=at, message="Kubernetes secrets are not encrypted with a KMS key")
