"""Terraform address and reference strings, split into their parts.

`module.a[0].module.b["x"]` -> [("a", 0), ("b", "x")]; `aws_s3_bucket.b[0].id` ->
[name aws_s3_bucket, name b, index 0, name id]. Only the syntax Terraform prints is read;
anything else gives no parts (and so no edge), never an exception.
"""

from __future__ import annotations

import json
import re

from iacscan.frameworks.terraform.addresses import without_keys

__all__ = ["instance", "module_address", "module_path", "steps", "without_keys"]

InstanceKey = int | str | None
Step = tuple[str, InstanceKey]  # ("name", "b") or ("index", 0)

_STEP = re.compile(r'\.?([A-Za-z_][\w-]*)|\[("(?:[^"\\]|\\.)*"|\d+|\*)\]')


def steps(text: str) -> list[Step]:
    found: list[Step] = []
    position = 0
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None:
            return []
        name, key = match.group(1), match.group(2)
        if name is not None:
            found.append(("name", name))
        elif key == "*":
            found.append(("index", None))
        elif key.startswith('"'):
            found.append(("index", json.loads(key)))
        else:
            found.append(("index", int(key)))
        position = match.end()
    return found


def module_path(address: str) -> list[tuple[str, InstanceKey]]:
    """The module calls of a module instance address, with their instance keys."""
    calls: list[tuple[str, InstanceKey]] = []
    parts = steps(address)
    position = 0
    while position + 1 < len(parts):
        if parts[position] != ("name", "module") or parts[position + 1][0] != "name":
            return []
        name = str(parts[position + 1][1])
        position += 2
        key: InstanceKey = None
        if position < len(parts) and parts[position][0] == "index":
            key = parts[position][1]
            position += 1
        calls.append((name, key))
    return calls if position == len(parts) else []


def module_address(calls: list[tuple[str, InstanceKey]]) -> str:
    return ".".join(instance(f"module.{name}", key) for name, key in calls)


def instance(base: str, key: InstanceKey) -> str:
    if key is None:
        return base
    return f"{base}[{key}]" if isinstance(key, int) else f"{base}[{json.dumps(key)}]"
