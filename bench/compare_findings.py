"""Compare iacscan's findings with Checkov's on the same files, resource by resource.

The timing benchmark (`run.py`) counts findings; this script asks whether they are the same
findings. It reads one Checkov JSON report and one iacscan JSON report of the same folder, maps
Checkov check ids to ours through the `equivalents` our checks declare, and prints, per
(file, resource):

  (a) Checkov failures whose equivalent we do not report: possible false negatives of ours
      (marked "resource unknown to iacscan" when our adapters did not produce the resource);
  (b) our findings whose Checkov equivalent passed on the same resource: possible false
      positives of ours, or false negatives of Checkov;
  (c) matching pairs whose line differs: our line lies outside the resource block Checkov reports;
  (d) Checkov failed check ids with no equivalent in our catalog, most frequent first
      (missing coverage);
  (e) files Checkov read that we skipped or failed on, and files we read that Checkov did not.

Run it with the Python that has iacscan installed (for the catalog and the file inventory):

    cd CORPUS
    checkov -d . -o json --compact --skip-download \
        --framework terraform cloudformation arm kubernetes > /tmp/checkov.json
    iacscan scan . -o json > /tmp/iacscan.json
    .venv/bin/python bench/compare_findings.py /tmp/checkov.json /tmp/iacscan.json --root CORPUS

Give Checkov no `--quiet`: (b) needs its passed checks. Run both tools from inside the corpus
with `.`; Checkov's Kubernetes runner drops files whose path contains `/.`. `--json FILE` also
writes the counts and every discrepancy as JSON, to compare two runs.

Resources are matched by file and a normalised name: the Terraform address without `[index]`,
the CloudFormation logical id, the ARM resource type (Checkov resolves ARM names through
parameter defaults, we keep the expression, so a file with two resources of one type is
compared as one), and the Kubernetes kind and name (Checkov's pod templates `Pod.ns.name.label`
and every workload kind are folded into one `workload` key). A discrepancy is a lead to read
the IaC, not a verdict.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FRAMEWORKS = ("terraform", "cloudformation", "arm", "kubernetes")
WORKLOAD_KINDS = frozenset(
    {"Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController"}
    | {"Job", "CronJob", "PodTemplate"}
)
Key = tuple[str, str]  # (file relative to the corpus, normalised resource)


@dataclass(frozen=True, slots=True)
class CheckovResult:
    check_id: str
    name: str
    passed: bool
    key: Key
    lines: tuple[int, int]


@dataclass(frozen=True, slots=True)
class OurFinding:
    check_id: str
    key: Key
    line: int
    equivalents: frozenset[str]


@dataclass(slots=True)
class Report:
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    line_differences: list[dict[str, Any]] = field(default_factory=list)
    missing_coverage: list[dict[str, Any]] = field(default_factory=list)
    files_checkov_only: list[str] = field(default_factory=list)
    files_ours_only: list[str] = field(default_factory=list)
    our_errors: list[str] = field(default_factory=list)


def _k8s_key(kind: str, name: str) -> str:
    return f"workload/{name}" if kind in WORKLOAD_KINDS else f"{kind}/{name}"


def checkov_key(framework: str, resource: str) -> str:
    if framework == "terraform":
        return re.sub(r"\[[^\]]*\]", "", resource)
    if framework == "cloudformation":
        return resource.rsplit(".", 1)[-1]
    if framework == "arm":
        slash = resource.find("/")
        dot = resource.find(".", slash)
        return (resource[:dot] if slash >= 0 and dot >= 0 else resource).lower()
    parts = resource.split(".")  # Kind.namespace.name, or Pod.namespace.owner.labels
    if len(parts) >= 3:
        return _k8s_key(parts[0], parts[2])
    return _k8s_key(parts[0], parts[-1])


def our_key(framework: str, resource: str, resource_type: str) -> str:
    if framework == "terraform":
        return re.sub(r"\[[^\]]*\]", "", resource)
    if framework == "arm":
        return resource_type.lower()
    if framework == "kubernetes":
        parts = resource.split("/")
        return _k8s_key(parts[0], parts[-1])
    return resource


def load_checkov(path: Path) -> tuple[list[CheckovResult], set[str]]:
    """Every failed and passed Checkov result of our four frameworks, and every file it read."""
    data = json.loads(path.read_text())
    reports = data if isinstance(data, list) else [data]
    results: list[CheckovResult] = []
    files: set[str] = set()
    for report in reports:
        framework = report.get("check_type", "")
        if framework not in FRAMEWORKS:
            continue
        for status in ("failed_checks", "passed_checks"):
            for item in report.get("results", {}).get(status, []):
                file = str(item["file_path"]).lstrip("/").removeprefix("./")
                files.add(file)
                start, end = item.get("file_line_range") or (0, 0)
                key = (file, checkov_key(framework, str(item["resource"])))
                results.append(
                    CheckovResult(
                        item["check_id"],
                        item.get("check_name") or "",
                        status == "passed_checks",
                        key,
                        (int(start), int(end)),
                    )
                )
    return results, files


def load_ours(path: Path, equivalents: dict[str, frozenset[str]]) -> tuple[list[OurFinding], Any]:
    data = json.loads(path.read_text())
    findings = [
        OurFinding(
            f["check_id"],
            (f["file"], our_key(f["framework"], f["resource"], f.get("resource_type", ""))),
            int(f.get("start_line") or 0),
            equivalents.get(f["check_id"], frozenset()),
        )
        for f in data.get("findings", [])
    ]
    return findings, data


def load_catalog(checks_json: Path | None) -> dict[str, frozenset[str]]:
    """Our check id -> the Checkov ids it declares equivalent."""
    if checks_json is not None:
        rows = json.loads(checks_json.read_text())
    else:
        command = [sys.executable, "-m", "iacscan", "checks", "list", "-o", "json"]
        rows = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    return {row["id"]: frozenset(row.get("equivalents", {}).get("checkov", [])) for row in rows}


def our_inventory(root: Path) -> tuple[set[str], set[Key]]:
    """The files in which our adapters found resources (and no error), and those resources."""
    from iacscan.execution.options import ExecutionOptions
    from iacscan.execution.runner import parse_units
    from iacscan.frameworks.terraform.roots import deployed_roots
    from iacscan.scan import ScanConfig, collect_units

    config = ScanConfig(root=root, checks=[])
    collected = collect_units([root], config)
    results = parse_units(collected.units, config.parse, ExecutionOptions())
    files: set[str] = set()
    keys: set[Key] = set()
    for _unit, parsed in deployed_roots(list(zip(collected.units, results, strict=True))):
        failed = {error.file for error in parsed.errors}
        for r in parsed.resources:
            keys.add((r.file, our_key(r.framework.value, r.address, r.type)))
            if r.kind == "resource" and r.file not in failed:
                files.add(r.file)
    return files, keys


def compare(
    checkov: list[CheckovResult],
    ours: list[OurFinding],
    catalog: dict[str, frozenset[str]],
    known: set[Key] | None,
) -> Report:
    report = Report()
    ours_for: dict[str, set[str]] = defaultdict(set)  # checkov id -> our ids
    for our_id, ids in catalog.items():
        for checkov_id in ids:
            ours_for[checkov_id].add(our_id)
    by_key: dict[Key, list[OurFinding]] = defaultdict(list)
    for finding in ours:
        by_key[finding.key].append(finding)
    failed: dict[Key, dict[str, CheckovResult]] = defaultdict(dict)
    passed: dict[Key, set[str]] = defaultdict(set)
    uncovered: Counter[str] = Counter()
    uncovered_at: dict[str, list[Key]] = defaultdict(list)
    names: dict[str, str] = {}
    for result in checkov:
        names[result.check_id] = result.name
        if result.passed:
            passed[result.key].add(result.check_id)
            continue
        failed[result.key][result.check_id] = result
        if not ours_for.get(result.check_id):
            uncovered[result.check_id] += 1
            uncovered_at[result.check_id].append(result.key)
            continue
        mine = [f for f in by_key.get(result.key, []) if f.check_id in ours_for[result.check_id]]
        if not mine:
            report.false_negatives.append(_fn_row(result, ours_for, known))
        for finding in mine:
            low, high = result.lines
            if low and not low <= finding.line <= high:
                report.line_differences.append(
                    {
                        "file": result.key[0],
                        "resource": result.key[1],
                        "ours": finding.check_id,
                        "checkov": result.check_id,
                        "line": finding.line,
                        "checkov_lines": [low, high],
                    }
                )
    for finding in ours:
        ids = finding.equivalents
        if ids & passed.get(finding.key, set()) and not ids & set(failed.get(finding.key, {})):
            report.false_positives.append(
                {
                    "file": finding.key[0],
                    "resource": finding.key[1],
                    "ours": finding.check_id,
                    "line": finding.line,
                    "checkov_passed": sorted(ids & passed[finding.key]),
                }
            )
    report.missing_coverage = [
        {
            "checkov": cid,
            "failures": n,
            "name": names.get(cid, ""),
            "ours_unpaired_there": _unpaired(uncovered_at[cid], by_key, failed),
        }
        for cid, n in uncovered.most_common()
    ]
    return report


def _unpaired(
    keys: list[Key], by_key: dict[Key, list[OurFinding]], failed: dict[Key, dict[str, Any]]
) -> str:
    """Our checks that fired where Checkov's uncovered check failed and that match none of
    Checkov's failures there: candidates for a missing `equivalents` entry."""
    counts: Counter[str] = Counter()
    for key in set(keys):
        for finding in by_key.get(key, []):
            if not finding.equivalents & set(failed.get(key, {})):
                counts[finding.check_id] += 1
    return ",".join(f"{cid}x{n}" for cid, n in counts.most_common(4))


