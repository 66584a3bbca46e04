"""Discovery of check fixtures: fixtures/<framework>/<CHECK_ID>/{pass,fail}*.

A case is a file (`fail.tf`, `pass_module.yaml`) or a folder (`fail/`, for multi-file
Terraform). Every fail case has `<stem>.expected.json` beside it: a list of
`{"resource": address, "line": n}` (plus `"file"` relative to a folder case when it has
several files). Pass cases expect no finding of the check. An optional `settings.json` in the
check's folder gives the scan settings the check reads (e.g. `allowed_regions`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CHECK_FRAMEWORKS = ("terraform", "cloudformation", "arm", "kubernetes")
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Case:
    framework: str
    check_id: str
    kind: str  # "pass" or "fail"
    path: Path

    @property
    def name(self) -> str:
        return f"{self.framework}/{self.check_id}/{self.path.name}"

    @property
    def expected_file(self) -> Path:
        stem = self.path.name.split(".")[0]
        return self.path.parent / f"{stem}.expected.json"

    def settings(self) -> dict[str, Any]:
        path = self.path.parent / SETTINGS_FILE
        if not path.is_file():
            return {}
        data: dict[str, Any] = json.loads(path.read_text())
        return data

    def expected(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.expected_file.read_text())
        return data


def discover_cases() -> list[Case]:
    cases = []
    for framework in CHECK_FRAMEWORKS:
        base = FIXTURES / framework
        if not base.is_dir():
            continue
        for check_dir in sorted(p for p in base.iterdir() if p.is_dir()):
            for entry in sorted(check_dir.iterdir()):
                if entry.name.endswith(".expected.json") or entry.name == SETTINGS_FILE:
                    continue
                kind = entry.name.split(".")[0].split("_")[0]
                if kind in ("pass", "fail"):
                    cases.append(Case(framework, check_dir.name, kind, entry))
    return cases
