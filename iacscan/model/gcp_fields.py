"""Reading google provider attributes the way Terraform means them.

`x = null` (common in modules: `x = var.x` with a null default) means "not set, use the
provider default". The same rule lives in `azure_fields.null_as_unset`; both belong in a shared
value helper once one exists.
"""

from __future__ import annotations

from iacscan.graph.model import MISSING, Field, PathPart, Resource


def attribute(resource: Resource, *path: PathPart) -> Field:
    """The attribute at `path`, read as not written when it is null. The field keeps its
    path, so a finding still points at the line that writes the null."""
    field = resource.field(*path)
    if field.value is None:
        return Field(resource, field.path, MISSING)
    return field
