"""Terraform addresses without their instance keys: how a resource written once in the sources
is matched to its instances (`count`, `for_each`, module instances)."""

from __future__ import annotations

import re

_INSTANCE_KEYS = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|\d+)\]')


def without_keys(address: str) -> str:
    """`module.a[0].aws_s3_bucket.b["x"]` -> `module.a.aws_s3_bucket.b`."""
    return _INSTANCE_KEYS.sub("", address)
