"""Terraform plan and state JSON: detection, values (unknown after apply), addresses, edges from
the configuration, and locations from the sources beside the plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.detect import FileRole, classify, is_candidate
from iacscan.frameworks.terraform_plan import TerraformPlanAdapter
from iacscan.frameworks.terraform_plan.adapter import with_partly_known
from iacscan.frameworks.terraform_plan.values import overlay_unknown
from iacscan.graph.model import Framework, PartlyKnown, Resource, Span, Unknown
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "terraform_plan"
PROJECT_PLAN = ROOT / "fixtures" / "terraform_project" / "plan" / "plan.json"
CHECKS = load_checks()


def parse(path: Path, root: Path | None = None) -> ParseResult:
    root = root or path.parent
    rel = path.relative_to(root).as_posix()
    source = SourceFile(path, rel, path.read_text())
    directory = Path(rel).parent.as_posix()
    unit = ScanUnit(Framework.TERRAFORM_PLAN, directory, (source,), root)
    return TerraformPlanAdapter().parse(unit, ParseOptions())


def parse_text(text: str, name: str = "plan.json") -> ParseResult:
    source = SourceFile(Path("/nowhere") / name, name, text)
    unit = ScanUnit(Framework.TERRAFORM_PLAN, ".", (source,), Path("/nowhere"))
    return TerraformPlanAdapter().parse(unit, ParseOptions())


def by_address(result: ParseResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}


def edges(result: ParseResult) -> set[tuple[str, str, str, tuple[Any, ...]]]:
    return {
        (e.source.split("::")[1], e.target.split("::")[1], e.kind, e.path) for e in result.edges
    }


def findings(paths: list[Path], root: Path) -> list[tuple[str, str, str, int]]:
    result = scan(paths, ScanConfig(root=root, checks=CHECKS))
    assert result.errors == []
    return sorted((f.check.id, f.resource.address, f.file, f.start_line) for f in result.findings)


# detection


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("plan.json", PROJECT_PLAN.read_text(), Framework.TERRAFORM_PLAN),
        ("state.json", (DATA / "state.json").read_text(), Framework.TERRAFORM_PLAN),
        ("terraform.tfstate", (DATA / "terraform.tfstate").read_text(), Framework.TERRAFORM_PLAN),
        (
            "template.json",
            '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}',
            Framework.CLOUDFORMATION,
        ),
        (
            "azuredeploy.json",
            '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/'
            'deploymentTemplate.json#", "resources": []}',
            Framework.ARM,
        ),
        (
            "pod.json",
            '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}',
            Framework.KUBERNETES,
        ),
        ("schema.json", '{"format_version": "1.0", "provider_schemas": {}}', FileRole.OTHER),
        ("package.json", '{"name": "x", "version": "4", "resources": []}', FileRole.OTHER),
        # A plan carried as a string inside another document is not a plan.
        (
            "wrapped.json",
            json.dumps({"body": '{"format_version": "1.2", "values": {}}'}),
            FileRole.OTHER,
        ),
    ],
)
def test_plans_and_states_are_recognised_by_content(name: str, text: str, expected: Any) -> None:
    assert classify(name, text) == expected


def test_a_kubernetes_manifest_inside_a_plan_does_not_make_it_kubernetes() -> None:
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.7.5",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "values": {
                            "manifest": {
                                "apiVersion": "v1",
                                "kind": "ConfigMap",
                                "metadata": {"name": "c"},
                            }
                        }
                    }
                ]
            }
        },
    }
    assert classify("plan.json", json.dumps(plan)) is Framework.TERRAFORM_PLAN


def test_state_files_are_read_when_named_but_not_looked_for() -> None:
    assert not is_candidate("terraform.tfstate")
    assert classify("terraform.tfstate", "{}") is FileRole.OTHER


# values, addresses and lines


def test_planned_values_become_terraform_resources_with_module_addresses() -> None:
    result = parse(PROJECT_PLAN)
    assert (result.errors, result.notices) == ([], [])
    assert sorted(by_address(result)) == [
        "aws_s3_bucket_public_access_block.logs_1",
        "module.logs[0].aws_s3_bucket.this",
        "module.logs[0].aws_s3_bucket_acl.this",
        "module.logs[0].aws_s3_bucket_logging.this",
        "module.logs[0].aws_s3_bucket_policy.this",
        "module.logs[0].aws_s3_bucket_server_side_encryption_configuration.this",
        "module.logs[0].aws_s3_bucket_versioning.this",
        "module.logs[1].aws_s3_bucket.this",
        "module.logs[1].aws_s3_bucket_acl.this",
        "module.logs[1].aws_s3_bucket_logging.this",
        "module.logs[1].aws_s3_bucket_policy.this",
        "module.logs[1].aws_s3_bucket_server_side_encryption_configuration.this",
        "module.logs[1].aws_s3_bucket_versioning.this",
        'module.service_sg["admin"].aws_security_group.this',
        'module.service_sg["api"].aws_security_group.this',
    ]
    acl = by_address(result)["module.logs[0].aws_s3_bucket_acl.this"]
    assert (acl.id, acl.framework, acl.kind, acl.type, acl.name, acl.module) == (
        "plan.json::module.logs[0].aws_s3_bucket_acl.this",
        Framework.TERRAFORM,
        "resource",
        "aws_s3_bucket_acl",
        "this",
        "module.logs[0]",
    )
    assert (acl.file, acl.span, acl.span_of(("acl",))) == ("plan.json", Span(65, 77), Span(73, 73))
    assert acl.get("acl") == "public-read"
    assert isinstance(acl.get("bucket"), Unknown)  # the bucket's id: known only after apply
    assert acl.meta == {
        "origin": "plan",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "actions": ["create"],
    }


def test_nested_blocks_are_lists_and_unknown_parts_stay_unknown() -> None:
    found = by_address(parse(PROJECT_PLAN))
    group = found['module.service_sg["admin"].aws_security_group.this']
    assert "index" not in group.meta  # the module has instances, the resource has not
    assert group.get("ingress", 0, "cidr_blocks") == ["0.0.0.0/0"]
    assert group.get("ingress", 0, "from_port") == 22
    assert group.span_of(("ingress", 0, "cidr_blocks", 0)) == Span(263, 263)
    assert isinstance(group.get("egress"), Unknown)
    sse = found["module.logs[1].aws_s3_bucket_server_side_encryption_configuration.this"]
    assert sse.get("rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm") == (
        "aws:kms"
    )


def test_configuration_references_become_edges_through_modules() -> None:
    found = edges(parse(PROJECT_PLAN))
    assert (
        "aws_s3_bucket_public_access_block.logs_1",
        "module.logs[1].aws_s3_bucket.this",
        "reference",
        ("bucket",),
    ) in found
    assert (
        "module.logs[0].aws_s3_bucket_acl.this",
        "module.logs[0].aws_s3_bucket.this",
        "reference",
        ("bucket",),
    ) in found
    # Every edge stays inside its module instance, and root variables point at nothing.
    assert {
        (source, target)
        for source, target, _, _ in found
        if source.startswith("module.logs[0].") != target.startswith("module.logs[0].")
    } == set()
    # pab -> bucket, and in each bucket module its five settings resources -> the bucket (the
    # policy twice: its `bucket` and its `policy` refer to it)
    assert len(found) == 13


def test_overlay_marks_what_is_known_only_after_apply() -> None:
    values = {"a": 1, "rule": [{"x": 1}], "tags": None}
    unknown = {"id": True, "rule": [{"y": True}, {"z": True}], "tags": {"k": True}, "a": False}
    merged = overlay_unknown(values, unknown, "r")
    assert merged["a"] == 1
    assert (
        isinstance(merged["id"], Unknown)
        and merged["id"].reason == "r.id is known only after apply"
    )
    assert merged["rule"][0]["x"] == 1 and isinstance(merged["rule"][0]["y"], Unknown)
    assert isinstance(merged["rule"][1]["z"], Unknown)
    assert isinstance(merged["tags"]["k"], Unknown)
    assert values == {"a": 1, "rule": [{"x": 1}], "tags": None}  # not changed in place


def test_state_json_values_are_all_known_and_keep_their_sensitivity() -> None:
    found = by_address(parse(DATA / "state.json"))
    database = found['module.data.aws_db_instance.main["primary"]']
    assert (database.module, database.meta["index"], database.meta["origin"]) == (
        "module.data",
        "primary",
        "state",
    )
    assert database.meta["sensitive"] == {"password": True}
    assert database.get("publicly_accessible") is True
    assert database.span_of(("publicly_accessible",)) == Span(52, 52)


def test_raw_state_instances_and_dependencies() -> None:
    result = parse(DATA / "terraform.tfstate")
    found = by_address(result)
    acl = found["module.web[0].aws_s3_bucket_acl.logs[0]"]
    assert (acl.module, acl.meta["index"], acl.span, acl.get("acl")) == (
        "module.web[0]",
        0,
        Span(33, 43),
        "public-read",
    )
    assert edges(result) == {
        ("module.web[0].aws_s3_bucket_acl.logs[0]", "aws_s3_bucket.logs", "reference", ())
    }


def test_data_sources_read_during_the_plan_come_from_the_prior_state() -> None:
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.7.5",
        "planned_values": {"root_module": {}},
        "prior_state": {
            "values": {
                "root_module": {
                    "resources": [
                        {
                            "address": "data.aws_caller_identity.me",
                            "mode": "data",
                            "type": "aws_caller_identity",
                            "name": "me",
                            "values": {"account_id": "111122223333"},
                        }
                    ]
                }
            }
        },
    }
    (identity,) = parse_text(json.dumps(plan)).resources
    assert (identity.address, identity.kind, identity.type_key) == (
        "data.aws_caller_identity.me",
        "data",
        "data.aws_caller_identity",
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '{\n  "format_version": "1.2",\n  "values": [\n}',
            4,
            "invalid JSON: expected a value, got '}'",
        ),
        (
            '{"format_version": "2.0",\n "values": {}}',
            1,
            "format_version 2.0 is not supported (1.x is); not scanned",
        ),
        ('[{"format_version": "1.0"}]', 1, "a Terraform plan or state must be a JSON object"),
        (
            '{"terraform_version": "1.7.5"}',
            1,
            "not a Terraform plan or state (no planned_values, values or resources)",
        ),
    ],
)
def test_documents_that_cannot_be_read_are_errors(text: str, line: int, message: str) -> None:
    result = parse_text(text)
    assert [(e.file, e.line, e.message) for e in result.errors] == [("plan.json", line, message)]
    assert result.resources == []


# sources beside the plan


def test_with_sources_beside_findings_point_at_the_source_lines() -> None:
    root = DATA / "beside"
    found = findings([root], root)
    assert ("IAC-AWS-S3-001", "aws_s3_bucket.site", "main.tf", 15) in found
    # Partly known in the sources, unknown in the plan: the known Principal is still judged.
    assert ("IAC-AWS-IAM-002", "aws_s3_bucket_policy.site", "main.tf", 24) in found
    # Each finding once: the sources' own resources are replaced by the plan's.
    assert len(found) == len(set((c, a) for c, a, _, _ in found))


def test_the_plan_replaces_only_the_resources_it_holds() -> None:
    root = DATA / "beside"
    plan = parse(root / "plan.json", root)
    site = by_address(plan)["aws_s3_bucket_acl.site"]
    assert (site.id, site.file, site.span, site.span_of(("acl",))) == (
        "plan.json::aws_s3_bucket_acl.site",
        "main.tf",
        Span(13, 16, 1),
        Span(15, 15, 3),
    )
    # The configuration cannot follow `local.bucket_id`; the sources can.
    assert ("aws_s3_bucket_acl.site", "aws_s3_bucket.site", "reference", ("bucket",)) in edges(plan)
    policy = by_address(plan)["aws_s3_bucket_policy.site"].get("policy")
    assert isinstance(policy, PartlyKnown) and policy.partial["Statement"][0]["Principal"] == "*"
    result = scan([root], ScanConfig(root=root, checks=[]))
    assert result.stats.files_scanned == {"terraform": 1, "terraform_plan": 1}
    assert result.stats.resources == 5  # 3 planned resources + var.bucket_name + local.bucket_id


def test_with_partly_known_takes_only_partly_known_values_from_the_sources() -> None:
    partly = PartlyKnown({"Principal": "*"}, "arn later")
    later = Unknown("later")
    planned = {"policy": later, "name": Unknown("x"), "rules": [{"p": later}], "tags": {"a": 1}}
    written = {"policy": partly, "name": "literal", "rules": [{"p": partly}], "tags": {"a": 2}}
    merged = with_partly_known(planned, written)
    assert merged["policy"] is partly and merged["rules"][0]["p"] is partly
    assert isinstance(merged["name"], Unknown) and merged["tags"] == {"a": 1}
