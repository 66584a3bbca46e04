"""Fuzzing: every adapter and the whole scan take truncated, mutated and retyped real fixtures,
random bytes, broken encodings and hostile shapes without raising.

Properties:
- an adapter never raises and never reports an internal error; its errors name its file;
- a scan never raises, reports no internal or check error, names an unreadable file in its
  errors, and still reads the resources of a good file in the same scan (a probe check
  reports every bucket, so no cross-file setting can hide one).

The default suite runs a short, derandomised pass (a few hundred cases, a few seconds); the
`slow` marker runs more than 10,000 random cases: `pytest -m slow tests/test_fuzz.py`.
"""

from __future__ import annotations

import faulthandler
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.execution import ExecutionOptions
from iacscan.execution.deadline import time_limit
from iacscan.findings import ScanResult
from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.registry import adapter_for
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WORK = Path(tempfile.mkdtemp(prefix="iacscan-fuzz-"))  # an empty root: module calls find nothing
SLOW = 20.0  # seconds one input may take before the fuzz case fails as a hang


def run_cases(
    examples: int, derandomize: bool, strategy: st.SearchStrategy[Any], prop: Callable[[Any], None]
) -> None:
    """Run `prop` on `examples` generated cases, and prove that many ran."""
    ran: list[None] = []

    def counted(case: Any) -> None:
        ran.append(None)
        prop(case)

    settings(
        max_examples=examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(strategy)(counted))()
    assert len(ran) >= examples


# The default suite: 4 x 40 adapter cases + 120 scans; `-m slow`: 4 x 2,000 + 2,500.
QUICK, QUICK_SCANS = 40, 120
LONG, LONG_SCANS = 2000, 2500


# --- inputs ------------------------------------------------------------------------------


def _corpus(framework: str, suffixes: tuple[str, ...]) -> list[tuple[str, str]]:
    files = sorted(
        p
        for p in (FIXTURES / framework).rglob("*")
        if p.is_file() and p.name.endswith(suffixes) and not p.name.endswith(".expected.json")
    )
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


CORPUS: dict[Framework, list[tuple[str, str]]] = {
    Framework.TERRAFORM: _corpus("terraform", (".tf", ".tf.json")),
    Framework.CLOUDFORMATION: _corpus("cloudformation", (".yaml", ".yml", ".json")),
    Framework.ARM: _corpus("arm", (".json",)),
    Framework.KUBERNETES: _corpus("kubernetes", (".yaml", ".yml")),
}
PIECES = [
    "{", "}", "[", "]", "(", ")", '"', "'", ":", ",", "=", "-", "- ", "#", "&a", "*a", "!Ref",
    "|", ">", "$", "${", "%{", "\\", "\n", "\t", " ", "\r\n", "\ufeff", "---\n", "<<: *a",
    "0x", "1e999", "null", "~", "? ", "{{ .Values.x }}", "[concat(", "\u2028", "\x85", "é",
]  # fmt: skip
HUGE = "A" * 200_000


@st.composite
def mutated_text(draw: st.DrawFn, framework: Framework) -> tuple[str, str]:
    """A real fixture, truncated and/or edited at random places."""
    name, text = draw(st.sampled_from(CORPUS[framework]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "delete", "line", "crlf", "tabs", "bom"]))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "line":
            lines = text.split("\n")
            index = at % max(1, len(lines))
            lines.insert(index, draw(st.sampled_from(lines)))
            text = "\n".join(lines)
        elif kind == "crlf":
            text = text.replace("\n", "\r\n")
        elif kind == "tabs":
            text = text.replace("  ", "\t")
        else:
            text = "\ufeff" + text
    return name, text


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


WRONG_VALUES = st.one_of(
    st.sampled_from(
        [[1, 2], "x", 5, -1, 0.5, None, True, {}, [], "", {"a": [1, {"b": None}]}, "${",
         "[concat(", "{{ .Values.x }}", "[parameters('nope')]", {"Ref": 5}, {"Fn::If": "x"},
         {"Fn::Sub": [1]}, {"Fn::GetAtt": None}, 10**30, "\u0000x", "*", "0.0.0.0/0"]
    ),
    st.sampled_from([50, 150, 250]).map(_deep),
    st.just(HUGE),
)  # fmt: skip
WRONG_KEYS = ["Type", "Properties", "Resources", "resources", "type", "properties", "spec",
              "metadata", "kind", "apiVersion", "containers", "Condition", "Ref", "<<"]  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]


