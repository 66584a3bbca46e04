"""Normalised views that join resources (a bucket with its ACL and public access block)."""