def _fn_row(
    result: CheckovResult, ours_for: dict[str, set[str]], known: set[Key] | None
) -> dict[str, Any]:
    row = {
        "file": result.key[0],
        "resource": result.key[1],
        "checkov": result.check_id,
        "name": result.name,
        "ours": sorted(ours_for[result.check_id]),
    }
    if known is not None and result.key not in known:
        row["note"] = "resource unknown to iacscan"
    return row


def compare_files(report: Report, checkov_files: set[str], our_files: set[str]) -> None:
    report.files_checkov_only = sorted(checkov_files - our_files)
    report.files_ours_only = sorted(our_files - checkov_files)


def _print_rows(title: str, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    print(f"\n== {title}: {len(rows)}")
    for row in rows:
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))


def print_report(report: Report) -> None:
    _print_rows(
        "(a) Checkov fails, we do not report (possible false negatives)", report.false_negatives
    )
    _print_rows(
        "(b) we report, Checkov's equivalent passed (possible false positives)",
        report.false_positives,
    )
    _print_rows(
        "(c) matching pairs, our line outside Checkov's resource block", report.line_differences
    )
    _print_rows("(d) Checkov failures with no equivalent in our catalog", report.missing_coverage)
    print(
        f"\n== (e) files Checkov read that we skipped or failed on: "
        f"{len(report.files_checkov_only)}"
    )
    for file in report.files_checkov_only:
        print(f"  {file}")
    print(f"== (e) files we read that Checkov did not report on: {len(report.files_ours_only)}")
    for file in report.files_ours_only:
        print(f"  {file}")
    print(f"== our scan errors: {len(report.our_errors)}")
    for error in report.our_errors:
        print(f"  {error}")