class _AnyTagLoader(yaml.SafeLoader):
    """Reads CloudFormation short forms (`!Ref x`) as their long forms, for mutation only."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("!", _tagged)


def _documents(text: str) -> list[Any]:
    try:
        return list(yaml.load_all(text, Loader=_AnyTagLoader))  # a SafeLoader subclass
    except yaml.YAMLError:
        return []


@st.composite
def retyped_text(draw: st.DrawFn, framework: Framework) -> tuple[str, str]:
    """A real fixture read as data, with values (or keys) replaced by the wrong type, written
    back as JSON or YAML. Terraform gets the same on the right-hand side of its attributes."""
    name, text = draw(st.sampled_from(CORPUS[framework]))
    if framework is Framework.TERRAFORM and not name.endswith(".json"):
        return name, _retype_hcl(draw, text)
    documents = [d for d in _documents(text) if d is not None] or [{}]
    index = draw(st.integers(0, len(documents) - 1))
    for _ in range(draw(st.integers(1, 6))):
        paths = list(_paths(documents[index]))
        path = draw(st.sampled_from(paths))
        if path and draw(st.booleans()) and isinstance(path[-1], str):
            new: Any = {draw(st.sampled_from(WRONG_KEYS)): draw(WRONG_VALUES)}
            documents[index] = _replace(documents[index], path[:-1], new)
        else:
            documents[index] = _replace(documents[index], path, draw(WRONG_VALUES))
    if name.endswith(".json") or (len(documents) == 1 and draw(st.booleans())):
        return name, json.dumps(documents[0] if len(documents) == 1 else documents, indent=1)
    return name, yaml.safe_dump_all(documents, sort_keys=False)


HCL_WRONG = ["[1, 2]", '"x"', "5", "null", "{}", "{ a = [1, { b = null }] }", "true", "-1",
             "1.5e308", '"${"', "var.nope", "[" * 120 + "]" * 120, f'"{HUGE}"', "each.value",
             "count.index", '"*"', '["0.0.0.0/0"]', "{ for k, v in 5 : k => v }",
             "tolist(5)"]  # fmt: skip


def _retype_hcl(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    assignments = [i for i, line in enumerate(lines) if " = " in line and "{" not in line]
    for _ in range(draw(st.integers(1, 3))):
        if not assignments:
            break
        index = draw(st.sampled_from(assignments))
        key = lines[index].split(" = ", 1)[0]
        lines[index] = f"{key} = {draw(st.sampled_from(HCL_WRONG))}"
    return "\n".join(lines)


def texts(framework: Framework) -> st.SearchStrategy[tuple[str, str]]:
    name = CORPUS[framework][0][0]
    tokens = st.sampled_from([*PIECES, "a", "Type", "resource", "1"])
    noise = st.lists(tokens, max_size=40).map("".join)
    return st.one_of(
        mutated_text(framework),
        retyped_text(framework),
        retyped_text(framework),
        noise.map(lambda text: (name, text)),
        st.sampled_from(["", "\n", "\ufeff", "---\n---\n", "null", "[]", "{}", "\t"]).map(
            lambda text: (name, text)
        ),
    )


# --- adapters ----------------------------------------------------------------------------


@contextmanager
def hang_guard() -> Iterator[None]:
    """Abort the test process with every thread's stack if a case hangs (it must not: the
    scan's own parse limit applies). faulthandler's watchdog thread leaves SIGALRM alone."""
    faulthandler.dump_traceback_later(SLOW * 3, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def parse(framework: Framework, name: str, text: str) -> ParseResult:
    unit = ScanUnit(framework, ".", (SourceFile(WORK / name, name, text),), WORK)
    with time_limit(SLOW):
        return adapter_for(framework).parse(unit, ParseOptions())


def assert_sound(result: ParseResult, name: str) -> None:
    for error in result.errors:
        assert error.file == name, error
        assert error.kind in ("parse", "eval", "read", "limit"), error
        assert "internal error" not in error.message, error
        assert error.line >= 0 and error.message
    ResourceGraph(result.resources, result.edges)  # raises on a duplicate id


def _adapter_property(framework: Framework) -> Callable[[tuple[str, str]], None]:
    def check(case: tuple[str, str]) -> None:
        name, text = case
        assert_sound(parse(framework, name, text), name)

    return check


FRAMEWORKS = list(CORPUS)


@pytest.mark.parametrize("framework", FRAMEWORKS, ids=[f.value for f in FRAMEWORKS])
def test_adapters_survive_hostile_text(framework: Framework) -> None:
    run_cases(QUICK, True, texts(framework), _adapter_property(framework))


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS, ids=[f.value for f in FRAMEWORKS])
def test_adapters_survive_hostile_text_at_scale(framework: Framework) -> None:
    run_cases(LONG, False, texts(framework), _adapter_property(framework))


# --- whole scans -------------------------------------------------------------------------

GOOD = 'resource "aws_s3_bucket" "good" {\n  acl = "public-read"\n}\n'
NAMES = ["main.tf", "x.tf.json", "t.yaml", "t.yml", "t.json", "t.template", "v.tfvars"]


@st.composite
def file_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file as it may sit in a repository: any fixture, mutated; then maybe broken bytes."""
    framework = draw(st.sampled_from(FRAMEWORKS))
    name, text = draw(texts(framework))
    if draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(NAMES))
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "bytes", "invalid", "nul", "latin1"]))
    at = draw(st.integers(0, len(data)))
    if damage == "bytes":
        data = draw(st.binary(max_size=200))
    elif damage == "invalid":
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]))
            + data[at:]
        )
    elif damage == "nul":
        data = data[:at] + b"\x00" + data[at:]
    elif damage == "latin1":
        data = text.encode("utf-8", "replace").replace(b"\xc3\xa9", b"\xe9")
    return name, data


