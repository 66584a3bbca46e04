"""Checks for Microsoft Azure resources (Terraform azurerm provider and ARM templates)."""
