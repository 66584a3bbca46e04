from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled

# Registry-wide scanning rules (basic scan-on-push or Amazon Inspector enhanced scanning)
# replace the repository's own setting.
_REGISTRY_SCANNING = {
    Framework.TERRAFORM: "aws_ecr_registry_scanning_configuration",
    Framework.CLOUDFORMATION: "AWS::ECR::RegistryScanningConfiguration",
}


@check(
    id="IAC-AWS-ECR-001",
    name="ecr-image-scan-on-push-disabled",
    title="ECR repository does not scan images when they are pushed",
    severity=Severity.MEDIUM,
    category="workload-security",
    targets={
        Framework.TERRAFORM: ["aws_ecr_repository"],
        Framework.CLOUDFORMATION: ["AWS::ECR::Repository"],
    },
    remediation="""
        Scan images on push (or configure registry-wide scanning once).

        ```hcl
        resource "aws_ecr_repository" "api" {
          name = "api"

          image_scanning_configuration {
            scan_on_push = true
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["RA-5", "SI-3"]},
    equivalents={"checkov": ["CKV_AWS_163"], "tfsec": ["aws-ecr-enable-image-scans"]},
    references=["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html"],
)
def ecr_image_scan_on_push_disabled(
    repository: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ECR repositories that do not scan images for vulnerabilities on push:
    `image_scanning_configuration { scan_on_push }` (CloudFormation
    `ImageScanningConfiguration.ScanOnPush`) false or unwritten (the default is off). Not
    reported when the same scan configures registry-wide scanning
    (`aws_ecr_registry_scanning_configuration`, `AWS::ECR::RegistryScanningConfiguration`),
    which takes precedence, nor for unknown values.

    ## Why is this bad?
    Without scanning, images with known critical vulnerabilities are pushed and deployed
    without anyone being told.

    ## Example
    ```hcl
    resource "aws_ecr_repository" "api" {
      name = "api"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_ecr_repository" "api" {
      name = "api"

      image_scanning_configuration {
        scan_on_push = true
      }
    }
    ```
    """
    if context.graph.of_type(repository.framework, _REGISTRY_SCANNING[repository.framework]):
        return
    if repository.framework is Framework.CLOUDFORMATION:
        setting = repository.field("ImageScanningConfiguration", "ScanOnPush")
    else:
        setting = repository.field("image_scanning_configuration", 0, "scan_on_push")
    yield from require_enabled(setting, "scan on push")
