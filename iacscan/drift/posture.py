"""Live posture: the built-in checks over live resources, so one rule protects code and cloud.

Live resources carry Terraform types and attribute names (live.py), so every Terraform check
reads them unchanged. A finding's file is the resource's live URI
(`aws://us-east-1/aws_security_group/sg-0abc`) and its line 1.

Checks of hard-coded secrets (category `secrets`) are left out: they judge values written in
code, and the values read from the cloud that could be secrets are masked on reading.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from iacscan.check import Check
from iacscan.drift.live import LiveResources
from iacscan.engine import run_checks
from iacscan.findings import ScanResult
from iacscan.graph.model import Framework

SKIPPED_CATEGORIES = frozenset({"secrets"})


def live_posture(live: LiveResources, checks: Sequence[Check], root: Path) -> ScanResult:
    """`root` is what reports take relative paths from (live URIs are absolute)."""
    started = time.perf_counter()
    terraform = [
        c
        for c in checks
        if Framework.TERRAFORM in c.meta.targets and c.meta.category not in SKIPPED_CATEGORIES
    ]
    result = ScanResult(root=root, checks=[c.meta for c in terraform])
    findings, errors = run_checks(terraform, live.graph)
    result.findings = findings
    result.errors = errors
    result.stats.resources = len(live.graph)
    result.stats.checks_run = len(terraform)
    result.stats.seconds = time.perf_counter() - started
    return result
