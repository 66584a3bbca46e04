"""The comparison on hand-made inventories: IaC and plan JSON as the planned side, identity
through references, unknown values, regions, inline settings folded from parts, rule and policy
normalisation, and the ignore rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iacscan.drift.compare import compare
from iacscan.drift.diff import diff
from iacscan.drift.ignore import DEFAULT_RULES, IgnoreFileError, apply_rules, parse_rules
from iacscan.drift.inventory import Inventory, InventoryError, Link, LiveRecord
from iacscan.drift.live import live_resources
from iacscan.drift.planned import load_planned
from iacscan.drift.result import AttributeDiff, DriftEntry, DriftResult
from iacscan.drift.types import TYPES, Attr
from iacscan.graph.model import Unknown

REGION = "us-east-1"


def inventory(*records: LiveRecord, errors: list[InventoryError] | None = None) -> Inventory:
    return Inventory(
        "aws",
        "2026-01-31T09:00:00Z",
        (REGION,),
        records=list(records),
        errors=errors or [],
        account="123456789012",
        types=tuple(TYPES),
    )


def bucket(name: str, region: str = REGION, **attributes: Any) -> LiveRecord:
    return LiveRecord("aws_s3_bucket", name, region, {"bucket": name, **attributes})


def part(type_: str, name: str, **attributes: Any) -> LiveRecord:
    link = Link("aws_s3_bucket", name, ("bucket",), "parent")
    return LiveRecord(type_, name, REGION, {"bucket": name, **attributes}, links=(link,))


def group(id_: str, name: str, vpc: str, ingress: list[Any]) -> LiveRecord:
    attributes = {"id": id_, "name": name, "vpc_id": vpc, "ingress": ingress, "egress": []}
    return LiveRecord("aws_security_group", id_, REGION, attributes)


def rule(port: int, cidr: str, protocol: str = "tcp") -> dict[str, Any]:
    return {
        "protocol": protocol,
        "from_port": port,
        "to_port": port,
        "cidr_blocks": [cidr],
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "security_groups": [],
        "self": False,
        "description": "",
    }


def run(planned_path: Path, inv: Inventory, root: Path, rules: Any = ()) -> DriftResult:
    return compare(load_planned(planned_path, root), inv, live_resources(inv), list(rules))


def kinds(result: DriftResult) -> list[tuple[str, str, str, str]]:
    return [(e.kind, e.resource_type, e.id, e.address) for e in result.entries]


IAC = """\
provider "aws" {
  region = "us-east-1"
}

