"""The benchmark's synthetic corpus: deterministic, every format, the requested size, realistic
file sizes, and readable by iacscan's adapters. No timing assertions: bench/run.py measures."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench import corpus
from bench.hcl import Call, Raw, block, render_file
from bench.yamlish import get_att, ref, sub, to_json, to_yaml, to_yaml_documents
from iacscan.frameworks.detect import FileRole, classify
from iacscan.graph.model import Framework

KIND_OF_FOLDER = {
    "terraform": Framework.TERRAFORM,
    "cloudformation": Framework.CLOUDFORMATION,
    "arm": Framework.ARM,
    "kubernetes": Framework.KUBERNETES,
    "apps": FileRole.OTHER,
    "charts": FileRole.OTHER,
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, corpus.CorpusSummary]:
    root = tmp_path_factory.mktemp("corpus") / "c"
    return root, corpus.generate(root, files=200, seed=5)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_same_seed_gives_byte_identical_tree(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", files=80, seed=11)
    corpus.generate(tmp_path / "b", files=80, seed=11)
    corpus.generate(tmp_path / "c", files=80, seed=12)
    digest_a = corpus.tree_digest(tmp_path / "a")
    assert digest_a == corpus.tree_digest(tmp_path / "b")
    assert digest_a != corpus.tree_digest(tmp_path / "c")
    relative = [p.relative_to(tmp_path / "a") for p in files_under(tmp_path / "a")]
    assert relative == [p.relative_to(tmp_path / "b") for p in files_under(tmp_path / "b")]


def test_exact_file_count_and_summary(small: tuple[Path, corpus.CorpusSummary]) -> None:
    root, summary = small
    assert len(files_under(root)) == 200
    assert summary.total_files == 200
    assert summary.files == corpus.file_counts(200)
    assert corpus.file_counts(200) == {
        "terraform": 88,
        "cloudformation_yaml": 26,
        "cloudformation_json": 12,
        "arm": 22,
        "kubernetes": 44,
        "other": 8,
    }


def test_too_few_files_or_a_used_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 6 files"):
        corpus.file_counts(5)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not empty"):
        corpus.generate(tmp_path / "used", files=20)


def test_every_file_is_detected_as_the_format_it_was_written_as(
    small: tuple[Path, corpus.CorpusSummary],
) -> None:
    root, _ = small
    seen: Counter[str] = Counter()
    for path in files_under(root):
        folder = path.relative_to(root).parts[0]
        role = classify(path.name, path.read_text(encoding="utf-8"))
        assert role is KIND_OF_FOLDER[folder], path
        seen[str(role.value)] += 1
    assert seen == {
        "terraform": 88,
        "cloudformation": 38,
        "arm": 22,
        "kubernetes": 44,
        "other": 8,
    }
    suffixes = Counter(p.suffix for p in files_under(root / "cloudformation"))
    assert suffixes[".json"] == 12 and suffixes[".yaml"] + suffixes[".yml"] == 26


def test_files_are_20_to_300_lines_and_about_a_third_of_units_misconfigured(
    small: tuple[Path, corpus.CorpusSummary],
) -> None:
    root, summary = small
    for path in files_under(root):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert 20 <= lines <= 300, (path, lines)
    units = sum(summary.units.values()) - summary.units["other"]
    insecure = sum(summary.insecure_units.values())
    assert 0.2 < insecure / units < 0.45
    assert summary.insecure_units["other"] == 0
    assert all(summary.insecure_units[k] > 0 for k in summary.units if k != "other")


def test_terraform_has_multi_file_modules_child_modules_and_all_clouds(
    small: tuple[Path, corpus.CorpusSummary],
) -> None:
    root, _ = small
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "terraform").rglob("*.tf"))
    for needle in (
        'variable "',
        "locals {",
        "${local.name_prefix}",
        "= aws_s3_bucket.",
        "jsonencode({",
        "ingress {",
        '"aws_db_instance"',
        '"azurerm_storage_account"',
        '"azurerm_network_security_group"',
        '"google_compute_firewall"',
        '"google_storage_bucket"',
    ):
        assert needle in text, needle
    assert re.search(r'source +\= "\./modules/', text)
    folders = Counter(p.parent for p in (root / "terraform").rglob("*.tf"))
    assert max(folders.values()) >= 3


def test_yaml_writer_round_trips_tricky_scalars() -> None:
    document = {
        "plain": "web-tier",
        "looks_bool": "yes",
        "looks_null": "null",
        "number_like": "1.0",
        "cidr": "0.0.0.0/0",
        "colon_space": "a: b",
        "trailing_colon": "foo:",
        "comment": "#x",
        "empty": "",
        "star": "*",
        "nested": [{"a": 1, "b": [True, None]}, [], {}],
    }
    assert yaml.safe_load(to_yaml(document)) == document
    docs = [{"kind": "A"}, {"kind": "B", "items": ["x"]}]
    assert list(yaml.safe_load_all(to_yaml_documents(docs))) == docs


def test_yaml_writer_uses_short_form_tags_and_json_the_long_form() -> None:
    template = {
        "Bucket": ref("Logs"),
        "Arn": get_att("Logs", "Arn"),
        "Name": sub("${AWS::StackName}-logs"),
    }
    assert to_yaml(template) == (
        'Bucket: !Ref Logs\nArn: !GetAtt Logs.Arn\nName: !Sub "${AWS::StackName}-logs"\n'
    )
    assert json.loads(to_json(template)) == {
        "Bucket": {"Ref": "Logs"},
        "Arn": {"Fn::GetAtt": ["Logs", "Arn"]},
        "Name": {"Fn::Sub": "${AWS::StackName}-logs"},
    }


def test_hcl_writer_aligns_attributes_and_writes_nested_blocks() -> None:
    text = render_file(
        [
            block(
                "resource",
                "aws_iam_policy",
                "p",
                body=[
                    ("name", "${local.name_prefix}-p"),
                    ("policy", Call("jsonencode", ({"Action": "*", "Resource": ["*"]},))),
                    block("lifecycle", body=[("prevent_destroy", True)]),
                    ("tags", Raw("local.common_tags")),
                ],
            )
        ]
    )
    assert text == (
        'resource "aws_iam_policy" "p" {\n'
        '  name = "${local.name_prefix}-p"\n'
        "  policy = jsonencode({\n"
        '    Action   = "*"\n'
        '    Resource = ["*"]\n'
        "  })\n"
        "\n"
        "  lifecycle {\n"
        "    prevent_destroy = true\n"
        "  }\n"
        "\n"
        "  tags = local.common_tags\n"
        "}\n"
    )


ADAPTERS = (
    "iacscan.frameworks.terraform.adapter",
    "iacscan.frameworks.cloudformation.adapter",
    "iacscan.frameworks.arm.adapter",
    "iacscan.frameworks.kubernetes.adapter",
)


def test_a_small_corpus_scans_without_errors(tmp_path: Path) -> None:
    for module in ADAPTERS:
        pytest.importorskip(module)
    from iacscan.registry import load_checks
    from iacscan.scan import ScanConfig, scan

    root = tmp_path / "c"
    summary = corpus.generate(root, files=40, seed=1)
    result = scan([root], ScanConfig(root=root, checks=load_checks()))
    assert [(e.file, e.line, e.message) for e in result.errors] == []
    assert dict(result.stats.files_scanned) == {
        "terraform": summary.files["terraform"],
        "cloudformation": summary.files["cloudformation_yaml"]
        + summary.files["cloudformation_json"],
        "arm": summary.files["arm"],
        "kubernetes": summary.files["kubernetes"],
    }
    assert result.stats.files_skipped == summary.files["other"]
    # Every finding sits in a file the scan read, on a real line of it.
    for finding in result.findings:
        lines = (root / finding.file).read_text(encoding="utf-8").count("\n")
        assert 1 <= finding.start_line <= lines, finding


# --- the runner's pieces that need no scanner: measuring and reading reports ---------------


def test_measured_memory_is_the_tools_own_not_the_benchmarks(tmp_path: Path) -> None:
    """On Linux a forked child's ru_maxrss starts at its parent's size; bench/spawn.py keeps the
    benchmark's own memory out of the figure."""
    from bench.measure import run_measured

    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page so it is resident
    result = run_measured([sys.executable, "-c", "print('hi')"], tmp_path / "out.txt")
    assert result.exit_code == 0
    assert (tmp_path / "out.txt").read_text() == "hi\n"
    assert result.peak_rss_mib < 100
    assert len(ballast) == 300 * 1024 * 1024


