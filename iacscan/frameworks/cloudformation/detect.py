"""Cheap, text-only recognition of CloudFormation templates (no parse, no cfn-lint import)."""

from __future__ import annotations

import re

# Top-level YAML keys start in column 0; JSON keys are quoted (an escaped `\"Key\"` inside a
# string, as in a Terraform plan carrying a template body, does not match).
_VERSION = re.compile(r'^AWSTemplateFormatVersion[ \t]*:|"AWSTemplateFormatVersion"\s*:', re.M)
_TRANSFORM = re.compile(r'^Transform[ \t]*:|"Transform"\s*:', re.M)
_SAM_VERSION = re.compile(r"AWS::Serverless-\d{4}-\d\d-\d\d")
_YAML_RESOURCES = re.compile(r"^Resources[ \t]*:", re.M)
_YAML_TYPE = re.compile(r"^[ \t]+Type[ \t]*:[ \t]*['\"]?(?:AWS|Alexa|Custom)::\w", re.M)
_JSON_RESOURCES = re.compile(r'"Resources"\s*:\s*\{')
_JSON_TYPE = re.compile(r'"Type"\s*:\s*"(?:AWS|Alexa|Custom)::\w')
_TERRAFORM_PLAN = re.compile(r'"terraform_version"\s*:')


def looks_like_cloudformation(text: str) -> bool:
    """True for text that is a CloudFormation (or SAM) template, judged from its text alone."""
    if _TERRAFORM_PLAN.search(text):
        return False
    if _VERSION.search(text):
        return True
    if _TRANSFORM.search(text) and _SAM_VERSION.search(text):
        return True
    if _YAML_RESOURCES.search(text) and _YAML_TYPE.search(text):
        return True
    return bool(_JSON_RESOURCES.search(text) and _JSON_TYPE.search(text))
