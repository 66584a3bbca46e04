"""Terraform module calls: local and downloaded sources, inputs, outputs, instances, edges, and
calls that are not evaluated (with a notice, never a hang)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.terraform import TerraformAdapter
from iacscan.graph.model import Framework, Resource, Span, Unknown

DATA = Path(__file__).parent / "data" / "terraform_modules"


def parse_directory(root: Path, directory: str = ".") -> ParseResult:
    folder = root / directory
    sources = tuple(
        SourceFile(path, path.relative_to(root).as_posix(), path.read_text())
        for path in sorted(folder.iterdir())
        if path.name.endswith((".tf", ".tf.json"))
    )
    unit = ScanUnit(Framework.TERRAFORM, directory, sources, root)
    return TerraformAdapter().parse(unit, ParseOptions())


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def by_address(result: ParseResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}


def edges(result: ParseResult) -> set[tuple[str, str, tuple[Any, ...]]]:
    return {(e.source.split("::")[1], e.target.split("::")[1], e.path) for e in result.edges}


def notices(result: ParseResult) -> list[tuple[str, int, str, str]]:
    return [(n.file, n.line, n.kind, n.message) for n in result.notices]


def test_local_module_instances_get_module_addresses_files_and_lines() -> None:
    result = parse_directory(DATA / "calls")
    assert (result.errors, result.notices) == ([], [])
    found = by_address(result)
    buckets = sorted(a for a in found if a.endswith("aws_s3_bucket.this"))
    assert buckets == [
        "module.logs[0].aws_s3_bucket.this",
        "module.logs[1].aws_s3_bucket.this",
        'module.sites["blog"].aws_s3_bucket.this',
        'module.sites["shop"].aws_s3_bucket.this',
    ]
    acl = found["module.logs[1].aws_s3_bucket_acl.this"]
    assert (acl.id, acl.file, acl.span, acl.module) == (
        ".::module.logs[1].aws_s3_bucket_acl.this",
        "modules/bucket/main.tf",
        Span(14, 17, 1),
        "module.logs[1]",
    )
    assert acl.get("acl") == "public-read"  # the caller's input, not the module's default
    assert acl.span_of(("acl",)) == Span(16, 16, 3)
    assert acl.meta["module_call"] == {"address": "module.logs[1]", "file": "main.tf", "line": 5}
    assert found['module.sites["shop"].aws_s3_bucket_acl.this'].get("acl") == "private"
    assert found['module.sites["shop"].aws_s3_bucket.this'].get("bucket") == "acme-shop"


def test_module_call_resources_name_their_source_and_directory() -> None:
    found = by_address(parse_directory(DATA / "calls"))
    call = found["module.logs[0]"]
    assert (call.kind, call.file, call.span.line, call.module) == ("module", "main.tf", 5, "")
    assert call.attributes == {"name": "acme-logs-0", "acl": "public-read"}
    assert call.meta == {
        "source": "./modules/bucket",
        "count": 2,
        "index": 0,
        "directory": "modules/bucket",
    }
    assert found['module.sites["blog"]'].meta["index"] == "blog"


def test_nested_modules_are_addressed_through_every_call() -> None:
    found = by_address(parse_directory(DATA / "calls"))
    nested = found['module.sites["blog"].module.grants.aws_s3_bucket_ownership_controls.this']
    assert (nested.file, nested.span.line, nested.module) == (
        "modules/grants/main.tf",
        3,
        'module.sites["blog"].module.grants',
    )
    assert nested.meta["module_call"] == {
        "address": 'module.sites["blog"].module.grants',
        "file": "modules/bucket/main.tf",
        "line": 19,
    }
    assert found['module.sites["blog"].module.grants'].meta["directory"] == "modules/grants"


def test_module_outputs_evaluate_in_the_caller() -> None:
    found = by_address(parse_directory(DATA / "calls"))
    assert found["output.first_log_bucket"].get("value") == "acme-logs-0"
    assert found["local.names"].get("value") == ["acme-blog", "acme-shop"]
    bucket_id = found["aws_s3_bucket_public_access_block.logs_1"].get("bucket")
    assert isinstance(bucket_id, Unknown)  # the output is a computed id


def test_references_through_outputs_and_inputs_become_edges() -> None:
    result = parse_directory(DATA / "calls")
    found = edges(result)
    # root -> module output -> the bucket inside the module instance
    assert (
        "aws_s3_bucket_public_access_block.logs_1",
        "module.logs[1].aws_s3_bucket.this",
        ("bucket",),
    ) in found
    assert (
        "aws_s3_bucket_public_access_block.logs_1",
        "module.logs[0].aws_s3_bucket.this",
        ("bucket",),
    ) not in found
    # module variable -> what the caller passed: a root variable, or a resource two levels up
    assert ("module.logs[0].aws_s3_bucket_acl.this", "var.logs_acl", ("acl",)) in found
    assert (
        "module.logs[0].module.grants.aws_s3_bucket_ownership_controls.this",
        "module.logs[0].aws_s3_bucket.this",
        ("bucket",),
    ) in found


def test_a_module_scanned_on_its_own_uses_its_defaults() -> None:
    found = by_address(parse_directory(DATA / "calls", "modules/bucket"))
    acl = found["aws_s3_bucket_acl.this"]
    assert (acl.id, acl.get("acl"), acl.module) == (
        "modules/bucket::aws_s3_bucket_acl.this",
        "private",
        "",
    )
    assert isinstance(found["aws_s3_bucket.this"].get("bucket"), Unknown)  # var.name: no value
    assert "module.grants.aws_s3_bucket_ownership_controls.this" in found


def test_unknown_module_count_gives_one_instance_and_unknown_outputs(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": 'variable "n" {}\nmodule "m" {\n  source = "./m"\n  count  = var.n\n'
            '  name   = "n-${count.index}"\n}\noutput "o" {\n  value = module.m[0].name\n}\n',
            "m/main.tf": 'variable "name" {}\n'
            'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n'
            'output "name" {\n  value = "n"\n}\n',
        },
    )
    found = by_address(parse_directory(root))
    assert isinstance(found["module.m.aws_s3_bucket.b"].get("bucket"), Unknown)
    assert found["module.m.aws_s3_bucket.b"].module == "module.m"
    assert isinstance(found["output.o"].get("value"), Unknown)


def test_module_cycles_and_self_references_end_with_a_notice(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": 'module "a" {\n  source = "./a"\n  x      = module.a.out\n}\n',
            "a/main.tf": 'variable "x" {}\nmodule "b" {\n  source = "../b"\n}\n'
            'output "out" {\n  value = "a"\n}\n',
            "b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
        },
    )
    result = parse_directory(root)
    assert notices(result) == [
        (
            "b/main.tf",
            1,
            "eval",
            "module.a.module.b.module.a (source ../a) not evaluated: module cycle (a -> b -> a)",
        )
    ]
    found = by_address(result)
    assert isinstance(found["module.a.var.x"].meta["value"], Unknown)


def test_nesting_deeper_than_ten_modules_is_cut_with_a_notice(tmp_path: Path) -> None:
    files = {"main.tf": 'module "m" {\n  source = "./m0"\n}\n'}
    for level in range(12):
        files[f"m{level}/main.tf"] = f'module "m" {{\n  source = "../m{level + 1}"\n}}\n'
    files["m12/main.tf"] = 'resource "aws_s3_bucket" "deep" {}\n'
    result = parse_directory(write(tmp_path, files))
    ((file, line, kind, message),) = notices(result)
    assert (file, line, kind) == ("m9/main.tf", 1, "limit")
    assert message.endswith("not evaluated: modules are nested more than 10 deep")
    deepest = max((r.address for r in result.resources), key=len)
    assert deepest == ".".join(["module.m"] * 10) + ".module.m"


def test_sources_outside_the_scan_root_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "main.tf").write_text('resource "aws_s3_bucket" "secret" {}\n')
    root = write(
        tmp_path / "repo",
        {
            "main.tf": 'module "o" {\n  source = "../outside"\n}\n',
            "link/main.tf": "",
        },
    )
    (root / "escape").symlink_to(tmp_path / "outside")
    (root / "main.tf").write_text(
        'module "o" {\n  source = "../outside"\n}\nmodule "l" {\n  source = "./escape"\n}\n'
    )
    result = parse_directory(root)
    assert notices(result) == [
        (
            "main.tf",
            1,
            "read",
            "module.o (source ../outside) not evaluated: it lies outside the scan root and is "
            "not read",
        ),
        (
            "main.tf",
            4,
            "read",
            "module.l (source ./escape) not evaluated: escape leads outside the scan root and "
            "is not read",
        ),
    ]
    assert not any("secret" in r.address for r in result.resources)


def test_remote_sources_not_downloaded_are_reported_once_per_call(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
            '  version = "5.1.0"\n  count   = 3\n}\n'
            'module "local" {\n  source   = "./local"\n  for_each = toset(["a", "b"])\n}\n'
            'output "id" {\n  value = module.vpc[0].vpc_id\n}\n',
            "local/main.tf": 'module "git" {\n  source = "git::https://example.com/m.git"\n}\n',
        },
    )
    result = parse_directory(root)
    assert notices(result) == [
        (
            "main.tf",
            1,
            "eval",
            "module.vpc (source terraform-aws-modules/vpc/aws) not evaluated: run "
            "`terraform init` to download it",
        ),
        (
            "local/main.tf",
            1,
            "eval",
            "module.local.module.git (source git::https://example.com/m.git) not evaluated: "
            "run `terraform init` to download it",
        ),
    ]
    found = by_address(result)
    assert found["module.vpc[2]"].meta == {
        "source": "terraform-aws-modules/vpc/aws",
        "version": "5.1.0",
        "count": 3,
        "index": 2,
    }
    assert isinstance(found["output.id"].get("value"), Unknown)


def test_downloaded_modules_are_read_from_the_manifest(tmp_path: Path) -> None:
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {
                "Key": "store",
                "Source": "registry.terraform.io/acme/store/aws",
                "Version": "1.2.0",
                "Dir": ".terraform/modules/store",
            },
            {
                "Key": "store.policy",
                "Source": "git::https://example.com/policy.git",
                "Dir": ".terraform/modules/store.policy",
            },
            {"Key": "escape", "Source": "acme/escape/aws", "Dir": "../../elsewhere"},
        ]
    }
    root = write(
        tmp_path,
        {
            "env/main.tf": 'module "store" {\n  source  = "acme/store/aws"\n'
            '  version = "1.2.0"\n  acl     = "public-read"\n}\n'
            'module "escape" {\n  source = "acme/escape/aws"\n}\n',
            "env/.terraform/modules/modules.json": json.dumps(manifest),
            "env/.terraform/modules/store/main.tf": 'variable "acl" {}\n'
            'resource "aws_s3_bucket_acl" "this" {\n  acl = var.acl\n}\n'
            'module "policy" {\n  source = "git::https://example.com/policy.git"\n}\n',
            "env/.terraform/modules/store.policy/main.tf": (
                'resource "aws_s3_bucket_policy" "p" {}\n'
            ),
        },
    )
    result = parse_directory(root, "env")
    found = by_address(result)
    acl = found["module.store.aws_s3_bucket_acl.this"]
    assert (acl.file, acl.span.line, acl.get("acl")) == (
        "env/.terraform/modules/store/main.tf",
        2,
        "public-read",
    )
    assert acl.meta["module_call"] == {"address": "module.store", "file": "env/main.tf", "line": 1}
    policy = found["module.store.module.policy.aws_s3_bucket_policy.p"]
    assert policy.file == "env/.terraform/modules/store.policy/main.tf"
    assert found["module.store"].meta["directory"] == "env/.terraform/modules/store"
    assert notices(result) == [
        (
            "env/main.tf",
            6,
            "read",
            "module.escape (source acme/escape/aws) not evaluated: it lies outside the scan "
            "root and is not read",
        )
    ]


def test_errors_in_module_files_name_the_module_file(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.tf": 'module "m" {\n  source = "./m"\n  count  = 2\n}\n',
            "m/good.tf": 'resource "aws_s3_bucket" "b" {}\n',
            "m/broken.tf": 'resource "aws_s3_bucket" "c" {\n  acl = \n}\n',
        },
    )
    result = parse_directory(root)
    assert [(e.file, e.line, e.kind) for e in result.errors] == [("m/broken.tf", 2, "parse")]
    assert isinstance(result.errors[0], FileError)
    assert {"module.m[0].aws_s3_bucket.b", "module.m[1].aws_s3_bucket.b"} <= set(by_address(result))


def test_a_module_file_is_parsed_once_and_its_errors_reported_each_time() -> None:
    from iacscan.frameworks.terraform.source_files import parse_source

    good = SourceFile(Path("m/a.tf"), "m/a.tf", 'resource "aws_s3_bucket" "b" {}\n')
    bad = SourceFile(Path("m/b.tf"), "m/b.tf", 'resource "aws_s3_bucket" "c" {\n  acl = \n}\n')
    first: list[FileError] = []
    again: list[FileError] = []
    assert parse_source(good, first) is parse_source(good, again)
    assert parse_source(bad, first) is None and parse_source(bad, again) is None
    assert [(e.file, e.line) for e in first] == [(e.file, e.line) for e in again] == [("m/b.tf", 2)]


def test_a_local_module_folder_without_terraform_files_is_a_notice(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "modules/empty/README.md": "# moved to the registry\n",
            "main.tf": 'module "e" {\n  source = "./modules/empty"\n}\n'
            'resource "aws_s3_bucket" "b" {\n  bucket = module.e.name\n}\n',
        },
    )
    result = parse_directory(root)
    assert notices(result) == [
        (
            "main.tf",
            1,
            "eval",
            "module.e (source ./modules/empty) not evaluated: modules/empty holds no .tf or "
            ".tf.json files",
        )
    ]
    assert isinstance(by_address(result)["aws_s3_bucket.b"].get("bucket"), Unknown)
