"""Terraform plan and state JSON (`terraform show -json`, raw `terraform.tfstate`) -> graph
resources with the values Terraform computed.

The adapter is imported on first use; `looks_like_terraform_plan` is cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iacscan.frameworks.terraform_plan.detect import looks_like_terraform_plan

if TYPE_CHECKING:
    from iacscan.frameworks.terraform_plan.adapter import TerraformPlanAdapter

__all__ = ["TerraformPlanAdapter", "looks_like_terraform_plan"]


def __getattr__(name: str) -> Any:
    if name == "TerraformPlanAdapter":
        from iacscan.frameworks.terraform_plan.adapter import TerraformPlanAdapter

        return TerraformPlanAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
