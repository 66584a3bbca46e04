"""Terraform: HCL and JSON configuration directories -> graph resources.

The adapter is imported on first use: importing a light submodule (`roots`) must not load the
HCL parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacscan.frameworks.terraform.adapter import TerraformAdapter

__all__ = ["TerraformAdapter"]


def __getattr__(name: str) -> Any:
    if name == "TerraformAdapter":
        from iacscan.frameworks.terraform.adapter import TerraformAdapter

        return TerraformAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
