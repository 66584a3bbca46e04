"""SageMaker notebook instance settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, Enabled, OneOf, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DOCS = "https://docs.aws.amazon.com/sagemaker/latest/dg"
_NOTEBOOK = {
    TERRAFORM: "aws_sagemaker_notebook_instance",
    CLOUDFORMATION: "AWS::SageMaker::NotebookInstance",
}

sagemaker_notebook_direct_internet_access = setting_check(
    SettingRule(
        id="IAC-AWS-SAGEMAKER-001",
        name="sagemaker-notebook-direct-internet-access",
        title="SageMaker notebook instance has direct internet access",
        severity=Severity.MEDIUM,
        category="network",
        what="direct internet access",
        where={
            TERRAFORM: {_NOTEBOOK[TERRAFORM]: ("direct_internet_access",)},
            CLOUDFORMATION: {_NOTEBOOK[CLOUDFORMATION]: ("DirectInternetAccess",)},
        },
        expect=OneOf(frozenset({"Disabled"})),
        doc=Doc(
            what_it_does="""
Flags SageMaker notebook instances with direct internet access: `direct_internet_access`
(CloudFormation `DirectInternetAccess`) `Enabled` or unwritten (the default is `Enabled`).
Unknown values are not reported.""",
            why_is_this_bad="""
A notebook with direct internet access reaches the internet through a SageMaker-managed
network, outside the VPC's security groups, flow logs and egress controls: training data
and credentials on the instance can be sent anywhere.""",
            example="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = aws_iam_role.sagemaker.arn
  instance_type = "ml.t3.medium"
}
```""",
            use_instead="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = aws_iam_role.sagemaker.arn
  instance_type          = "ml.t3.medium"
  subnet_id              = aws_subnet.private.id
  security_groups        = [aws_security_group.notebook.id]
  direct_internet_access = "Disabled"
}
```""",
        ),
        remediation="""
Run the notebook in a private subnet and turn direct internet access off.

```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  subnet_id              = aws_subnet.private.id
  security_groups        = [aws_security_group.notebook.id]
  direct_internet_access = "Disabled"
}
```""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_122"]},
        references=[f"{_DOCS}/appendix-notebook-and-internet-access.html"],
    )
)

sagemaker_notebook_root_access = setting_check(
    SettingRule(
        id="IAC-AWS-SAGEMAKER-002",
        name="sagemaker-notebook-root-access",
        title="SageMaker notebook instance gives users root access",
        severity=Severity.LOW,
        category="workload-security",
        what="root access",
        where={
            TERRAFORM: {_NOTEBOOK[TERRAFORM]: ("root_access",)},
            CLOUDFORMATION: {_NOTEBOOK[CLOUDFORMATION]: ("RootAccess",)},
        },
        expect=OneOf(frozenset({"Disabled"})),
        doc=Doc(
            what_it_does="""
Flags SageMaker notebook instances whose users get root: `root_access` (CloudFormation
`RootAccess`) `Enabled` or unwritten (the default is `Enabled`). Unknown values are not
reported.""",
            why_is_this_bad="""
With root, any notebook user can change the instance's software and network settings,
read other users' files and tamper with lifecycle configurations.""",
            example="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = aws_iam_role.sagemaker.arn
  instance_type = "ml.t3.medium"
}
```""",
            use_instead="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = aws_iam_role.sagemaker.arn
  instance_type = "ml.t3.medium"
  root_access   = "Disabled"
}
```""",
        ),
        remediation="""
Turn root access off (lifecycle configurations still run as root).

```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  root_access = "Disabled"
}
```""",
        compliance={"nist-800-53-r5": ["AC-6"]},
        equivalents={"checkov": ["CKV_AWS_307"]},
        references=[f"{_DOCS}/nbi-root-access.html"],
    )
)