@check(
    id="TEST-FUZZ-PROBE",
    name="probe",
    title="every bucket, to prove a resource was read",
    severity=Severity.INFO,
    category="test",
    targets={Framework.TERRAFORM: ["aws_s3_bucket"]},
    remediation="none",
)
def probe(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """Reports every bucket: what other files say cannot hide a resource that was read."""
    yield Violation(at=resource, message="read")


CHECKS = [*load_checks(), probe]


def scan_with_good_file(name: str, data: bytes) -> ScanResult:
    root = WORK / "scan"
    shutil.rmtree(root, ignore_errors=True)
    (root / "good").mkdir(parents=True)
    (root / "good" / "main.tf").write_text(GOOD)
    (root / "fuzz").mkdir()
    (root / "fuzz" / name).write_bytes(data)
    execution = ExecutionOptions(parse_timeout=SLOW, jobs=1)
    with hang_guard():
        return scan([root], ScanConfig(root=root, checks=CHECKS, execution=execution))


# Check crashes this fuzzer found (a list where a string is expected made `x in FROZENSET`
# raise); kept as regressions.
FOUND_CHECK_CRASHES = [
    (
        "IAC-GEN-SECRETS-001",
        "main.tf",
        'resource "aws_ssm_parameter" "p" {\n  name  = "/db/password"\n'
        '  type  = ["SecureString"]\n  value = "changeme-in-console"\n}\n',
    ),
    (
        "IAC-K8S-RBAC-016",
        "binding.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: r\n"
        "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: r\n"
        "subjects:\n- kind: ServiceAccount\n  name: [1, 2]\n",
    ),
]


@pytest.mark.parametrize("check_id, name, text", FOUND_CHECK_CRASHES)
def test_found_check_crash_stays_fixed(check_id: str, name: str, text: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text(text)
    checks = [c for c in CHECKS if c.meta.id == check_id]
    assert len(checks) == 1
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=checks))
    assert [e.message for e in result.errors] == []
    assert result.stats.resources > 0


def assert_scan_sound(result: ScanResult, name: str, data: bytes) -> None:
    crashes = [e for e in result.errors if e.kind in ("internal", "check")]
    assert crashes == []
    assert {e.file for e in result.errors} <= {f"fuzz/{name}"}, result.errors
    good = [(f.check.id, f.start_line) for f in result.findings if f.file == "good/main.tf"]
    assert ("TEST-FUZZ-PROBE", 1) in good
    counted = sum(result.stats.files_scanned.values()) + result.stats.files_skipped
    if counted != 2:  # the fuzzed file was neither scanned nor skipped: it must be an error
        assert any(e.file == f"fuzz/{name}" for e in result.errors), result
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert any(e.file == f"fuzz/{name}" and e.kind == "read" for e in result.errors)


def _scan_property(case: tuple[str, bytes]) -> None:
    name, data = case
    assert_scan_sound(scan_with_good_file(name, data), name, data)


def test_scans_survive_hostile_files() -> None:
    run_cases(QUICK_SCANS, True, file_bytes(), _scan_property)


@pytest.mark.slow
def test_scans_survive_hostile_files_at_scale() -> None:
    run_cases(LONG_SCANS, False, file_bytes(), _scan_property)
