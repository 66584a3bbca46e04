from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str

# Where each type keeps its metadata options, and the setting that makes it take them from
# elsewhere (a launch template) when they are not written.
_OPTIONS: dict[str, tuple[tuple[str | int, ...], str | None]] = {
    "aws_instance": (("metadata_options", 0), "launch_template"),
    "aws_launch_template": (("metadata_options", 0), None),
    "aws_launch_configuration": (("metadata_options", 0), None),
    "AWS::EC2::Instance": (("MetadataOptions",), "LaunchTemplate"),
    "AWS::EC2::LaunchTemplate": (("LaunchTemplateData", "MetadataOptions"), None),
    "AWS::AutoScaling::LaunchConfiguration": (("MetadataOptions",), None),
}
_KEYS = {
    Framework.TERRAFORM: ("http_tokens", "http_endpoint"),
    Framework.CLOUDFORMATION: ("HttpTokens", "HttpEndpoint"),
}
ACCOUNT_DEFAULTS = "aws_ec2_instance_metadata_defaults"


@check(
    id="IAC-AWS-EC2-010",
    name="ec2-imdsv1-enabled",
    title="EC2 instance metadata service allows IMDSv1",
    severity=Severity.HIGH,
    category="workload-security",
    targets={
        Framework.TERRAFORM: [t for t in _OPTIONS if not t.startswith("AWS::")],
        Framework.CLOUDFORMATION: [t for t in _OPTIONS if t.startswith("AWS::")],
    },
    remediation="""
        Require session tokens (IMDSv2) for instance metadata.

        ```hcl
        resource "aws_instance" "app" {
          ami           = data.aws_ami.al2023.id
          instance_type = "t3.micro"

          metadata_options {
            http_endpoint = "enabled"
            http_tokens   = "required"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
    equivalents={"checkov": ["CKV_AWS_79"], "tfsec": ["aws-ec2-enforce-http-token-imds"]},
    references=[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
    ],
)
def ec2_imdsv1_enabled(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags instances, launch templates and launch configurations that let software on the
    instance read the instance metadata service without a session token (IMDSv1):
    `metadata_options.http_tokens` (CloudFormation `MetadataOptions.HttpTokens`, under
    `LaunchTemplateData` for launch templates) set to `optional`, or not written. The platform
    default is `optional`, so an unwritten setting is reported, unless the metadata endpoint is
    disabled, the instance takes its options from a launch template, or an
    `aws_ec2_instance_metadata_defaults` in the configuration sets the account default
    (an AMI can also require IMDSv2; that is not visible here). Unknown values are not
    reported.

    ## Why is this bad?
    With IMDSv1, a server-side request forgery bug or an open proxy on the instance is enough
    to read the instance role's temporary credentials from `169.254.169.254`, as in the 2019
    Capital One breach. IMDSv2 needs a PUT request and a token header that such bugs cannot
    send.

    ## Example
    ```hcl
    resource "aws_launch_template" "web" {
      image_id = data.aws_ami.al2023.id

      metadata_options {
        http_tokens = "optional"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_launch_template" "web" {
      image_id = data.aws_ami.al2023.id

      metadata_options {
        http_tokens = "required"
      }
    }
    ```
    """
    path, delegate = _OPTIONS[resource.type_key]
    tokens_key, endpoint_key = _KEYS[resource.framework]
    options = resource.field(*path)
    if not options.present:
        if delegate is not None and resource.field(delegate).present:
            return
        if not _account_default_may_require(resource, context):
            yield Violation(
                at=options,
                message="metadata options are not set: IMDSv1 is allowed (tokens are optional)",
            )
        return
    endpoint = as_str(options.get(endpoint_key).value)
    if endpoint is not None and endpoint.lower() == "disabled":
        return
    tokens = options.get(tokens_key)
    yield from _judge_tokens(resource, tokens, context)


def _judge_tokens(resource: Resource, tokens: Field, context: CheckContext) -> Iterator[Violation]:
    if not tokens.present:
        if not _account_default_may_require(resource, context):
            yield Violation(at=tokens, message="http_tokens is not set: IMDSv1 is allowed")
        return
    text = as_str(tokens.value)
    if text is not None and text.lower() == "optional":
        yield Violation(at=tokens, message="http_tokens is 'optional': IMDSv1 is allowed")


def _account_default_may_require(resource: Resource, context: CheckContext) -> bool:
    """True when an account-level default in the Terraform configuration requires tokens, or
    may (it does not reach CloudFormation templates scanned alongside)."""
    if resource.framework is not Framework.TERRAFORM:
        return False
    for defaults in context.graph.of_type(Framework.TERRAFORM, ACCOUNT_DEFAULTS):
        tokens = defaults.field("http_tokens")
        if tokens.unknown or as_str(tokens.value) == "required":
            return True
    return False
