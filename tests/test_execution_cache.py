"""The parse cache: unchanged units are not parsed again, anything a result depends on changes
its key, and nothing but our own private files is ever unpickled."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from iacscan.execution import ExecutionOptions, parse_units, single
from iacscan.execution.cache import ParseCache, code_fingerprint, default_folder
from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.registry import adapter_for
from iacscan.graph.model import Framework
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
BUCKET = (
    'resource "aws_s3_bucket" "b" {\n  acl = var.acl\n}\n\n'
    'variable "acl" {\n  default = "private"\n}\n'
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The directories of the units actually parsed (not served from the cache)."""
    seen: list[str] = []

    class Counting:
        def __init__(self, framework: Framework) -> None:
            self.real = adapter_for(framework)

        def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
            seen.append(unit.files[0].rel)
            return self.real.parse(unit, options)

    monkeypatch.setattr(single, "adapter_for", Counting)
    return seen


def _options(folder: Path) -> ExecutionOptions:
    return ExecutionOptions(cache=True, cache_dir=folder, jobs=1)


def _tf(directory: str, text: str, tfvars: str = "", root: Path = Path("/repo")) -> ScanUnit:
    files = (SourceFile(root / directory / "main.tf", f"{directory}/main.tf", text),)
    name = "terraform.tfvars"
    extra = (SourceFile(root / directory / name, f"{directory}/{name}", tfvars),) if tfvars else ()
    return ScanUnit(Framework.TERRAFORM, directory, files, root, extra)


def _acl(result: ParseResult) -> object:
    [bucket] = [r for r in result.resources if r.type == "aws_s3_bucket"]
    return bucket.attributes["acl"]


def test_a_second_run_parses_nothing_and_finds_the_same(tmp_path: Path, parses: list[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "tf").mkdir(parents=True)
    (repo / "tf" / "main.tf").write_text(BUCKET.replace('"private"', '"public-read"'))
    (repo / "k8s.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n")
    config = ScanConfig(root=repo, checks=load_checks(), execution=_options(tmp_path / "c"))
    first = scan([repo], config)
    assert sorted(parses) == ["k8s.yaml", "tf/main.tf"]
    second = scan([repo], config)
    assert sorted(parses) == ["k8s.yaml", "tf/main.tf"]  # nothing parsed again
    fingerprint = [(f.check.id, f.file, f.start_line, f.message) for f in first.findings]
    assert [(f.check.id, f.file, f.start_line, f.message) for f in second.findings] == fingerprint
    assert ("IAC-AWS-S3-001", "tf/main.tf", 2) in [f[:3] for f in fingerprint]


def test_every_input_of_a_unit_is_in_its_key(tmp_path: Path, parses: list[str]) -> None:
    folder = tmp_path / "c"
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('acl = "public-read"\n')
    units = [_tf("a", BUCKET)]
    edited = BUCKET.replace("private", "log-delivery-write")
    tfvars = 'acl = "authenticated-read"\n'
    variants = [
        (units, ParseOptions(), "private"),
        ([_tf("a", edited)], ParseOptions(), "log-delivery-write"),
        ([_tf("a", BUCKET, tfvars=tfvars)], ParseOptions(), "authenticated-read"),
        (units, ParseOptions(tf_vars={"acl": "bucket-owner-read"}), "bucket-owner-read"),
        (units, ParseOptions(tf_var_files=(var_file,)), "public-read"),
        ([_tf("a", BUCKET, root=Path("/elsewhere"))], ParseOptions(), "private"),
    ]  # fmt: skip
    for _ in range(2):
        for variant_units, options, acl in variants:
            [result] = parse_units(variant_units, options, _options(folder))
            assert _acl(result) == acl
        assert len(parses) == len(variants)  # the second round comes from the cache
    var_file.write_text('acl = "public-read-write"\n')  # the same path, new content
    [result] = parse_units(units, ParseOptions(tf_var_files=(var_file,)), _options(folder))
    assert _acl(result) == "public-read-write"
    assert len(parses) == len(variants) + 1


def test_modules_that_call_modules_are_never_cached(tmp_path: Path, parses: list[str]) -> None:
    caller = _tf("a", 'module "m" {\n  source = "./m"\n}\n')
    json_caller = ScanUnit(
        Framework.TERRAFORM,
        "b",
        (SourceFile(Path("b/main.tf.json"), "b/main.tf.json", '{"module": {"m": {}}}'),),
        tmp_path,
    )
    cache = ParseCache.open(tmp_path / "c")
    assert cache is not None
    assert cache.key(caller, ParseOptions()) is None
    assert cache.key(json_caller, ParseOptions()) is None
    for _ in range(2):
        parse_units([caller, json_caller], ParseOptions(), _options(tmp_path / "c"))
    assert parses == ["a/main.tf", "b/main.tf.json"] * 2


def test_a_new_version_or_edited_code_starts_a_new_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    import iacscan

    units = [_tf("a", BUCKET)]
    parse_units(units, ParseOptions(), _options(tmp_path / "c"))
    code_fingerprint.cache_clear()
    monkeypatch.setattr(iacscan, "__version__", "99.0.0")
    try:
        parse_units(units, ParseOptions(), _options(tmp_path / "c"))
    finally:
        code_fingerprint.cache_clear()
    assert parses == ["a/main.tf", "a/main.tf"]
    assert len(list((tmp_path / "c").glob("parse-*"))) == 2


def test_timeouts_and_crashes_are_not_cached(tmp_path: Path) -> None:
    cache = ParseCache.open(tmp_path / "c")
    assert cache is not None
    unit = _tf("a", BUCKET)
    slow = ExecutionOptions(cache=True, cache_dir=tmp_path / "c", parse_timeout=1e-6, jobs=1)
    [result] = parse_units([unit], ParseOptions(), slow)
    assert [e.kind for e in result.errors] == ["limit"]
    key = cache.key(unit, ParseOptions())
    assert key is not None and cache.get(key) is None


def test_the_folder_is_private_and_follows_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "iacscan"
    cache = ParseCache.open()
    assert cache is not None
    assert stat.S_IMODE((tmp_path / "xdg" / "iacscan").stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700
    key = "ab" + "0" * 62
    cache.put(key, ParseResult())
    assert stat.S_IMODE((cache.folder / "ab" / f"{key}.pickle").stat().st_mode) == 0o600


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert ParseCache.open(folder) is None
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real").mkdir(mode=0o700)
    assert ParseCache.open(link) is None  # a link could be pointed elsewhere later


@pytest.mark.skipif(not AS_ROOT, reason="needs root to give files to another user")
def test_a_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    assert ParseCache.open(folder) is None


class _Planted:
    """Unpickling this runs code: what an attacker would put in a shared cache."""

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(os.environ["IACSCAN_TEST_MARKER"]), "pwned"))  # type: ignore[return-value]


