"""Format adapters: each turns one IaC format into graph resources."""
