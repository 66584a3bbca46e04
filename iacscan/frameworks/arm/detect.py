"""Cheap, text-only recognition of ARM deployment templates (no parse)."""

from __future__ import annotations

import re

# deploymentTemplate.json, subscriptionDeploymentTemplate.json,
# managementGroupDeploymentTemplate.json, tenantDeploymentTemplate.json. Parameter files use
# deploymentParameters.json. An escaped `\"$schema\"` inside a string does not match.
_SCHEMA = re.compile(r'"\$schema"\s*:\s*"[^"]*deploymentTemplate\.json', re.I)


def looks_like_arm(text: str) -> bool:
    """True for a JSON object whose `$schema` names an ARM deployment template."""
    return text.lstrip("\ufeff \t\r\n").startswith("{") and _SCHEMA.search(text) is not None
