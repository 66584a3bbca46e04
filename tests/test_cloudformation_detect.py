"""Recognising CloudFormation templates from their text alone."""

from __future__ import annotations

import json
import textwrap

import pytest

from iacscan.frameworks.cloudformation import looks_like_cloudformation

TEMPLATES = {
    "version only": 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: empty\n',
    "yaml resources": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
    "quoted type": "Resources:\n  Skill:\n    Type: 'Alexa::ASK::Skill'\n",
    "custom type": "Resources:\n  Thing:\n    Type: Custom::Thing\n",
    "json": json.dumps({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}, indent=2),
    "json version": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}',
    "sam": "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Timeout: 3\n",
    "sam list": "Transform:\n  - AWS::LanguageExtensions\n  - AWS::Serverless-2016-10-31\n",
    "sam json": '{"Transform": ["AWS::Serverless-2016-10-31"], "Resources": {}}',
}

NOT_TEMPLATES = {
    "kubernetes": """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
                - name: web
                  resources: {limits: {cpu: 100m}}
        """,
    "workflow": """\
        name: deploy
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  cat > t.yaml <<EOF
                  AWSTemplateFormatVersion: "2010-09-09"
                  EOF
        """,
    "compose": "services:\n  web:\n    image: nginx\n    deploy:\n      resources: {}\n",
    "helm values": "replicaCount: 1\nresources:\n  limits:\n    cpu: 100m\ntype: ClusterIP\n",
    "package.json": '{"name": "app", "version": "1.0.0", "dependencies": {"aws-cdk-lib": "2"}}',
    "arm": json.dumps(
        {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
            "deploymentTemplate.json#",
            "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "s"}],
        }
    ),
    "terraform plan": json.dumps(
        {
            "format_version": "1.2",
            "terraform_version": "1.9.0",
            "planned_values": {
                "root_module": {
                    "resources": [
                        {
                            "type": "aws_cloudformation_stack",
                            "values": {
                                "template_body": json.dumps(
                                    {
                                        "AWSTemplateFormatVersion": "2010-09-09",
                                        "Resources": {"B": {"Type": "AWS::S3::Bucket"}},
                                    }
                                )
                            },
                        }
                    ]
                }
            },
        }
    ),
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_are_recognised(name: str) -> None:
    assert looks_like_cloudformation(TEMPLATES[name]) is True


@pytest.mark.parametrize("name", sorted(NOT_TEMPLATES))
def test_other_files_are_not(name: str) -> None:
    assert looks_like_cloudformation(textwrap.dedent(NOT_TEMPLATES[name])) is False


def test_embedded_template_string_alone_is_not_a_template() -> None:
    # A template body inside a JSON string is escaped; it is not this file's content.
    text = json.dumps({"body": 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}'})
    assert looks_like_cloudformation(text) is False
