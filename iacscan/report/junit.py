"""JUnit XML for CI dashboards (Jenkins, GitLab, Azure DevOps test reports).

One `<testsuite>` per framework; in it one `<testcase>` per check and resource that failed
(`<failure>` with every message and `file:line`), one per suppressed check and resource
(`<skipped>` with the reason), and one passing case per check that ran for that framework and
found nothing. Files that could not be read are `<error>` cases in a suite of their own.
ElementTree escapes text and attributes; characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import groupby

from iacscan.findings import Finding, ScanResult
from iacscan.report.common import sorted_errors, sorted_findings
from iacscan.report.options import ReportOptions

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(result: ScanResult, options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="iacscan", time=f"{result.stats.seconds:.3f}")
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in [*result.findings, *result.suppressed]:
        findings[finding.resource.framework.value].append(finding)
    scanned = {name for name, count in result.stats.files_scanned.items() if count > 0}
    for framework in sorted(scanned | set(findings)):
        _suite(root, framework, findings.get(framework, []), result)
    if result.errors:
        _error_suite(root, result)
    _totals(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(root: ET.Element, framework: str, findings: list[Finding], result: ScanResult) -> None:
    suite = ET.SubElement(root, "testsuite", name=f"iacscan.{framework}")
    ordered = sorted(sorted_findings(findings), key=lambda f: (f.check.id, f.resource.address))
    covered = set()  # checks with a case of their own in this suite
    for (check_id, address), group in groupby(
        ordered, key=lambda f: (f.check.id, f.resource.address)
    ):
        items = list(group)
        first = items[0]
        case = ET.SubElement(
            suite, "testcase", classname=f"iacscan.{framework}.{check_id}",
            name=_clean(f"{check_id} {address}"), file=_clean(first.resource.file),
        )  # fmt: skip
        active = [f for f in items if f.suppression is None]
        if active:
            details = "\n".join(f"{f.file}:{f.start_line}: {f.message}" for f in active)
            failure = ET.SubElement(
                case, "failure", message=_clean(f"{first.check.title}: {active[0].message}"),
                type=first.severity.value,
            )  # fmt: skip
            failure.text = _clean(details)
        else:
            directive = first.suppression
            reason = directive.reason if directive and directive.reason else "no reason given"
            where = directive.where if directive else ""
            ET.SubElement(case, "skipped", message=_clean(f"suppressed at {where}: {reason}"))
        covered.add(check_id)
    for check in sorted(result.checks, key=lambda c: c.id):
        ran_here = any(f.value == framework for f in check.frameworks)
        if ran_here and check.id not in covered:
            ET.SubElement(
                suite, "testcase", classname=f"iacscan.{framework}.{check.id}",
                name=_clean(f"{check.id} {check.title}"),
            )  # fmt: skip


def _error_suite(root: ET.Element, result: ScanResult) -> None:
    suite = ET.SubElement(root, "testsuite", name="iacscan.files")
    for error in sorted_errors(result.errors):
        where = f"{error.file}:{error.line}" if error.line > 0 else error.file
        case = ET.SubElement(
            suite, "testcase", classname="iacscan.files", name=_clean(f"read {error.file}"),
            file=_clean(error.file),
        )  # fmt: skip
        element = ET.SubElement(case, "error", message=_clean(error.message), type=error.kind)
        element.text = _clean(f"{where}: {error.message}")


def _totals(root: ET.Element) -> None:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root:
        counts = {
            "tests": len(suite.findall("testcase")),
            "failures": len(suite.findall("testcase/failure")),
            "errors": len(suite.findall("testcase/error")),
            "skipped": len(suite.findall("testcase/skipped")),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
