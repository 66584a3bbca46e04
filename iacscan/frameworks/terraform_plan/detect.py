"""Cheap, text-only recognition of Terraform plan and state JSON (no parse).

`terraform show -json` writes `format_version` with `planned_values` (a plan) or `values` (a
state), and always `terraform_version`; a raw state file (`terraform.tfstate`) has `version`
3 or 4 with `lineage` and `resources`. Keys are matched quoted and unescaped, so a plan held
as a string inside another JSON document does not match.
"""

from __future__ import annotations

import re

_FORMAT_VERSION = re.compile(r'"format_version"\s*:\s*"\d')
_SHOW_KEYS = re.compile(r'"(?:planned_values|values|terraform_version|resource_changes)"\s*:')
_STATE_VERSION = re.compile(r'"version"\s*:\s*[34]\s*[,}]')
_LINEAGE = re.compile(r'"lineage"\s*:\s*"')
_RESOURCES = re.compile(r'"resources"\s*:\s*\[')


def looks_like_terraform_plan(text: str) -> bool:
    """True for a JSON object that is `terraform show -json` output or a raw state file."""
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return False
    if _FORMAT_VERSION.search(text) and _SHOW_KEYS.search(text):
        return True
    return bool(_STATE_VERSION.search(text) and _LINEAGE.search(text) and _RESOURCES.search(text))
