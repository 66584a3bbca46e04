"""The fixture Terraform project end to end: a root module calling two local modules (count and
for_each), tfvars that decide what is deployed, and a hand-written plan of the same resources.
Findings carry module addresses, the module file and line, and the same (check, address) pairs
whether the sources or the plan are scanned."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacscan.check import Check
from iacscan.discovery import DiscoveryOptions
from iacscan.findings import ScanResult
from iacscan.registry import load_checks
from iacscan.report import render_report
from iacscan.report.options import ReportOptions
from iacscan.scan import ScanConfig, scan

PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "terraform_project"
PLAN = PROJECT / "plan" / "plan.json"
ALL_CHECKS = load_checks()
# The misconfigurations the project is built to show (other checks may fire on it as well).
CHECKS = [c for c in ALL_CHECKS if c.meta.id in ("IAC-AWS-S3-001", "IAC-AWS-EC2-001")]
CHECK_METAS = [c.meta for c in CHECKS]
SOURCES_ONLY = DiscoveryOptions(exclude=("plan/*",))

# What is deployed only after evaluation: prod.auto.tfvars makes the log buckets public-read
# and opens SSH to the world on the "admin" service; the second log bucket is saved by a public
# access block in the root module that reaches it through the module's output.
EXPECTED_FROM_SOURCES = [
    (
        "IAC-AWS-EC2-001",
        'module.service_sg["admin"].aws_security_group.this',
        "modules/service_sg/main.tf",
        22,
    ),
    ("IAC-AWS-S3-001", "module.logs[0].aws_s3_bucket.this", "modules/bucket/main.tf", 16),
]


def project_scan(
    discovery: DiscoveryOptions = SOURCES_ONLY, checks: list[Check] = CHECKS
) -> ScanResult:
    result = scan([PROJECT], ScanConfig(root=PROJECT, checks=checks, discovery=discovery))
    assert (result.errors, result.notices) == ([], [])
    return result


def json_findings(result: ScanResult) -> list[dict[str, Any]]:
    report = json.loads(render_report("json", result, ReportOptions()))
    found: list[dict[str, Any]] = report["findings"]
    return found


def test_json_report_names_module_addresses_files_and_lines() -> None:
    found = json_findings(project_scan())
    assert sorted((f["check_id"], f["resource"], f["file"], f["start_line"]) for f in found) == (
        EXPECTED_FROM_SOURCES
    )
    public_read = next(f for f in found if f["check_id"] == "IAC-AWS-S3-001")
    assert (public_read["attribute"], public_read["resource_type"], public_read["framework"]) == (
        "acl",
        "aws_s3_bucket",
        "terraform",
    )


def test_findings_name_the_calling_module_block() -> None:
    result = project_scan()
    calls = sorted(
        (f.resource.address, f.resource.meta["module_call"]["line"]) for f in result.findings
    )
    assert calls == [
        ("module.logs[0].aws_s3_bucket.this", 5),
        ('module.service_sg["admin"].aws_security_group.this', 12),
    ]
    assert {f.resource.meta["module_call"]["file"] for f in result.findings} == {"main.tf"}


def test_sarif_logical_locations_carry_module_addresses() -> None:
    log = json.loads(render_report("sarif", project_scan(), ReportOptions()))
    results = log["runs"][0]["results"]
    located = sorted(
        (
            r["ruleId"],
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    )
    assert located == EXPECTED_FROM_SOURCES
    names = {r["locations"][0]["logicalLocations"][0]["name"] for r in results}
    assert names == {"this"}


def test_the_module_directories_are_not_reported_as_roots_of_their_own() -> None:
    result = project_scan()
    roots = {r.id.split("::")[0] for r in [f.resource for f in result.findings]}
    assert roots == {"."}
    assert result.stats.files_scanned["terraform"] == 4


def test_the_plan_alone_gives_the_same_findings_as_the_sources() -> None:
    """Every check, not only the two the project is built for."""
    from_sources = project_scan(checks=ALL_CHECKS).findings
    result = scan([PLAN], ScanConfig(root=PLAN.parent, checks=ALL_CHECKS))
    assert result.errors == []
    pairs = sorted((f.check.id, f.resource.address) for f in result.findings)
    assert pairs == sorted((f.check.id, f.resource.address) for f in from_sources)
    located = sorted(
        (f.check.id, f.file, f.start_line) for f in result.findings if f.check in CHECK_METAS
    )
    assert located == [("IAC-AWS-EC2-001", "plan.json", 263), ("IAC-AWS-S3-001", "plan.json", 73)]


def test_scanning_everything_reports_a_plan_kept_elsewhere_as_well() -> None:
    """A plan outside the sources' directory cannot be matched to them: both are reported,
    each finding naming its own file."""
    result = project_scan(DiscoveryOptions())
    found = sorted((f.check.id, f.resource.address, f.file) for f in result.findings)
    assert found == [
        (
            "IAC-AWS-EC2-001",
            'module.service_sg["admin"].aws_security_group.this',
            "modules/service_sg/main.tf",
        ),
        ("IAC-AWS-EC2-001", 'module.service_sg["admin"].aws_security_group.this', "plan/plan.json"),
        ("IAC-AWS-S3-001", "module.logs[0].aws_s3_bucket.this", "modules/bucket/main.tf"),
        ("IAC-AWS-S3-001", "module.logs[0].aws_s3_bucket.this", "plan/plan.json"),
    ]


def test_a_plan_beside_its_sources_points_at_the_sources(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for path in PROJECT.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(PROJECT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text())
    (copy / "plan" / "plan.json").rename(copy / "plan.json")
    result = scan([copy], ScanConfig(root=copy, checks=CHECKS))
    assert result.errors == []
    found = sorted((f.check.id, f.resource.address, f.file, f.start_line) for f in result.findings)
    assert found == EXPECTED_FROM_SOURCES
    assert {f.resource.id.split("::")[0] for f in result.findings} == {"plan.json"}