def test_a_failing_command_is_reported_with_its_stderr(tmp_path: Path) -> None:
    from bench.measure import CommandFailed, run_measured

    with pytest.raises(CommandFailed, match=r"exited with 4:\nboom"):
        run_measured(["sh", "-c", "echo boom >&2; exit 4"], tmp_path / "out.txt")
    result = run_measured(["sh", "-c", "exit 3"], tmp_path / "out.txt", ok_codes=(3,))
    assert result.exit_code == 3


def _checkov_report(check_type: str, failed: list[str], passed: list[str]) -> dict[str, object]:
    def result(check_id: str, file: str) -> dict[str, str]:
        return {"check_id": check_id, "file_path": file}

    return {
        "check_type": check_type,
        "results": {
            "failed_checks": [result(c, f"/{check_type}/a") for c in failed],
            "passed_checks": [result(c, f"/{check_type}/b") for c in passed],
        },
        "summary": {"resource_count": 3, "parsing_errors": 1},
    }


def test_checkov_reports_in_all_three_shapes_are_read(tmp_path: Path) -> None:
    from bench.outputs import checkov_summary

    path = tmp_path / "checkov.json"
    path.write_text(
        json.dumps(
            [
                _checkov_report("terraform", ["CKV_AWS_20", "CKV_AWS_19"], ["CKV_AWS_21"]),
                _checkov_report("kubernetes", ["CKV_K8S_16"], []),
            ]
        )
    )
    summary = checkov_summary(path)
    assert summary.findings == 3
    assert summary.by_framework == {
        "terraform": 2,
        "cloudformation": 0,
        "arm": 0,
        "kubernetes": 1,
    }
    assert (summary.files, summary.resources, summary.parse_errors, summary.checks) == (3, 6, 2, 4)
    path.write_text(json.dumps(_checkov_report("arm", ["CKV_AZURE_1"], [])))
    assert checkov_summary(path).by_framework["arm"] == 1
    path.write_text(json.dumps({"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}))
    assert checkov_summary(path).findings == 0


def test_checkov_crash_lines_printed_before_the_report_are_skipped(tmp_path: Path) -> None:
    from bench.outputs import ReportError, checkov_summary

    path = tmp_path / "checkov.json"
    report = json.dumps([_checkov_report("kubernetes", ["CKV_K8S_16"], [])], indent=4)
    path.write_text("'NoneType' object is not iterable\n" + report)
    assert checkov_summary(path).by_framework["kubernetes"] == 1
    path.write_text("'NoneType' object is not iterable\n")
    with pytest.raises(ReportError, match="not a JSON report"):
        checkov_summary(path)


def test_iacscan_report_is_read_and_garbage_is_refused(tmp_path: Path) -> None:
    from bench.outputs import ReportError, iacscan_summary

    path = tmp_path / "iacscan.json"
    path.write_text(
        json.dumps(
            {
                "summary": {"findings": 2, "files_scanned": 7, "resources": 9, "checks_run": 5},
                "findings": [{"framework": "arm"}, {"framework": "terraform"}],
                "errors": [{"kind": "parse"}, {"kind": "eval"}],
            }
        )
    )
    summary = iacscan_summary(path)
    assert summary.by_framework == {"terraform": 1, "cloudformation": 0, "arm": 1, "kubernetes": 0}
    assert (summary.findings, summary.files, summary.resources, summary.parse_errors) == (
        2,
        7,
        9,
        1,
    )
    path.write_text("Traceback (most recent call last):\n")
    with pytest.raises(ReportError, match="not a JSON report"):
        iacscan_summary(path)
