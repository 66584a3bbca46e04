"""Recognising ARM deployment templates from their text alone."""

from __future__ import annotations

import json

import pytest

from iacscan.frameworks.arm import looks_like_arm

BASE = "https://schema.management.azure.com/schemas/"


def schema_doc(schema: str, **rest: object) -> str:
    return json.dumps({"$schema": schema, "contentVersion": "1.0.0.0", **rest}, indent=2)


@pytest.mark.parametrize(
    "schema",
    [
        BASE + "2019-04-01/deploymentTemplate.json#",
        BASE + "2018-05-01/subscriptionDeploymentTemplate.json#",
        BASE + "2019-08-01/managementGroupDeploymentTemplate.json#",
        BASE + "2019-08-01/tenantDeploymentTemplate.json#",
        "http://schema.management.azure.com/schemas/2015-01-01/DeploymentTemplate.json#",
    ],
)
def test_deployment_templates_are_recognised(schema: str) -> None:
    assert looks_like_arm(schema_doc(schema, resources=[])) is True


def test_schema_need_not_come_first_and_comments_are_fine() -> None:
    text = '{\n  // made by hand\n  "resources": [],\n  "$schema": "%s"\n}' % (
        BASE + "2019-04-01/deploymentTemplate.json#"
    )
    assert looks_like_arm(text) is True


@pytest.mark.parametrize(
    "text",
    [
        schema_doc(BASE + "2019-04-01/deploymentParameters.json#", parameters={}),
        json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}),
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
        json.dumps(
            {
                "format_version": "1.2",
                "terraform_version": "1.9.0",
                "planned_values": {
                    "root_module": {
                        "resources": [
                            {
                                "type": "azurerm_resource_group_template_deployment",
                                "values": {
                                    "template_content": schema_doc(
                                        BASE + "2019-04-01/deploymentTemplate.json#"
                                    )
                                },
                            }
                        ]
                    }
                },
            }
        ),
        json.dumps({"name": "app", "$schema": "https://json.schemastore.org/package.json"}),
        '["%s"]' % (BASE + "2019-04-01/deploymentTemplate.json#"),
    ],
    ids=[
        "parameters file",
        "cloudformation json",
        "cloudformation yaml",
        "plan",
        "package",
        "list",
    ],
)
def test_other_files_are_not(text: str) -> None:
    assert looks_like_arm(text) is False
