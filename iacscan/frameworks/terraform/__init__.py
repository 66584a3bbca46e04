"""Terraform: HCL and JSON configuration directories -> graph resources."""

from iacscan.frameworks.terraform.adapter import TerraformAdapter

__all__ = ["TerraformAdapter"]