variable "office_cidr" {}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "gone" {
  bucket = "acme-gone"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.office_cidr]
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "data" {
  name          = "alias/data"
  target_key_id = aws_kms_key.data.key_id
}
"""


def live_account() -> Inventory:
    return inventory(
        bucket("acme-logs"),
        part(
            "aws_s3_bucket_versioning",
            "acme-logs",
            versioning_configuration=[{"status": "Suspended"}],
        ),
        part("aws_s3_bucket_acl", "acme-logs", acl="private"),
        part("aws_s3_bucket_policy", "acme-logs", policy='{"Statement": []}'),
        group("sg-1", "web", "vpc-1", [rule(443, "0.0.0.0/0"), rule(22, "0.0.0.0/0")]),
        group("sg-2", "admin", "vpc-1", [rule(22, "203.0.113.0/24"), rule(3389, "0.0.0.0/0")]),
        LiveRecord("aws_vpc", "vpc-1", REGION, {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}),
        LiveRecord("aws_vpc", "vpc-2", REGION, {"id": "vpc-2", "cidr_block": "10.9.0.0/16"}),
        LiveRecord(
            "aws_kms_key",
            "k-1",
            REGION,
            {"key_id": "k-1", "enable_key_rotation": False},
            aliases=("alias/data",),
        ),
        LiveRecord(
            "aws_kms_alias", "alias/data", REGION, {"name": "alias/data", "target_key_id": "k-1"}
        ),
    )


def test_iac_directory_matched_by_names_and_references(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(IAC, encoding="utf-8")
    result = run(tmp_path / "infra", live_account(), tmp_path)
    entries = {(e.kind, e.resource_type, e.id): e for e in result.entries}
    assert sorted(entries) == [
        ("changed", "aws_kms_key", "k-1"),
        ("changed", "aws_s3_bucket_versioning", "acme-logs"),
        ("changed", "aws_security_group", "sg-1"),
        ("missing", "aws_s3_bucket", "acme-gone"),
        # Not planned anywhere: a bucket policy added out of band.
        ("unmanaged", "aws_s3_bucket_policy", "acme-logs"),
    ]
    missing = entries[("missing", "aws_s3_bucket", "acme-gone")]
    assert (missing.file, missing.line, missing.address, missing.region) == (
        "infra/main.tf",
        18,
        "aws_s3_bucket.gone",
        REGION,
    )
    versioning = entries[("changed", "aws_s3_bucket_versioning", "acme-logs")]
    assert (versioning.file, versioning.line) == ("infra/main.tf", 11)
    assert versioning.attributes == (
        AttributeDiff("versioning_configuration[0].status", "Enabled", "Suspended", True),
    )
    # The KMS key's id is known only after apply: it is found by the alias that targets it.
    key = entries[("changed", "aws_kms_key", "k-1")]
    assert key.attributes == (AttributeDiff("enable_key_rotation", True, False, True),)
    web = entries[("changed", "aws_security_group", "sg-1")]
    ssh = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}
    assert web.attributes == (AttributeDiff("ingress", None, ssh, True),)


def test_unknown_values_are_never_drift(tmp_path: Path) -> None:
    """`admin` allows 22 from a variable: whatever the live rules, nothing is claimed about
    them (the live 3389 rule could be the variable's value for all we know)."""
    (tmp_path / "main.tf").write_text(IAC, encoding="utf-8")
    result = run(tmp_path, live_account(), tmp_path)
    assert ("aws_security_group", "sg-2") not in {(e.resource_type, e.id) for e in result.entries}


def test_ids_known_only_after_apply_are_not_missing_and_their_type_not_unmanaged(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text(IAC, encoding="utf-8")
    result = run(tmp_path, live_account(), tmp_path)
    assert dict(result.not_compared["unidentified"]) == {"aws_vpc": 1}
    # vpc-2 might be aws_vpc.main: it is not called unmanaged, only counted.
    assert dict(result.unmanaged_not_judged) == {"aws_vpc": 2}
    assert not any(e.resource_type == "aws_vpc" for e in result.entries)


def test_plan_json_planned_values_with_modules(tmp_path: Path) -> None:
    plan = {
        "format_version": "1.2",
        "planned_values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_s3_bucket.logs",
                        "mode": "managed",
                        "type": "aws_s3_bucket",
                        "name": "logs",
                        "values": {"bucket": "acme-logs", "tags": {"team": "a"}},
                    }
                ],
                "child_modules": [
                    {
                        "address": "module.net",
                        "resources": [
                            {
                                "address": "module.net.aws_security_group.web[0]",
                                "mode": "managed",
                                "type": "aws_security_group",
                                "name": "web",
                                "index": 0,
                                "values": {"name": "web", "ingress": [rule(443, "0.0.0.0/0")]},
                            }
                        ],
                    }
                ],
            }
        },
        "resource_changes": [],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2), encoding="utf-8")
    live = inventory(
        bucket("acme-logs", tags={"team": "b"}),
        group("sg-1", "web", "vpc-1", [rule(443, "0.0.0.0/0")]),
    )
    result = run(path, live, tmp_path)
    assert [(e.kind, e.address, e.file, e.line, e.attributes) for e in result.entries] == [
        (
            "changed",
            "aws_s3_bucket.logs",
            "plan.json",
            7,
            (AttributeDiff("tags.team", "a", "b", False),),
        )
    ]
    planned = load_planned(path, tmp_path)
    web = next(r for r in planned.resources if r.type == "aws_security_group")
    assert (web.address, web.module, web.span.line) == (
        "module.net.aws_security_group.web[0]",
        "module.net",
        24,
    )


def state(tmp_path: Path, *resources: dict[str, Any]) -> Path:
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps({"version": 4, "resources": list(resources)}, indent=2))
    return path


def managed(type_: str, label: str, **attributes: Any) -> dict[str, Any]:
    return {
        "mode": "managed",
        "type": type_,
        "name": label,
        "instances": [{"attributes": attributes}],
    }