sagemaker_notebook_not_kms_encrypted = setting_check(
    SettingRule(
        id="IAC-AWS-SAGEMAKER-003",
        name="sagemaker-notebook-not-kms-encrypted",
        title="SageMaker notebook instance storage is not encrypted with a KMS key",
        severity=Severity.LOW,
        category="encryption",
        what="KMS encryption",
        where={
            TERRAFORM: {_NOTEBOOK[TERRAFORM]: ("kms_key_id",)},
            CLOUDFORMATION: {_NOTEBOOK[CLOUDFORMATION]: ("KmsKeyId",)},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags SageMaker notebook instances without `kms_key_id` (CloudFormation `KmsKeyId`) for
their storage volume. Unknown values are not reported.""",
            why_is_this_bad="""
Notebook volumes hold copies of training data, credentials and results. Without a customer
managed key, access to that data cannot be restricted or revoked through the key.""",
            example="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = aws_iam_role.sagemaker.arn
  instance_type = "ml.t3.medium"
}
```""",
            use_instead="""
```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = aws_iam_role.sagemaker.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_key.sagemaker.id
}
```""",
        ),
        remediation="""
Encrypt the notebook volume with a customer managed key.

```hcl
resource "aws_sagemaker_notebook_instance" "research" {
  kms_key_id = aws_kms_key.sagemaker.id
}
```""",
        compliance={"nist-800-53-r5": ["SC-12", "SC-28"]},
        equivalents={"checkov": ["CKV_AWS_22"]},
        references=[f"{_DOCS}/encryption-at-rest-nbi.html"],
    )
)

sagemaker_domain_public_internet = setting_check(
    SettingRule(
        id="IAC-AWS-SAGEMAKER-004",
        name="sagemaker-domain-public-internet",
        title="SageMaker Studio domain sends app traffic over the public internet",
        severity=Severity.MEDIUM,
        category="network",
        what="app network access type",
        where={
            TERRAFORM: {"aws_sagemaker_domain": ("app_network_access_type",)},
            CLOUDFORMATION: {"AWS::SageMaker::Domain": ("AppNetworkAccessType",)},
        },
        expect=OneOf(frozenset({"VpcOnly"})),
        doc=Doc(
            what_it_does="""
Flags SageMaker Studio domains whose `app_network_access_type` (CloudFormation
`AppNetworkAccessType`) is `PublicInternetOnly` or unwritten (the default is
`PublicInternetOnly`). Unknown values are not reported.""",
            why_is_this_bad="""
With public internet access, Studio apps reach the internet through a SageMaker-managed
network, bypassing the VPC's security groups, endpoints and egress controls: data and
credentials can leave without passing any control you own.""",
            example="""
```hcl
resource "aws_sagemaker_domain" "studio" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = aws_vpc.ml.id
  subnet_ids  = aws_subnet.private[*].id

  default_user_settings {
    execution_role = aws_iam_role.sagemaker.arn
  }
}
```""",
            use_instead="""
```hcl
resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = aws_vpc.ml.id
  subnet_ids              = aws_subnet.private[*].id
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = aws_iam_role.sagemaker.arn
  }
}
```""",
        ),
        remediation="""
Route Studio traffic through the VPC (add VPC endpoints or a NAT for what it must reach).

```hcl
resource "aws_sagemaker_domain" "studio" {
  app_network_access_type = "VpcOnly"
}
```""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        references=[f"{_DOCS}/studio-notebooks-and-internet-access.html"],
    )
)

sagemaker_model_network_isolation_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-SAGEMAKER-005",
        name="sagemaker-model-network-isolation-disabled",
        title="SageMaker model containers can make network calls",
        severity=Severity.LOW,
        category="network",
        what="network isolation",
        where={
            TERRAFORM: {"aws_sagemaker_model": ("enable_network_isolation",)},
            CLOUDFORMATION: {"AWS::SageMaker::Model": ("EnableNetworkIsolation",)},
        },
        expect=Enabled(default=False),
        doc=Doc(
            what_it_does="""
Flags SageMaker models without network isolation: `enable_network_isolation`
(CloudFormation `EnableNetworkIsolation`) false or unwritten (the default is off). Unknown
values are not reported.""",
            why_is_this_bad="""
Inference containers often run third-party code and models. Without network isolation they
can make outbound calls, so a malicious or compromised model can send the data it is asked
to score anywhere.""",
            example="""
```hcl
resource "aws_sagemaker_model" "scoring" {
  name               = "scoring"
  execution_role_arn = aws_iam_role.sagemaker.arn

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring:1.4.2"
  }
}
```""",
            use_instead="""
```hcl
resource "aws_sagemaker_model" "scoring" {
  name                     = "scoring"
  execution_role_arn       = aws_iam_role.sagemaker.arn
  enable_network_isolation = true

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring:1.4.2"
  }
}
```""",
        ),
        remediation="""
Isolate the model containers from the network.

```hcl
resource "aws_sagemaker_model" "scoring" {
  enable_network_isolation = true
}
```""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_370"]},
        references=[f"{_DOCS}/mkt-algo-model-internet-free.html"],
    )
)
