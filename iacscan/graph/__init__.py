"""The shared resource graph: one data model for every IaC format."""

from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import (
    MISSING,
    AttrPath,
    Field,
    Framework,
    PathPart,
    Resource,
    Span,
    Unknown,
    is_unknown,
)

__all__ = [
    "MISSING",
    "AttrPath",
    "Edge",
    "Field",
    "Framework",
    "PathPart",
    "Resource",
    "ResourceGraph",
    "Span",
    "Unknown",
    "is_unknown",
]