def test_regions_the_inventory_did_not_read_are_out_of_scope(tmp_path: Path) -> None:
    path = state(
        tmp_path,
        managed("aws_s3_bucket", "eu", bucket="acme-eu", region="eu-west-1"),
        managed(
            "aws_lambda_function",
            "fn",
            function_name="fn",
            arn="arn:aws:lambda:eu-west-1:123456789012:function:fn",
        ),
        managed("aws_iam_role", "app", name="app"),
    )
    result = run(path, inventory(), tmp_path)
    assert {r: dict(c) for r, c in result.not_compared.items()} == {
        "out_of_scope": {"aws_s3_bucket": 1, "aws_lambda_function": 1}
    }
    # IAM has no region: a planned role not found live is missing.
    assert kinds(result) == [("missing", "aws_iam_role", "app", "aws_iam_role.app")]


def test_iac_regions_come_from_the_provider_configuration(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'provider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}\n'
        'resource "aws_s3_bucket" "home" {\n  bucket = "acme-home"\n}\n'
        'resource "aws_s3_bucket" "eu" {\n  provider = aws.eu\n  bucket   = "acme-eu"\n}\n',
        encoding="utf-8",
    )
    result = run(tmp_path, inventory(), tmp_path)
    assert kinds(result) == [("missing", "aws_s3_bucket", "acme-home", "aws_s3_bucket.home")]
    assert result.entries[0].region == REGION
    assert {r: dict(c) for r, c in result.not_compared.items()} == {
        "out_of_scope": {"aws_s3_bucket": 1}
    }


def test_incomplete_inventory_is_not_missing(tmp_path: Path) -> None:
    path = state(tmp_path, managed("aws_iam_role", "app", name="app"))
    denied = InventoryError("iam", "global", "ListRoles", "AccessDenied", "no", ("aws_iam_role",))
    result = run(path, inventory(errors=[denied]), tmp_path)
    assert result.entries == []
    assert dict(result.not_compared["unreadable"]) == {"aws_iam_role": 1}


def test_inline_settings_are_compared_with_live_parts(tmp_path: Path) -> None:
    """Provider v3 style: versioning and the inline policy written on the parent."""
    policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}'
    path = state(
        tmp_path,
        managed(
            "aws_s3_bucket",
            "logs",
            bucket="acme-logs",
            region=REGION,
            versioning=[{"enabled": True, "mfa_delete": False}],
        ),
        managed(
            "aws_iam_role", "app", name="app", inline_policy=[{"name": "read", "policy": policy}]
        ),
    )
    role_part = Link("aws_iam_role", "app", ("role",), "parent")
    live = inventory(
        bucket("acme-logs"),
        part(
            "aws_s3_bucket_versioning",
            "acme-logs",
            versioning_configuration=[{"status": "Suspended"}],
        ),
        LiveRecord("aws_iam_role", "app", "global", {"name": "app"}),
        LiveRecord(
            "aws_iam_role_policy",
            "app:read",
            "global",
            {"role": "app", "name": "read", "policy": policy},
            links=(role_part,),
        ),
        LiveRecord(
            "aws_iam_role_policy",
            "app:admin",
            "global",
            {"role": "app", "name": "admin", "policy": '{"Statement": []}'},
            links=(role_part,),
        ),
    )
    result = run(path, live, tmp_path)
    assert [(e.kind, e.resource_type, e.id, e.attributes) for e in result.entries] == [
        (
            "changed",
            "aws_iam_role",
            "app",
            (
                AttributeDiff(
                    "inline_policy", None, {"name": "admin", "policy": {"Statement": []}}, True
                ),
            ),
        ),
        (
            "changed",
            "aws_s3_bucket",
            "acme-logs",
            (AttributeDiff("versioning[0].enabled", True, False, True),),
        ),
    ]


def test_rules_compare_source_by_source_in_any_spelling() -> None:
    attr = Attr("ingress", True, "rules")
    planned = [
        {
            "protocol": "6",
            "from_port": "22",
            "to_port": 22,
            "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"],
        },
        {"protocol": "all", "from_port": 0, "to_port": 65535, "self": True},
    ]
    live = [
        {
            "protocol": "tcp",
            "from_port": 22,
            "to_port": 22,
            "cidr_blocks": ["192.168.0.0/16"],
            "description": "vpn",
        },
        {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]},
        {"protocol": "-1", "from_port": 0, "to_port": 0, "self": True},
    ]
    assert diff(attr, planned, live) == []
    live.append({"protocol": "udp", "from_port": 53, "to_port": 53, "ipv6_cidr_blocks": ["::/0"]})
    assert diff(attr, planned, live) == [
        AttributeDiff(
            "ingress",
            None,
            {"protocol": "udp", "from_port": 53, "to_port": 53, "ipv6_cidr_blocks": ["::/0"]},
            True,
        )
    ]


