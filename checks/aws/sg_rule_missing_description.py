from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource

# type -> (the group's own description or None, inline rule lists, rule description key)
_WHERE: dict[str, tuple[str | None, tuple[str, ...], str]] = {
    "aws_security_group": ("description", ("ingress", "egress"), "description"),
    "aws_default_security_group": (None, ("ingress", "egress"), "description"),
    "aws_security_group_rule": ("description", (), ""),
    "aws_vpc_security_group_ingress_rule": ("description", (), ""),
    "aws_vpc_security_group_egress_rule": ("description", (), ""),
    "AWS::EC2::SecurityGroup": (
        "GroupDescription",
        ("SecurityGroupIngress", "SecurityGroupEgress"),
        "Description",
    ),
    "AWS::EC2::SecurityGroupIngress": ("Description", (), ""),
    "AWS::EC2::SecurityGroupEgress": ("Description", (), ""),
}


@check(
    id="IAC-AWS-EC2-028",
    name="security-group-rule-missing-description",
    title="Security group or rule has no description",
    severity=Severity.LOW,
    category="network",
    targets={
        Framework.TERRAFORM: [t for t in _WHERE if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in _WHERE if t.startswith("AWS::")],
    },
    remediation="""
        Say what each group and rule is for.

        ```hcl
        resource "aws_security_group" "web" {
          description = "Public HTTPS to the web tier"

          ingress {
            description = "HTTPS from the internet"
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["CM-8", "SC-7"]},
    equivalents={"checkov": ["CKV_AWS_23"]},
    references=["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
)
def security_group_rule_missing_description(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags security groups without a `description` (Terraform then writes the meaningless
    "Managed by Terraform"), inline `ingress` and `egress` rules without one (CloudFormation
    `SecurityGroupIngress` / `SecurityGroupEgress` items without `Description`), and separate
    rule resources (`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule`,
    `aws_vpc_security_group_egress_rule`, `AWS::EC2::SecurityGroupIngress` / `Egress`) without
    one. An empty description counts as none; an unknown one does not.

    ## Why is this bad?
    Rules nobody can explain are rules nobody dares to remove: undocumented openings pile up,
    and reviewers cannot tell an intended exposure from a mistake.

    ## Example
    ```hcl
    resource "aws_security_group_rule" "https" {
      type              = "ingress"
      security_group_id = aws_security_group.web.id
      from_port         = 443
      to_port           = 443
      protocol          = "tcp"
      cidr_blocks       = ["0.0.0.0/0"]
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_security_group_rule" "https" {
      type              = "ingress"
      description       = "HTTPS from the internet to the load balancer"
      security_group_id = aws_security_group.web.id
      from_port         = 443
      to_port           = 443
      protocol          = "tcp"
      cidr_blocks       = ["0.0.0.0/0"]
    }
    ```
    """
    own, lists, key = _WHERE[resource.type_key]
    if own is not None and _blank(resource.field(own)):
        yield Violation(at=resource.field(own), message=f"{_noun(resource)} has no description")
    for list_key in lists:
        for rule in resource.blocks(list_key):
            description = rule.get(key)
            if isinstance(rule.value, dict) and _blank(description):
                at = description if description.present else rule
                yield Violation(at=at, message=f"{list_key} rule has no description")


def _blank(field: Field) -> bool:
    if not field.present:
        return True
    return isinstance(field.value, str) and not field.value.strip()


def _noun(resource: Resource) -> str:
    return "the security group" if resource.type_key in _GROUPS else "the rule"


_GROUPS = frozenset({"aws_security_group", "AWS::EC2::SecurityGroup"})
