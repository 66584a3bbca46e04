"""Which adapter parses which framework. A literal table, imported lazily."""

from __future__ import annotations

import importlib
from functools import cache

from iacscan.frameworks.base import Adapter
from iacscan.graph.model import Framework

_ADAPTERS: dict[Framework, tuple[str, str]] = {
    Framework.TERRAFORM: ("iacscan.frameworks.terraform", "TerraformAdapter"),
    Framework.TERRAFORM_PLAN: ("iacscan.frameworks.terraform_plan", "TerraformPlanAdapter"),
    Framework.CLOUDFORMATION: ("iacscan.frameworks.cloudformation", "CloudFormationAdapter"),
    Framework.ARM: ("iacscan.frameworks.arm", "ArmAdapter"),
    Framework.KUBERNETES: ("iacscan.frameworks.kubernetes", "KubernetesAdapter"),
}


@cache
def adapter_for(framework: Framework) -> Adapter:
    module_name, class_name = _ADAPTERS[framework]
    adapter: Adapter = getattr(importlib.import_module(module_name), class_name)()
    return adapter


def supported_frameworks() -> tuple[Framework, ...]:
    return tuple(_ADAPTERS)