def test_policy_documents_compare_as_data() -> None:
    attr = Attr("policy", True, "document")
    planned = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["b", "a"]}],
        }
    )
    same = (
        '{"Statement": {"Resource": ["a", "b"], "Action": "s3:GetObject", "Effect": "Allow"},'
        ' "Version": "2012-10-17"}'
    )
    assert diff(attr, planned, same) == []
    assert len(diff(attr, planned, same.replace("GetObject", "PutObject"))) == 1


def test_values_unset_unknown_or_unread_are_not_compared() -> None:
    attr = Attr("metadata_options", True)
    planned = [{"http_tokens": "required", "http_endpoint": Unknown("var"), "hop": None}]
    live = [{"http_tokens": "required"}]
    assert diff(attr, planned, live) == []
    assert diff(Attr("size"), "20", 20) == []
    assert diff(Attr("encrypted", True), "true", True) == []
    assert diff(Attr("vpc_security_group_ids"), ["b", "a"], ["a", "b"]) == []
    assert diff(Attr("tags"), {}, None) == []


def test_secrets_are_compared_masked() -> None:
    attr = Attr("environment", True, "secret")
    planned = [{"variables": {"TOKEN": "abcd-secret-1", "MODE": "prod"}}]
    assert diff(attr, planned, [{"variables": {"TOKEN": "abcd****", "MODE": "****"}}]) == []
    assert diff(attr, planned, [{"variables": {"TOKEN": "wxyz****", "MODE": "****"}}]) == [
        AttributeDiff("environment[0].variables.TOKEN", "abcd****", "wxyz****", True)
    ]


IGNORE = """\
# team rules
unmanaged:aws_iam_role  ops-*          # break-glass roles
aws_security_group      sg-1  ingress
*                       *     tags
"""


def entry(kind: str, type_: str, id_: str, *paths: str) -> DriftEntry:
    attributes = tuple(AttributeDiff(p, 1, 2) for p in paths)
    return DriftEntry(kind, type_, id_, "", REGION, attributes)


def test_ignore_rules_drop_resources_and_attribute_paths() -> None:
    rules = parse_rules(IGNORE, ".iacscanignore-drift")
    assert [(r.kind, r.type, r.id, r.attribute, r.source) for r in rules] == [
        ("unmanaged", "aws_iam_role", "ops-*", None, ".iacscanignore-drift:2"),
        (None, "aws_security_group", "sg-1", "ingress", ".iacscanignore-drift:3"),
        (None, "*", "*", "tags", ".iacscanignore-drift:4"),
    ]
    entries = [
        entry("unmanaged", "aws_iam_role", "ops-admin"),
        entry("missing", "aws_iam_role", "ops-old"),
        entry("changed", "aws_security_group", "sg-1", "ingress", "egress"),
        entry("changed", "aws_s3_bucket", "logs", "tags.team", "tags"),
        entry("changed", "aws_instance", "i-1", "metadata_options[0].http_tokens"),
    ]
    kept, dropped = apply_rules(entries, rules)
    assert [(e.kind, e.id, [a.path for a in e.attributes]) for e in kept] == [
        ("missing", "ops-old", []),
        ("changed", "sg-1", ["egress"]),
        ("changed", "i-1", ["metadata_options[0].http_tokens"]),
    ]
    assert dropped == 4  # a role, an ingress change, a bucket's two tag changes (its entry)


def test_ignore_rule_paths_cover_what_lies_under_them() -> None:
    (rule_,) = parse_rules("* * metadata_options", "f")
    assert rule_.covers("metadata_options[0].http_tokens")
    assert not rule_.covers("metadata_options_extra")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "aws_s3_bucket a b c",
            "f:1: expected `[KIND:]TYPE [ID [ATTRIBUTE]]`, got 4 fields "
            "(globs cannot contain spaces)",
        ),
        (
            "\ngone:aws_s3_bucket",
            "f:2: unknown drift kind 'gone'; use one of missing, unmanaged, changed",
        ),
    ],
)
def test_ignore_file_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(IgnoreFileError) as caught:
        parse_rules(text, "f")
    assert str(caught.value) == message


def test_default_rules_are_for_unmanaged_resources_only() -> None:
    assert {r.kind for r in DEFAULT_RULES} == {"unmanaged"}
