"""Athena workgroup settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DOCS = "https://docs.aws.amazon.com/athena/latest/ug"

athena_workgroup_results_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-ATHENA-001",
        name="athena-workgroup-results-unencrypted",
        title="Athena workgroup does not encrypt query results",
        severity=Severity.MEDIUM,
        category="encryption",
        what="query result encryption",
        where={
            TERRAFORM: {
                "aws_athena_workgroup": (
                    "configuration",
                    0,
                    "result_configuration",
                    0,
                    "encryption_configuration",
                )
            },
            CLOUDFORMATION: {
                "AWS::Athena::WorkGroup": (
                    "WorkGroupConfiguration",
                    "ResultConfiguration",
                    "EncryptionConfiguration",
                )
            },
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags Athena workgroups without an encryption configuration for query results
(`configuration { result_configuration { encryption_configuration } }`, CloudFormation
`WorkGroupConfiguration.ResultConfiguration.EncryptionConfiguration`). Unknown values are
not reported.""",
            why_is_this_bad="""
Query results are full copies of the data queried, written to S3. Without an encryption
configuration they rely on whatever the bucket does, and clients may write them unencrypted.""",
            example="""
```hcl
resource "aws_athena_workgroup" "analytics" {
  name = "analytics"
}
```""",
            use_instead="""
```hcl
resource "aws_athena_workgroup" "analytics" {
  name = "analytics"

  configuration {
    result_configuration {
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.athena.arn
      }
    }
  }
}
```""",
        ),
        remediation="""
Encrypt query results (`SSE_S3`, `SSE_KMS` or `CSE_KMS`).

```hcl
resource "aws_athena_workgroup" "analytics" {
  configuration {
    result_configuration {
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.athena.arn
      }
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_159"],
            "tfsec": ["aws-athena-enable-at-rest-encryption"],
        },
        references=[f"{_DOCS}/encrypting-query-results-stored-in-s3.html"],
    )
)

athena_workgroup_configuration_not_enforced = setting_check(
    SettingRule(
        id="IAC-AWS-ATHENA-002",
        name="athena-workgroup-configuration-not-enforced",
        title="Athena workgroup lets clients override its settings",
        severity=Severity.MEDIUM,
        category="encryption",
        what="workgroup configuration enforcement",
        where={
            TERRAFORM: {
                "aws_athena_workgroup": ("configuration", 0, "enforce_workgroup_configuration")
            },
            CLOUDFORMATION: {
                "AWS::Athena::WorkGroup": (
                    "WorkGroupConfiguration",
                    "EnforceWorkGroupConfiguration",
                )
            },
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags Athena workgroups with `enforce_workgroup_configuration = false` (CloudFormation
`EnforceWorkGroupConfiguration: false`). Enforcement is on by default, so an unwritten
setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
When the workgroup does not enforce its configuration, each client chooses where query
results go and whether they are encrypted, so the workgroup's encryption settings can be
bypassed.""",
            example="""
```hcl
resource "aws_athena_workgroup" "analytics" {
  name = "analytics"

  configuration {
    enforce_workgroup_configuration = false
  }
}
```""",
            use_instead="""
```hcl
resource "aws_athena_workgroup" "analytics" {
  name = "analytics"

  configuration {
    enforce_workgroup_configuration = true
  }
}
```""",
        ),
        remediation="""
Enforce the workgroup configuration.

```hcl
resource "aws_athena_workgroup" "analytics" {
  configuration {
    enforce_workgroup_configuration = true
  }
}
```""",
        compliance={"nist-800-53-r5": ["CM-6", "SC-28"]},
        equivalents={
            "checkov": ["CKV_AWS_82"],
            "tfsec": ["aws-athena-no-encryption-override"],
        },
        references=[f"{_DOCS}/workgroups-settings-override.html"],
    )
)

athena_database_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-ATHENA-003",
        name="athena-database-unencrypted",
        title="Athena database does not encrypt the query results it writes",
        severity=Severity.MEDIUM,
        category="encryption",
        what="encryption configuration",
        where={TERRAFORM: {"aws_athena_database": ("encryption_configuration",)}},
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags Terraform `aws_athena_database` resources without an `encryption_configuration` block:
the results of the queries Terraform runs to create the database are written to the results
bucket unencrypted. Unknown values are not reported.""",
            why_is_this_bad="""
Query results are copies of data; written unencrypted, they rely on the bucket's defaults
alone.""",
            example="""
```hcl
resource "aws_athena_database" "analytics" {
  name   = "analytics"
  bucket = aws_s3_bucket.results.id
}
```""",
            use_instead="""
```hcl
resource "aws_athena_database" "analytics" {
  name   = "analytics"
  bucket = aws_s3_bucket.results.id

  encryption_configuration {
    encryption_option = "SSE_KMS"
    kms_key           = aws_kms_key.athena.arn
  }
}
```""",
        ),
        remediation="""
Encrypt the results (`SSE_S3`, `SSE_KMS` or `CSE_KMS`).

```hcl
resource "aws_athena_database" "analytics" {
  encryption_configuration {
    encryption_option = "SSE_KMS"
    kms_key           = aws_kms_key.athena.arn
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"tfsec": ["aws-athena-enable-at-rest-encryption"]},
        references=[f"{_DOCS}/encryption.html"],
    )
)