def test_entries_we_did_not_write_are_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "marker"
    monkeypatch.setenv("IACSCAN_TEST_MARKER", str(marker))
    cache = ParseCache.open(tmp_path / "c")
    assert cache is not None
    keys = ["aa" + "1" * 62, "bb" + "2" * 62, "cc" + "3" * 62]
    for key in keys:
        (cache.folder / key[:2]).mkdir()
    # Writable by others, linked from elsewhere, owned by someone else (as root).
    writable = cache.folder / "aa" / f"{keys[0]}.pickle"
    writable.write_bytes(pickle.dumps(_Planted()))
    writable.chmod(0o666)
    outside = tmp_path / "outside.pickle"
    outside.write_bytes(pickle.dumps(_Planted()))
    outside.chmod(0o600)
    (cache.folder / "bb" / f"{keys[1]}.pickle").symlink_to(outside)
    foreign = cache.folder / "cc" / f"{keys[2]}.pickle"
    foreign.write_bytes(pickle.dumps(_Planted()))
    foreign.chmod(0o600)
    if AS_ROOT:
        os.chown(foreign, 65534, 65534)
    else:
        foreign.chmod(0o644)
    assert [cache.get(key) for key in keys] == [None, None, None]
    assert not marker.exists()


def test_a_corrupt_entry_is_a_miss(tmp_path: Path, parses: list[str]) -> None:
    cache = ParseCache.open(tmp_path / "c")
    assert cache is not None
    unit = _tf("a", BUCKET)
    parse_units([unit], ParseOptions(), _options(tmp_path / "c"))
    key = cache.key(unit, ParseOptions())
    assert key is not None
    entry = cache.folder / key[:2] / f"{key}.pickle"
    entry.write_bytes(entry.read_bytes()[:20])
    [result] = parse_units([unit], ParseOptions(), _options(tmp_path / "c"))
    assert _acl(result) == "private"
    assert parses == ["a/main.tf", "a/main.tf"]
