"""Declarative YAML policies: checks for security teams who do not write Python."""
