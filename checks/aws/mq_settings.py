"""Amazon MQ broker settings: one row each."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.check_table import Disabled, Doc, Enabled, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import require_enabled

_BROKER_TF = "aws_mq_broker"
_BROKER_CFN = "AWS::AmazonMQ::Broker"
_DOCS = "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/"

MQ_BROKER_PUBLIC = setting_check(
    SettingRule(
        id="IAC-AWS-MQ-001",
        name="mq-broker-publicly-accessible",
        title="Amazon MQ broker is reachable from the internet",
        severity=Severity.HIGH,
        category="public-endpoint",
        what="public accessibility",
        where={
            Framework.TERRAFORM: {_BROKER_TF: ("publicly_accessible",)},
            Framework.CLOUDFORMATION: {_BROKER_CFN: ("PubliclyAccessible",)},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Amazon MQ brokers with `publicly_accessible = true` (CloudFormation
`PubliclyAccessible: true`). The default is private.
""",
            why_is_this_bad="""
A public broker's endpoints resolve to public addresses reachable from anywhere: message
queues become a target for credential guessing and protocol exploits, and for reading or
injecting the application's messages.
""",
            example="""
```hcl
resource "aws_mq_broker" "events" {
  broker_name         = "events"
  engine_type         = "RabbitMQ"
  publicly_accessible = true
}
```
""",
            use_instead="""
```hcl
resource "aws_mq_broker" "events" {
  broker_name         = "events"
  engine_type         = "RabbitMQ"
  publicly_accessible = false
  subnet_ids          = var.private_subnet_ids
  security_groups     = [aws_security_group.mq.id]
}
```
""",
        ),
        remediation="""
Keep the broker private and reach it from inside the VPC.

```hcl
publicly_accessible = false
```
""",
        compliance={"nist-800-53-r5": ["SC-7", "AC-3"]},
        equivalents={"checkov": ["CKV_AWS_69"]},
        references=[f"{_DOCS}using-amazon-mq-securely.html"],
    )
)

MQ_BROKER_GENERAL_LOGS = setting_check(
    SettingRule(
        id="IAC-AWS-MQ-002",
        name="mq-broker-logging-disabled",
        title="Amazon MQ broker does not send general logs to CloudWatch",
        severity=Severity.LOW,
        category="logging",
        what="general logging",
        where={
            Framework.TERRAFORM: {_BROKER_TF: ("logs", 0, "general")},
            Framework.CLOUDFORMATION: {_BROKER_CFN: ("Logs", "General")},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags Amazon MQ brokers whose general logs are off: `logs.general` (CloudFormation
`Logs.General`) false or unwritten (the default is off).
""",
            why_is_this_bad="""
Without broker logs, failed connections, authentication errors and configuration changes
leave no trace: abuse of the broker cannot be noticed or investigated.
""",
            example="""
```hcl
resource "aws_mq_broker" "events" {
  broker_name = "events"
}
```
""",
            use_instead="""
```hcl
resource "aws_mq_broker" "events" {
  broker_name = "events"

  logs {
    general = true
  }
}
```
""",
        ),
        remediation="""
Publish the broker's general logs to CloudWatch Logs.

```hcl
logs {
  general = true
}
```
""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_48"]},
        references=[f"{_DOCS}security-logging-monitoring-configure-cloudwatch.html"],
    )
)

# The Terraform provider sends false when unwritten; the Amazon MQ API (CloudFormation)
# turns upgrades on when the value is not given.
_MINOR_UPGRADES = {
    Framework.TERRAFORM: ("auto_minor_version_upgrade", False),
    Framework.CLOUDFORMATION: ("AutoMinorVersionUpgrade", True),
}


@check(
    id="IAC-AWS-MQ-003",
    name="mq-broker-minor-upgrades-disabled",
    title="Amazon MQ broker does not receive minor version upgrades",
    severity=Severity.LOW,
    category="workload-security",
    targets={Framework.TERRAFORM: [_BROKER_TF], Framework.CLOUDFORMATION: [_BROKER_CFN]},
    remediation="""
        Let Amazon MQ apply minor versions in the maintenance window.

        ```hcl
        auto_minor_version_upgrade = true
        ```
    """,
    compliance={"nist-800-53-r5": ["SI-2"]},
    equivalents={"checkov": ["CKV_AWS_207"]},
    references=[f"{_DOCS}upgrading-brokers.html"],
)
def mq_broker_minor_upgrades_disabled(
    broker: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Amazon MQ brokers that do not take minor version upgrades:
    `auto_minor_version_upgrade` false or unwritten in Terraform (the provider sends false),
    `AutoMinorVersionUpgrade: false` in CloudFormation (the API's default is on).

    ## Why is this bad?
    Minor versions carry the engine's security fixes; without automatic upgrades the broker
    keeps running versions with known vulnerabilities until someone remembers to upgrade it.

    ## Example
    ```hcl
    resource "aws_mq_broker" "events" {
      broker_name = "events"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_mq_broker" "events" {
      broker_name                = "events"
      auto_minor_version_upgrade = true
    }
    ```
    """
    key, default = _MINOR_UPGRADES[broker.framework]
    yield from require_enabled(
        broker.field(key), "automatic minor version upgrades", default=default
    )
