"""How a scan parses its units: time limit, worker processes, parse cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A 5 MB Terraform file (the default size limit) parses in ~15 s; a pathological one never ends.
DEFAULT_PARSE_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class ExecutionOptions:
    """`parse_timeout`: seconds a file may take to parse (a Terraform module gets that much per
    file), None for no limit. `jobs`: worker processes, 0 for one per available CPU, 1 to parse
    in this process. Scans smaller than `pool_min_files` files or `pool_min_bytes` bytes are
    parsed in this process whatever `jobs` says: starting workers would cost more than it saves.
    `cache`: reuse parse results of unchanged units from `cache_dir` (default: the per-user
    cache folder)."""

    parse_timeout: float | None = DEFAULT_PARSE_TIMEOUT
    jobs: int = 0
    cache: bool = False
    cache_dir: Path | None = None
    pool_min_files: int = 40
    pool_min_bytes: int = 200_000
