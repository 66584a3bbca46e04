"""Settings every reporter accepts."""

from __future__ import annotations

from dataclasses import dataclass

from iacscan import __version__

# Where SARIF consumers send users who want to know more about the tool.
INFORMATION_URI = "https://github.com/iacscan/iacscan"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """`color` adds ANSI colours to text output; `quiet` keeps only findings and errors."""

    color: bool = False
    quiet: bool = False
    tool_version: str = __version__
    information_uri: str = INFORMATION_URI