def summary(report: Report, checkov: list[CheckovResult], ours: list[OurFinding]) -> dict[str, int]:
    return {
        "checkov_failed": sum(1 for r in checkov if not r.passed),
        "iacscan_findings": len(ours),
        "a_possible_false_negatives": len(report.false_negatives),
        "b_possible_false_positives": len(report.false_positives),
        "c_line_differences": len(report.line_differences),
        "d_uncovered_checkov_failures": sum(r["failures"] for r in report.missing_coverage),
        "d_uncovered_checkov_ids": len(report.missing_coverage),
        "e_files_checkov_only": len(report.files_checkov_only),
        "e_files_ours_only": len(report.files_ours_only),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkov", type=Path, help="Checkov's JSON report")
    parser.add_argument("iacscan", type=Path, help="iacscan's JSON report")
    parser.add_argument("--root", type=Path, help="the scanned folder (enables (e) and notes)")
    parser.add_argument("--checks", type=Path, help="`iacscan checks list -o json` output")
    parser.add_argument("--json", type=Path, help="also write the comparison here as JSON")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.checks)
    checkov, checkov_files = load_checkov(args.checkov)
    ours, raw = load_ours(args.iacscan, catalog)
    known = None
    our_files: set[str] = {f.key[0] for f in ours}
    if args.root is not None:
        our_files, known = our_inventory(args.root.resolve())
    report = compare(checkov, ours, catalog, known)
    compare_files(report, checkov_files, our_files)
    report.our_errors = [f"{e['file']}:{e.get('line', 0)}: {e['message']}" for e in raw["errors"]]
    print_report(report)
    counts = summary(report, checkov, ours)
    print("\n== summary\n" + "\n".join(f"  {k}: {v}" for k, v in counts.items()))
    if args.json is not None:
        payload = {"summary": counts, **{k: getattr(report, k) for k in report.__slots__}}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
