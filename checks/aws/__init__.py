"""Checks for Amazon Web Services resources (Terraform aws provider and CloudFormation)."""
