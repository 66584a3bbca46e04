"""How a scan's units get parsed: in this process or in worker processes, each under a time
limit, so that no file can crash, hang or silently drop out of a scan.

`parse_units` is the entry point; `ExecutionOptions` says how (time limit, worker processes).
"""

from iacscan.execution.options import DEFAULT_PARSE_TIMEOUT, ExecutionOptions
from iacscan.execution.runner import parse_units
from iacscan.execution.single import parse_unit

__all__ = ["DEFAULT_PARSE_TIMEOUT", "ExecutionOptions", "parse_unit", "parse_units"]
