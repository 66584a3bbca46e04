"""`-o junit`: valid, escaped JUnit XML with failures, skipped (suppressed) and passing cases."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from iacscan.findings import Finding
from iacscan.report import ReportOptions, render_report
from iacscan.suppress.model import Directive
from tests.report_support import LOGS, S3_PUBLIC, assert_golden, replace_findings, sample_result

OPTIONS = ReportOptions(tool_version="1.2.3")


def _result():  # type: ignore[no-untyped-def]
    result = sample_result()
    directive = Directive("main.tf", 2, "iacscan", ("IAC-AWS-S3-004",), "archive")
    result.suppressed = [dataclasses.replace(result.findings[1], suppression=directive)]
    result.findings = [f for i, f in enumerate(result.findings) if i != 1]
    result.stats.files_scanned["cloudformation"] = 1
    return result


def test_golden() -> None:
    assert_golden("report_junit.xml", render_report("junit", _result(), OPTIONS))


def test_structure_and_counts() -> None:
    root = ET.fromstring(render_report("junit", _result(), OPTIONS))
    assert root.attrib == {
        "name": "iacscan", "time": "0.215", "tests": "8", "failures": "4", "errors": "1",
        "skipped": "1",
    }  # fmt: skip
    suites = {s.get("name"): s for s in root}
    assert list(suites) == [
        "iacscan.cloudformation", "iacscan.kubernetes", "iacscan.terraform", "iacscan.files",
    ]  # fmt: skip
    # Checks that ran for a scanned framework and found nothing pass.
    passing = suites["iacscan.cloudformation"].findall("testcase")
    assert [(c.get("name"), list(c)) for c in passing] == [
        ("IAC-AWS-RDS-006 RDS storage not encrypted", []),
        ("IAC-AWS-S3-001 S3 bucket readable by anyone", []),
    ]
    terraform = {c.get("name"): c for c in suites["iacscan.terraform"]}
    skipped = terraform["IAC-AWS-S3-004 aws_s3_bucket.logs"].find("skipped")
    assert skipped is not None and skipped.get("message") == "suppressed at main.tf:2: archive"
    failure = terraform["IAC-AWS-S3-001 aws_s3_bucket.logs"].find("failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert failure.text == 'main.tf:5: canned ACL "public-read" grants public read'


def test_hostile_text_stays_valid_xml() -> None:
    nasty = Finding(S3_PUBLIC, LOGS, "main.tf", 5, 5, 'a <b> & "c" \x00\x1b]0; ]]> \ud7ff')
    text = render_report("junit", replace_findings(sample_result(), [nasty, nasty]), OPTIONS)
    root = ET.fromstring(text)
    failure = root.find(".//failure")
    assert failure is not None
    line = 'main.tf:5: a <b> & "c" ]0; ]]> \ud7ff'
    assert failure.text == f"{line}\n{line}"  # both findings on one check and resource
