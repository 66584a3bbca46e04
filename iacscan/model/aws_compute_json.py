"""Attributes that hold a JSON document as a string (ECS container definitions, EMR security
configurations): decoded and read like a mapping under the attribute's path.

Terraform records where the keys inside `jsonencode(...)` and heredocs are written, so fields
of the decoded value point at their own lines; elsewhere they fall back to the attribute.
"""

from __future__ import annotations

import json
from typing import Any

from iacscan.graph.model import Field, PartlyKnown


def json_field(where: Field) -> Field:
    """The attribute at `where` with its JSON string decoded (a mapping or list stays as is).
    The value is None when the text is not JSON, and stays unknown when it cannot be known,
    except for the known parts an adapter keeps of a partly unknown value."""
    return Field(where.resource, where.path, _decode(where.value))


def _decode(value: Any) -> Any:
    if isinstance(value, PartlyKnown):
        value = value.partial
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value
