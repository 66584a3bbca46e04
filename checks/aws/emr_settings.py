"""EMR cluster settings."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Present, SettingRule, setting_check
from iacscan.graph.model import Framework

EMR_NO_SECURITY_CONFIGURATION = setting_check(
    SettingRule(
        id="IAC-AWS-EMR-001",
        name="emr-cluster-no-security-configuration",
        title="EMR cluster has no security configuration",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the security configuration",
        where={
            Framework.TERRAFORM: {"aws_emr_cluster": ("security_configuration",)},
            Framework.CLOUDFORMATION: {"AWS::EMR::Cluster": ("SecurityConfiguration",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags EMR clusters without `security_configuration` (CloudFormation
`SecurityConfiguration`). Without one, EMR applies no at-rest or in-transit encryption and no
Kerberos authentication.
""",
            why_is_this_bad="""
Data on the cluster's local disks and EBS volumes, in EMRFS output on S3, and moving between
nodes stays unencrypted, and anyone on the cluster network can read shuffle traffic.
""",
            example="""
```hcl
resource "aws_emr_cluster" "analytics" {
  name          = "analytics"
  release_label = "emr-7.2.0"
}
```
""",
            use_instead="""
```hcl
resource "aws_emr_cluster" "analytics" {
  name                   = "analytics"
  release_label          = "emr-7.2.0"
  security_configuration = aws_emr_security_configuration.encrypted.name
}
```
""",
        ),
        remediation="""
Attach a security configuration that turns on encryption at rest and in transit.

```hcl
security_configuration = aws_emr_security_configuration.encrypted.name
```
""",
        compliance={"nist-800-53-r5": ["SC-28", "SC-8"]},
        references=[
            "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-configurations.html",
        ],
    )
)
