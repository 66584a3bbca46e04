"""EMR security configurations that leave encryption off: at rest and in transit.

One family, one function: the configuration is a JSON document (a string in Terraform, a
mapping or string in CloudFormation); each row names the `EncryptionConfiguration` flag and
becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.aws_compute_json import json_field
from iacscan.model.settings import require_enabled

_CONFIGURATION = {
    "aws_emr_security_configuration": "configuration",
    "AWS::EMR::SecurityConfiguration": "SecurityConfiguration",
}

_DOC = """
## What it does
Flags EMR security configurations (`aws_emr_security_configuration.configuration`,
CloudFormation `AWS::EMR::SecurityConfiguration.SecurityConfiguration`) whose
`EncryptionConfiguration.FLAG` is false or missing (the default is off). The JSON document is
read whether written with `jsonencode(...)`, a heredoc or a CloudFormation mapping; unknown
documents are not reported.

## Why is this bad?
WHY

## Example
```hcl
resource "aws_emr_security_configuration" "cluster" {
  name = "cluster"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption    = false
      EnableInTransitEncryption = false
    }
  })
}
```

## Use instead
```hcl
resource "aws_emr_security_configuration" "cluster" {
  name = "cluster"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-KMS", AwsKmsKey = aws_kms_key.emr.arn }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = aws_kms_key.emr.arn
        }
      }
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://acme-emr-certs/certs.zip"
        }
      }
    }
  })
}
```
"""


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    flag: str
    what: str
    why: str
    nist: list[str]


def _violations(resource: Resource, row: _Row) -> Iterator[Violation]:
    document = json_field(resource.field(_CONFIGURATION[resource.type_key]))
    if not isinstance(document.value, dict):
        return
    encryption = document.get("EncryptionConfiguration")
    if not encryption.present:
        yield Violation(at=document, message=f"{row.what} is not enabled (no encryption settings)")
        return
    yield from require_enabled(encryption.get(row.flag), row.what)


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, row)

    run.__doc__ = _DOC.replace("FLAG", row.flag).replace("WHY", row.why)
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=Severity.MEDIUM,
        category="encryption",
        targets={
            Framework.TERRAFORM: ["aws_emr_security_configuration"],
            Framework.CLOUDFORMATION: ["AWS::EMR::SecurityConfiguration"],
        },
        remediation=f"""
Turn `{row.flag}` on in the security configuration's `EncryptionConfiguration`.

```hcl
configuration = jsonencode({{
  EncryptionConfiguration = {{
    {row.flag} = true
  }}
}})
```
""",
        compliance={"nist-800-53-r5": row.nist},
        references=[
            "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html",
        ],
    )(run)


EMR_AT_REST_UNENCRYPTED = _make(
    _Row(
        id="IAC-AWS-EMR-002",
        name="emr-at-rest-encryption-disabled",
        title="EMR security configuration does not encrypt data at rest",
        flag="EnableAtRestEncryption",
        what="encryption at rest",
        why=(
            "Data written to EMRFS on S3 and to the nodes' local disks and EBS volumes stays "
            "unencrypted, exposed through snapshots, detached volumes and the bucket's storage."
        ),
        nist=["SC-28"],
    )
)

EMR_IN_TRANSIT_UNENCRYPTED = _make(
    _Row(
        id="IAC-AWS-EMR-003",
        name="emr-in-transit-encryption-disabled",
        title="EMR security configuration does not encrypt data in transit",
        flag="EnableInTransitEncryption",
        what="encryption in transit",
        why=(
            "Shuffle data, HDFS block transfers and application traffic between the nodes "
            "cross the network in clear text, readable by anyone who can capture traffic in "
            "the VPC."
        ),
        nist=["SC-8"],
    )
)
