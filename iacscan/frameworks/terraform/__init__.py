"""Terraform: HCL and JSON configuration directories -> graph resources."""
