"""Checks for Google Cloud resources (Terraform google provider)."""
