"""ECR repository settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, OneOf, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DOCS = "https://docs.aws.amazon.com/AmazonECR/latest/userguide"

ecr_repository_tags_mutable = setting_check(
    SettingRule(
        id="IAC-AWS-ECR-002",
        name="ecr-repository-tags-mutable",
        title="ECR repository lets image tags be overwritten",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="image tag mutability",
        where={
            TERRAFORM: {"aws_ecr_repository": ("image_tag_mutability",)},
            CLOUDFORMATION: {"AWS::ECR::Repository": ("ImageTagMutability",)},
        },
        expect=OneOf(frozenset({"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"})),
        doc=Doc(
            what_it_does="""
Flags ECR repositories whose image tags can be moved to another image:
`image_tag_mutability` (CloudFormation `ImageTagMutability`) `MUTABLE` or unwritten (the
default is `MUTABLE`). Unknown values are not reported.""",
            why_is_this_bad="""
With mutable tags, anyone who can push can replace the image behind `v1.4.2` (or `latest`)
that clusters pull, without changing any deployment: a quiet route for a malicious image,
and releases cannot be reproduced.""",
            example="""
```hcl
resource "aws_ecr_repository" "api" {
  name = "api"
}
```""",
            use_instead="""
```hcl
resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}
```""",
        ),
        remediation="""
Make tags immutable (push each build under a new tag).

```hcl
resource "aws_ecr_repository" "api" {
  image_tag_mutability = "IMMUTABLE"
}
```""",
        compliance={"nist-800-53-r5": ["CM-2", "SI-7"]},
        equivalents={
            "checkov": ["CKV_AWS_51"],
            "tfsec": ["aws-ecr-enforce-immutable-repository"],
        },
        references=[f"{_DOCS}/image-tag-mutability.html"],
    )
)

ecr_repository_not_kms_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-ECR-003",
        name="ecr-repository-not-kms-encrypted",
        title="ECR repository is not encrypted with a KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="KMS encryption",
        where={
            TERRAFORM: {"aws_ecr_repository": ("encryption_configuration", 0, "encryption_type")},
            CLOUDFORMATION: {"AWS::ECR::Repository": ("EncryptionConfiguration", "EncryptionType")},
        },
        expect=OneOf(frozenset({"KMS", "KMS_DSSE"})),
        doc=Doc(
            what_it_does="""
Flags ECR repositories encrypted with S3-managed keys: `encryption_configuration {
encryption_type }` (CloudFormation `EncryptionConfiguration.EncryptionType`) `AES256` or
unwritten (the default is `AES256`). Unknown values are not reported.""",
            why_is_this_bad="""
With AES256 the image layers are encrypted with keys nobody can restrict or audit: anyone
allowed to pull reads them, and access cannot be revoked by disabling a key.""",
            example="""
```hcl
resource "aws_ecr_repository" "api" {
  name = "api"
}
```""",
            use_instead="""
```hcl
resource "aws_ecr_repository" "api" {
  name = "api"

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}
```""",
        ),
        remediation="""
Create the repository with KMS encryption (it cannot be changed later).

```hcl
resource "aws_ecr_repository" "api" {
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AWS_136"], "tfsec": ["aws-ecr-repository-customer-key"]},
        references=[f"{_DOCS}/encryption-at-rest.html"],
    )
)
