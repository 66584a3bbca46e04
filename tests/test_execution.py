"""The execution layer: time limits, worker processes, crash isolation, deterministic merging."""

from __future__ import annotations

import faulthandler
import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from iacscan.execution import ExecutionOptions, parse_units, pool, single
from iacscan.execution.deadline import ParseTimeout, alarm_usable, time_limit
from iacscan.execution.runner import worker_count
from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.registry import adapter_for
from iacscan.graph.model import Framework, Resource, Span, Unknown
from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POOL = ExecutionOptions(jobs=2, pool_min_files=0, pool_min_bytes=0)
GOOD_TF = 'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n'


def _unit(name: str, text: str, framework: Framework = Framework.TERRAFORM) -> ScanUnit:
    return ScanUnit(framework, ".", (SourceFile(Path(name), name, text),), Path("."))


@dataclass
class FakeAdapter:
    """Stands in for the Kubernetes adapter: the file's text says how to misbehave."""

    framework: Framework = Framework.KUBERNETES

    def parse(self, unit: ScanUnit, options: ParseOptions) -> ParseResult:
        text = unit.files[0].text
        if text == "sleep":
            time.sleep(60)
        elif text == "spin":
            while True:
                pass
        elif text == "deaf":  # C code that never lets Python see the alarm
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        elif text == "segfault":
            faulthandler.disable()  # pytest's handler would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        elif text == "bug":
            raise KeyError("spec")
        elif text == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        resource = Resource(
            id=f"{unit.files[0].rel}::x",
            address="x",
            framework=self.framework,
            type="Pod",
            name="x",
            file=unit.files[0].rel,
            span=Span(1, 1),
            attributes={"image": Unknown("a variable"), "text": text},
        )
        return ParseResult(resources=[resource])

    def link(self, resources: list[Resource]) -> list[object]:
        return []


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route Kubernetes units to `FakeAdapter` (worker processes are forked, so they see it)."""

    def patched(framework: Framework) -> object:
        return FakeAdapter() if framework is Framework.KUBERNETES else adapter_for(framework)

    monkeypatch.setattr(single, "adapter_for", patched)


def _k8s(name: str, text: str) -> ScanUnit:
    return _unit(name, text, Framework.KUBERNETES)


def _summary(results: list[ParseResult]) -> list[tuple[list[str], list[tuple[str, str, str]]]]:
    return [
        ([r.id for r in result.resources], [(e.file, e.kind, e.message) for e in result.errors])
        for result in results
    ]


TIMEOUT_MESSAGE = (
    "parsing took longer than 0.3 s; the file is skipped (raise the limit with --parse-timeout)"
)


@pytest.mark.parametrize("behaviour", ["sleep", "spin"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_unit_over_the_time_limit_becomes_a_limit_error(
    fake: None, behaviour: str, jobs: int
) -> None:
    units = [_k8s("a.yaml", "ok"), _k8s("slow.yaml", behaviour), _k8s("b.yaml", "ok")]
    options = ExecutionOptions(parse_timeout=0.3, jobs=jobs, pool_min_files=0, pool_min_bytes=0)
    started = time.monotonic()
    results = parse_units(units, ParseOptions(), options)
    assert time.monotonic() - started < 5
    assert _summary(results) == [
        (["a.yaml::x"], []),
        ([], [("slow.yaml", "limit", TIMEOUT_MESSAGE)]),
        (["b.yaml::x"], []),
    ]


def test_the_parent_kills_a_worker_that_ignores_the_alarm(
    fake: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "GRACE", 0.5)
    units = [_k8s("deaf.yaml", "deaf"), _k8s("after.yaml", "ok")]
    started = time.monotonic()
    results = pool.parse_in_workers(units, ParseOptions(), jobs=1, timeout=0.3)
    assert time.monotonic() - started < 5
    assert _summary(results) == [
        ([], [("deaf.yaml", "limit", TIMEOUT_MESSAGE)]),
        (["after.yaml::x"], []),  # a fresh worker took over
    ]


def test_a_crashing_worker_costs_only_its_unit(fake: None) -> None:
    units = [_k8s("a.yaml", "ok"), _k8s("crash.yaml", "segfault"), _k8s("b.yaml", "ok")]
    results = parse_units(units, ParseOptions(), POOL)
    assert _summary(results) == [
        (["a.yaml::x"], []),
        (
            [],
            [
                (
                    "crash.yaml",
                    "internal",
                    "the parser process killed by SIGSEGV while reading this file; the file is "
                    "skipped: please report it to the iacscan maintainers",
                )
            ],
        ),
        (["b.yaml::x"], []),
    ]


def test_units_a_crashed_worker_held_but_had_not_started_are_parsed_by_its_successor(
    fake: None,
) -> None:
    # One worker holds two units at once: the second waits in its pipe when the first crashes.
    units = [_k8s("crash.yaml", "segfault"), _k8s("next.yaml", "ok"), _k8s("last.yaml", "ok")]
    results = pool.parse_in_workers(units, ParseOptions(), jobs=1, timeout=None)
    assert [(r.resources[0].id if r.resources else r.errors[0].kind) for r in results] == [
        "internal",
        "next.yaml::x",
        "last.yaml::x",
    ]


@pytest.mark.parametrize("options", [ExecutionOptions(jobs=1), POOL], ids=["in-process", "pool"])
def test_adapter_exceptions_become_errors_on_the_file(
    fake: None, options: ExecutionOptions
) -> None:
    units = [_k8s("bug.yaml", "bug"), _k8s("deep.yaml", "deep")]
    assert _summary(parse_units(units, ParseOptions(), options)) == [
        (
            [],
            [
                (
                    "bug.yaml",
                    "internal",
                    "internal error while parsing (KeyError: 'spec'); the file is skipped: "
                    "please report it to the iacscan maintainers",
                )
            ],
        ),
        ([], [("deep.yaml", "limit", "the file is nested too deeply to read; it is skipped")]),
    ]


def test_a_terraform_module_gets_the_limit_for_each_of_its_files(fake: None) -> None:
    sources = tuple(SourceFile(Path(n), f"mod/{n}", "x") for n in ("a.tf", "b.tf"))
    unit = ScanUnit(Framework.TERRAFORM, "mod", sources, Path("."))
    assert single.budget(unit, 2.0) == 4.0
    message = (
        "the Terraform module in mod took longer than 4 s to parse (2 s a file); the file is "
        "skipped (raise the limit with --parse-timeout)"
    )
    assert single.timeout_errors(unit, 2.0) == [
        FileError("mod/a.tf", 0, message, kind="limit"),
        FileError("mod/b.tf", 0, message, kind="limit"),
    ]


def test_results_keep_the_order_of_the_units_whatever_finishes_first(fake: None) -> None:
    # Largest first: the big unit is handed out first, finishes last, and still comes first.
    units = [_k8s(f"u{i}.yaml", "x" * (i % 3)) for i in range(12)]
    results = parse_units(units, ParseOptions(), POOL)
    assert [r.resources[0].id for r in results] == [f"u{i}.yaml::x" for i in range(12)]
    # Unknown values cross the process boundary as unknowns, with their reason.
    image = results[0].resources[0].attributes["image"]
    assert isinstance(image, Unknown) and image.reason == "a variable"


def test_no_time_limit_when_the_timeout_is_none(fake: None) -> None:
    options = ExecutionOptions(parse_timeout=None, jobs=1)
    assert _summary(parse_units([_k8s("a.yaml", "ok")], ParseOptions(), options)) == [
        (["a.yaml::x"], [])
    ]


def test_off_the_main_thread_the_limit_still_holds(fake: None) -> None:
    """SIGALRM works on the main thread only; elsewhere the units go to a worker process."""
    found: list[list[ParseResult]] = []
    options = ExecutionOptions(parse_timeout=0.3, jobs=1)

    def run() -> None:
        assert not alarm_usable()
        found.append(parse_units([_k8s("slow.yaml", "sleep")], ParseOptions(), options))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert _summary(found[0]) == [([], [("slow.yaml", "limit", TIMEOUT_MESSAGE)])]


def test_time_limit_restores_the_previous_handler_and_timer() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(ParseTimeout), time_limit(0.05):
        time.sleep(5)
    with time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_swallowed_alarm_is_followed_by_another() -> None:
    """A handler that runs inside a weakref callback or __del__ has its exception swallowed
    (seen in practice: a gc pass during a Lark parse); the alarm repeats until it lands."""
    swallowed = 0
    started = time.monotonic()
    with pytest.raises(ParseTimeout), time_limit(0.05):
        while time.monotonic() - started < 3:
            try:
                time.sleep(1)
            except ParseTimeout:
                if swallowed:
                    raise
                swallowed += 1  # what the interpreter does to an unraisable exception
    assert swallowed == 1
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_limit_stops_catastrophic_regex_backtracking() -> None:
    """The regular expression engine checks for signals while it backtracks (C code that
    would otherwise hold the interpreter for ages)."""
    started = time.monotonic()
    with pytest.raises(ParseTimeout), time_limit(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")
    assert time.monotonic() - started < 2


def test_a_limit_that_fires_at_once_still_restores_the_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    for _ in range(200):
        try:
            with time_limit(1e-6):
                sum(range(1000))
        except ParseTimeout:
            pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert alarm_usable()


def test_alarm_is_not_taken_from_someone_else(monkeypatch: pytest.MonkeyPatch) -> None:
    assert alarm_usable()
    monkeypatch.setattr(signal, "getsignal", lambda signum: lambda *args: None)
    assert not alarm_usable()


def test_small_scans_stay_in_process() -> None:
    small = [_unit(f"{i}.tf", "x" * 1000) for i in range(39)]
    big = [_unit(f"{i}.tf", "x" * 6000) for i in range(40)]
    assert worker_count(small, ExecutionOptions(jobs=4)) == 1
    assert worker_count(big[:10], ExecutionOptions(jobs=4)) == 1  # 60 KB
    assert worker_count(big, ExecutionOptions(jobs=4)) == 4
    assert worker_count(big, ExecutionOptions(jobs=1)) == 1
    assert worker_count(big[:3], ExecutionOptions(jobs=4, pool_min_files=0)) == 1  # 18 KB
    assert worker_count(big[:3], POOL) == 2
    assert worker_count(big, ExecutionOptions(jobs=0)) == len(os.sched_getaffinity(0))


# The alarm may first land in a gc callback (hypothesis installs one), where the interpreter
# swallows it with this warning; the repeated alarm then stops the parse.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_pathological_terraform_file_is_stopped_and_the_rest_scanned(tmp_path: Path) -> None:
    """Real input, no fake: 20,000 nested blocks take the HCL parser seconds."""
    (tmp_path / "slow").mkdir()
    nested = "".join("  " * 0 + "a {\n" for _ in range(20_000)) + "}\n" * 20_000
    (tmp_path / "slow" / "main.tf").write_text('resource "aws_s3_bucket" "s" {\n' + nested + "}\n")
    (tmp_path / "good.tf").write_text(GOOD_TF)
    checks = [c for c in load_checks() if c.meta.id == "IAC-AWS-S3-001"]
    execution = ExecutionOptions(parse_timeout=0.2)
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=checks, execution=execution))
    assert [(e.file, e.kind) for e in result.errors] == [("slow/main.tf", "limit")]
    assert "longer than 0.2 s" in result.errors[0].message
    assert [(f.file, f.start_line, f.resource.address) for f in result.findings] == [
        ("good.tf", 2, "aws_s3_bucket.b")
    ]


def _fingerprint(config: ScanConfig) -> tuple[list[tuple[str, ...]], list[FileError], int]:
    result = scan([config.root], config)
    findings: list[tuple[str, ...]] = [
        (f.check.id, f.file, str(f.start_line), str(f.end_line), f.resource.id, f.message)
        for f in result.findings
    ]
    return findings, result.errors, result.stats.resources


def test_worker_processes_find_exactly_what_one_process_finds(tmp_path: Path) -> None:
    """Every fixture through the pool and in process: same findings, errors and resources, in
    the same order (resources, unknowns and edges survive pickling). A copy of the fixtures,
    so that files others add meanwhile cannot make the two scans differ."""
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, root)
    checks = load_checks()
    alone = _fingerprint(ScanConfig(root=root, checks=checks))
    pooled = _fingerprint(ScanConfig(root=root, checks=checks, execution=POOL))
    assert pooled == alone
    assert len(alone[0]) > 200
