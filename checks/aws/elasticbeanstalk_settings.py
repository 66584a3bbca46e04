"""Elastic Beanstalk environment option settings that must have a given value.

Options are `setting { namespace, name, value }` blocks in Terraform and `OptionSettings`
items (`Namespace`, `OptionName`, `Value`) in CloudFormation, so a plain table row cannot
reach them: each row here names the option and the safe value, and becomes its own check."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.check_table import Doc
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

_KEYS = {
    Framework.TERRAFORM: ("setting", "namespace", "name", "value"),
    Framework.CLOUDFORMATION: ("OptionSettings", "Namespace", "OptionName", "Value"),
}


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    severity: Severity
    category: str
    namespace: str
    option: str
    safe: frozenset[str]
    what: str
    doc: Doc
    remediation: str
    compliance: dict[str, list[str]]
    checkov: str


def option(environment: Resource, namespace: str, name: str) -> Field | None:
    """The value of an option setting; the setting block itself when its namespace or name
    cannot be known (it may be the option); None when not written."""
    list_key, namespace_key, name_key, value_key = _KEYS[environment.framework]
    found = None
    for setting in environment.blocks(list_key):
        if not isinstance(setting.value, dict):
            continue
        names = (setting.get(namespace_key), setting.get(name_key))
        if any(n.unknown for n in names):
            found = setting
        elif as_str(names[0].value) == namespace and as_str(names[1].value) == name:
            return setting.get(value_key)
    return found


def _violations(environment: Resource, row: _Row) -> Iterator[Violation]:
    value = option(environment, row.namespace, row.option)
    if value is None:
        # A saved configuration template may set the option instead.
        template = (
            "template_name" if environment.framework is Framework.TERRAFORM else "TemplateName"
        )
        if not environment.field(template).present:
            yield Violation(at=environment, message=f"{row.what} is not configured")
        return
    text = as_str(value.value)
    if text is not None and text.lower() not in row.safe:
        yield Violation(at=value, message=f"{row.what} is {text!r}")


def _make(row: _Row) -> Check:
    def run(resource: Resource, context: CheckContext) -> Iterable[Violation]:
        return _violations(resource, row)

    run.__doc__ = row.doc.render()
    run.__module__ = __name__
    return check(
        id=row.id,
        name=row.name,
        title=row.title,
        severity=row.severity,
        category=row.category,
        targets={
            Framework.TERRAFORM: ["aws_elastic_beanstalk_environment"],
            Framework.CLOUDFORMATION: ["AWS::ElasticBeanstalk::Environment"],
        },
        remediation=row.remediation,
        compliance=row.compliance,
        equivalents={"checkov": [row.checkov]},
        references=[
            "https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html"
        ],
    )(run)


ELASTICBEANSTALK_BASIC_HEALTH = _make(
    _Row(
        id="IAC-AWS-ELASTICBEANSTALK-001",
        name="elasticbeanstalk-enhanced-health-disabled",
        title="Elastic Beanstalk environment does not use enhanced health reporting",
        severity=Severity.LOW,
        category="logging",
        namespace="aws:elasticbeanstalk:healthreporting:system",
        option="SystemType",
        safe=frozenset({"enhanced"}),
        what="enhanced health reporting",
        doc=Doc(
            what_it_does="""
Flags Elastic Beanstalk environments whose `aws:elasticbeanstalk:healthreporting:system`
option `SystemType` is `basic`, or not set (environments created through the API default to
basic health reporting). Environments built from a saved configuration template
(`template_name`), which may set the option, and settings whose value cannot be known are not
reported.
""",
            why_is_this_bad="""
Basic health only watches the load balancer's checks: failing deployments, rising error
rates and resource exhaustion on the instances go unseen until users notice.
""",
            example="""
```hcl
resource "aws_elastic_beanstalk_environment" "web" {
  name        = "web"
  application = aws_elastic_beanstalk_application.web.name
}
```
""",
            use_instead="""
```hcl
resource "aws_elastic_beanstalk_environment" "web" {
  name        = "web"
  application = aws_elastic_beanstalk_application.web.name

  setting {
    namespace = "aws:elasticbeanstalk:healthreporting:system"
    name      = "SystemType"
    value     = "enhanced"
  }
}
```
""",
        ),
        remediation="""
Turn on enhanced health reporting.

```hcl
setting {
  namespace = "aws:elasticbeanstalk:healthreporting:system"
  name      = "SystemType"
  value     = "enhanced"
}
```
""",
        compliance={"nist-800-53-r5": ["SI-4"]},
        checkov="CKV_AWS_312",
    )
)

ELASTICBEANSTALK_MANAGED_UPDATES = _make(
    _Row(
        id="IAC-AWS-ELASTICBEANSTALK-002",
        name="elasticbeanstalk-managed-updates-disabled",
        title="Elastic Beanstalk environment does not apply managed platform updates",
        severity=Severity.LOW,
        category="workload-security",
        namespace="aws:elasticbeanstalk:managedactions",
        option="ManagedActionsEnabled",
        safe=frozenset({"true"}),
        what="managed platform updates",
        doc=Doc(
            what_it_does="""
Flags Elastic Beanstalk environments whose `aws:elasticbeanstalk:managedactions` option
`ManagedActionsEnabled` is false, or not set (off for environments created through the API).
Environments built from a saved configuration template (`template_name`), which may set the
option, and settings whose value cannot be known are not reported.
""",
            why_is_this_bad="""
Platform updates carry the operating system, runtime and web server security patches;
without managed updates, instances keep running known-vulnerable software until someone
updates the environment by hand.
""",
            example="""
```hcl
resource "aws_elastic_beanstalk_environment" "web" {
  name        = "web"
  application = aws_elastic_beanstalk_application.web.name
}
```
""",
            use_instead="""
```hcl
resource "aws_elastic_beanstalk_environment" "web" {
  name        = "web"
  application = aws_elastic_beanstalk_application.web.name

  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "ManagedActionsEnabled"
    value     = "true"
  }

  setting {
    namespace = "aws:elasticbeanstalk:managedactions"
    name      = "PreferredStartTime"
    value     = "Sun:02:00"
  }
}
```
""",
        ),
        remediation="""
Turn on managed platform updates with a maintenance window.

```hcl
setting {
  namespace = "aws:elasticbeanstalk:managedactions"
  name      = "ManagedActionsEnabled"
  value     = "true"
}
```
""",
        compliance={"nist-800-53-r5": ["SI-2"]},
        checkov="CKV_AWS_340",
    )
)
