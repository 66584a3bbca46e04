"""Hostile inputs that would otherwise crash the process, exhaust memory or recurse without end
come back as errors naming the file and the line.

The nesting cases run in a child process: before the guard in `json_marks`, libyaml's composer
crashed the interpreter with a segmentation fault past ~10,000 levels, which would take the whole
test run down instead of failing one test."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from iacscan.discovery import DiscoveryOptions
from iacscan.frameworks.json_marks import MAX_DEPTH, nesting_error
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

ARM_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
DEEP = 30_000
CHAIN = "\n".join(["  a0: &a0 [x]", *(f"  a{i}: &a{i} [*a{i - 1}]" for i in range(1, 400))])
LAUGHS = "\n".join(
    [
        '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)),
    ]
)
BUCKET = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"

CASES: dict[str, tuple[str, str]] = {
    "cfn-yaml-flow": ("t.yaml", BUCKET + "      Tags: " + "[" * DEEP + "]" * DEEP + "\n"),
    "cfn-yaml-block": ("t.yaml", BUCKET + "      Tags:\n        " + "- " * DEEP + "x\n"),
    "cfn-json": (
        "t.json",
        '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": '
        + '{"a": ' * DEEP
        + "1"
        + "}" * DEEP
        + "}}}",
    ),
    "cfn-alias-chain": ("t.yaml", "Metadata:\n" + CHAIN + "\n" + BUCKET + "      Tags: *a399\n"),
    "cfn-billion-laughs": (
        "t.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n"
        + LAUGHS
        + "\n"
        + BUCKET
        + "      Tags: *l8\n",
    ),
    "arm-json": (
        "t.json",
        f'{{"$schema": "{ARM_SCHEMA}", "resources": [{{"type": "Microsoft.Storage/'
        'storageAccounts", "name": "a", "properties": ' + "[" * DEEP + "]" * DEEP + "}]}",
    ),
    "k8s-flow": (
        "p.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  x: "
        + "[" * DEEP
        + "]" * DEEP
        + "\n",
    ),
    "k8s-billion-laughs": (
        "p.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nx:\n" + LAUGHS + "\nspec:\n  y: *l8\n",
    ),
    "tf-brackets": (
        "main.tf",
        'resource "aws_s3_bucket" "b" {\n  x = ' + "[" * DEEP + "]" * DEEP + "\n}\n",
    ),
    "tf-json": (
        "main.tf.json",
        '{"resource": {"aws_s3_bucket": {"b": {"x": ' + "[" * DEEP + "]" * DEEP + "}}}}",
    ),
}

# (kind, line, message start) of the one error each case must give.
EXPECTED: dict[str, tuple[str, int, str]] = {
    "cfn-yaml-flow": ("limit", 5, "nesting deeper than 200 levels; the template is not read"),
    "cfn-yaml-block": ("limit", 6, "nesting deeper than 200 levels; the template is not read"),
    "cfn-json": ("limit", 1, "nesting deeper than 200 levels; the template is not read"),
    "cfn-alias-chain": ("limit", 200, "nesting deeper than 200 levels; the template is not read"),
    "cfn-billion-laughs": ("parse", 1, "Template resolves to more than 250000 nodes once YAML"),
    "arm-json": ("limit", 1, "nesting deeper than 200 levels; the template is not read"),
    "k8s-flow": ("limit", 6, "nesting deeper than 200 levels"),
    "k8s-billion-laughs": ("limit", 9, "aliases expand to more than 10000 nodes"),
    "tf-brackets": ("parse", 1, "expressions are nested too deeply to read"),
    "tf-json": ("parse", 1, "the document is nested too deeply"),
}

CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from iacscan.registry import load_checks
    from iacscan.scan import ScanConfig, scan

    root = Path(sys.argv[1])
    out = {}
    for case in sorted(p for p in root.iterdir() if p.is_dir()):
        result = scan([case], ScanConfig(root=case, checks=load_checks()))
        out[case.name] = {
            "errors": [[e.file, e.kind, e.line, e.message] for e in result.errors],
            "resources": result.stats.resources,
        }
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    for name, (file_name, text) in CASES.items():
        (root / name).mkdir()
        (root / name / file_name).write_text(text)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_nesting_and_aliases_are_errors_not_crashes(
    scanned: dict[str, Any], case: str
) -> None:
    kind, line, message = EXPECTED[case]
    [(file, got_kind, got_line, got_message)] = scanned[case]["errors"]
    assert (file, got_kind, got_line) == (CASES[case][0], kind, line)
    assert got_message.startswith(message)
    assert scanned[case]["resources"] == 0


def test_nesting_guard_leaves_ordinary_templates_alone() -> None:
    deep_but_fine = BUCKET + "      Tags: " + "[" * 150 + "]" * 150 + "\n"
    assert nesting_error(deep_but_fine) is None
    too_deep = BUCKET + "      Tags: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    error = nesting_error(too_deep)
    assert error is not None and (error.line, error.kind) == (5, "limit")
    # A syntax error ends the count: the decoder reports it with its own message.
    assert nesting_error("a: }\nb: " + "[" * 300) is None


def test_a_file_over_the_size_limit_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    (tmp_path / "big.tf").write_text(
        'resource "aws_s3_bucket" "big" {\n  acl = "public-read"\n}\n' + "#" * 5000
    )
    (tmp_path / "small.tf").write_text(
        'resource "aws_s3_bucket" "small" {\n  acl = "public-read"\n}\n'
    )
    checks = [c for c in load_checks() if c.meta.id == "IAC-AWS-S3-001"]
    config = ScanConfig(
        root=tmp_path, checks=checks, discovery=DiscoveryOptions(max_file_bytes=1000)
    )
    result = scan([tmp_path], config)
    assert [(e.file, e.line, e.kind, e.message) for e in result.errors] == [
        (
            "big.tf",
            0,
            "limit",
            "file is 5057 bytes, above the limit of 1000; raise it with --max-file-size",
        )
    ]
    assert [(f.file, f.start_line, f.resource.address) for f in result.findings] == [
        ("small.tf", 2, "aws_s3_bucket.small")
    ]


def test_max_file_size_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "big.tf").write_text("#" * 2000)
    (tmp_path / "small.tf").write_text(
        'resource "aws_s3_bucket" "small" {\n  acl = "public-read"\n}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "iacscan", "scan", ".", "-o", "json", "--max-file-size", "1000",
         "--check", "IAC-AWS-S3-001"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert done.returncode == 3, done.stderr  # incomplete results
    assert [(e["file"], e["kind"]) for e in report["errors"]] == [("big.tf", "limit")]
    assert [(f["file"], f["start_line"]) for f in report["findings"]] == [("small.tf", 2)]
