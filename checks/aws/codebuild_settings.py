"""CodeBuild project settings: one row each."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, SettingRule, setting_check
from iacscan.graph.model import Framework

_PROJECT_TF = "aws_codebuild_project"
_PROJECT_CFN = "AWS::CodeBuild::Project"
_DOCS = "https://docs.aws.amazon.com/codebuild/latest/userguide/"

CODEBUILD_PRIVILEGED_MODE = setting_check(
    SettingRule(
        id="IAC-AWS-CODEBUILD-001",
        name="codebuild-privileged-mode",
        title="CodeBuild project runs builds in privileged mode",
        severity=Severity.MEDIUM,
        category="workload-security",
        what="privileged mode",
        where={
            Framework.TERRAFORM: {_PROJECT_TF: ("environment", 0, "privileged_mode")},
            Framework.CLOUDFORMATION: {_PROJECT_CFN: ("Environment", "PrivilegedMode")},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CodeBuild projects whose build environment runs privileged: `environment.privileged_mode
= true` (CloudFormation `Environment.PrivilegedMode: true`). The default is off.
""",
            why_is_this_bad="""
Privileged builds run the Docker daemon with full access to the build host: code from a
pull request, a compromised dependency or a build script can escape the build container,
tamper with other builds and read the project role's credentials. Use it only for projects
that must build container images, and never for untrusted sources.
""",
            example="""
```hcl
resource "aws_codebuild_project" "app" {
  environment {
    compute_type    = "BUILD_GENERAL1_SMALL"
    image           = "aws/codebuild/standard:7.0"
    type            = "LINUX_CONTAINER"
    privileged_mode = true
  }
}
```
""",
            use_instead="""
```hcl
resource "aws_codebuild_project" "app" {
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
}
```
""",
        ),
        remediation="""
Turn privileged mode off (build images with a rootless builder such as Kaniko or BuildKit
if needed).

```hcl
environment {
  privileged_mode = false
}
```
""",
        compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
        references=[f"{_DOCS}build-env-ref-available.html"],
    )
)

CODEBUILD_ARTIFACTS_UNENCRYPTED = setting_check(
    SettingRule(
        id="IAC-AWS-CODEBUILD-002",
        name="codebuild-artifacts-unencrypted",
        title="CodeBuild project stores build artifacts unencrypted",
        severity=Severity.MEDIUM,
        category="encryption",
        what="artifact encryption being disabled",
        where={
            Framework.TERRAFORM: {_PROJECT_TF: ("artifacts", 0, "encryption_disabled")},
            Framework.CLOUDFORMATION: {_PROJECT_CFN: ("Artifacts", "EncryptionDisabled")},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CodeBuild projects that turn artifact encryption off: `artifacts.encryption_disabled =
true` (CloudFormation `Artifacts.EncryptionDisabled: true`). Artifacts are encrypted by
default.
""",
            why_is_this_bad="""
Build artifacts hold the application's code and often configuration and secrets baked in at
build time; stored unencrypted they are readable by anyone with access to the bucket's
storage.
""",
            example="""
```hcl
artifacts {
  type                = "S3"
  location            = aws_s3_bucket.artifacts.id
  encryption_disabled = true
}
```
""",
            use_instead="""
```hcl
artifacts {
  type     = "S3"
  location = aws_s3_bucket.artifacts.id
}
```
""",
        ),
        remediation="""
Leave artifact encryption on.

```hcl
artifacts {
  type                = "S3"
  location            = aws_s3_bucket.artifacts.id
  encryption_disabled = false
}
```
""",
        compliance={"nist-800-53-r5": ["SC-28"]},
        equivalents={"checkov": ["CKV_AWS_78"], "tfsec": ["aws-codebuild-enable-encryption"]},
        references=[f"{_DOCS}security-encryption.html"],
    )
)

CODEBUILD_S3_LOGS_UNENCRYPTED = setting_check(
    SettingRule(
        id="IAC-AWS-CODEBUILD-003",
        name="codebuild-s3-logs-unencrypted",
        title="CodeBuild project writes unencrypted build logs to S3",
        severity=Severity.LOW,
        category="encryption",
        what="S3 log encryption being disabled",
        where={
            Framework.TERRAFORM: {
                _PROJECT_TF: ("logs_config", 0, "s3_logs", 0, "encryption_disabled")
            },
            Framework.CLOUDFORMATION: {
                _PROJECT_CFN: ("LogsConfig", "S3Logs", "EncryptionDisabled")
            },
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CodeBuild projects whose S3 build logs are written unencrypted:
`logs_config.s3_logs.encryption_disabled = true` (CloudFormation
`LogsConfig.S3Logs.EncryptionDisabled: true`). The default is encrypted.
""",
            why_is_this_bad="""
Build logs routinely echo environment variables, tokens and internal hostnames; unencrypted
they are exposed to anyone with access to the bucket's storage.
""",
            example="""
```hcl
logs_config {
  s3_logs {
    status              = "ENABLED"
    location            = "${aws_s3_bucket.logs.id}/build"
    encryption_disabled = true
  }
}
```
""",
            use_instead="""
```hcl
logs_config {
  s3_logs {
    status   = "ENABLED"
    location = "${aws_s3_bucket.logs.id}/build"
  }
}
```
""",
        ),
        remediation="""
Leave S3 log encryption on.

```hcl
s3_logs {
  status              = "ENABLED"
  location            = "${aws_s3_bucket.logs.id}/build"
  encryption_disabled = false
}
```
""",
        compliance={"nist-800-53-r5": ["SC-28", "AU-9"]},
        equivalents={"checkov": ["CKV_AWS_311"]},
        references=[f"{_DOCS}change-project.html#change-project-console-logs"],
    )
)

CODEBUILD_SOURCE_INSECURE_SSL = setting_check(
    SettingRule(
        id="IAC-AWS-CODEBUILD-004",
        name="codebuild-source-insecure-ssl",
        title="CodeBuild project ignores TLS errors when fetching its source",
        severity=Severity.MEDIUM,
        category="encryption",
        what="ignoring TLS errors",
        where={
            Framework.TERRAFORM: {_PROJECT_TF: ("source", 0, "insecure_ssl")},
            Framework.CLOUDFORMATION: {_PROJECT_CFN: ("Source", "InsecureSsl")},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags CodeBuild projects whose primary source sets `insecure_ssl = true` (CloudFormation
`Source.InsecureSsl: true`), which skips certificate checks against the source provider. The
default is off.
""",
            why_is_this_bad="""
Without certificate checks, anyone able to intercept the connection to the source provider
can serve the build different code, which is then built, signed and deployed as yours.
""",
            example="""
```hcl
source {
  type         = "GITHUB_ENTERPRISE"
  location     = "https://git.example.com/acme/app.git"
  insecure_ssl = true
}
```
""",
            use_instead="""
```hcl
source {
  type     = "GITHUB_ENTERPRISE"
  location = "https://git.example.com/acme/app.git"
}
```
""",
        ),
        remediation="""
Verify the source provider's certificate (add your CA to the build image if it is private).

```hcl
source {
  insecure_ssl = false
}
```
""",
        compliance={"nist-800-53-r5": ["SC-8", "SI-7"]},
        references=[f"{_DOCS}create-project.html"],
    )
)
