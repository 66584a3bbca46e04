"""Benchmark iacscan against Checkov on the same corpus.

    python bench/run.py [--files 2000] [--seed 1] [--runs 3] [--corpus DIR]
                        [--scales 500,1000,2000,4000] [--skip-checkov] [--single-file]
                        [--warm-cache] [--iacscan PYTHON]

Generates the synthetic corpus (bench/corpus.py) unless --corpus names a folder, installs the
latest Checkov into bench/.work/checkov-venv once, then runs both scanners on the corpus
--runs times, alternating which goes first, and prints the medians of wall time, CPU time and
peak memory, their ratio, and both tools' finding counts. All figures are also written to
bench/.work/results.json. See bench/README.md for how to read them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpus, report
from bench.measure import CommandFailed, Measurement, median, run_measured
from bench.outputs import FindingSummary, ReportError, checkov_summary, iacscan_summary
from bench.tools import (
    SetupError,
    Tools,
    ensure_checkov,
    scanner_env,
    version_of,
    working_directory,
)

BENCH = Path(__file__).resolve().parent
DEFAULT_WORK = BENCH / ".work"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py", description="Benchmark iacscan against Checkov."
    )
    parser.add_argument("--files", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument("--corpus", type=Path, help="scan this folder instead of a synthetic one")
    parser.add_argument(
        "--scales",
        help="also time iacscan alone on synthetic corpora of these sizes, e.g. 500,1000",
    )
    parser.add_argument("--skip-checkov", action="store_true", help="time iacscan only")
    parser.add_argument(
        "--warm-cache",
        action="store_true",
        help="also time iacscan with --cache once its parse cache is warm (a repeated scan)",
    )
    parser.add_argument(
        "--single-file", action="store_true", help="also time one small .tf file and start-up"
    )
    parser.add_argument(
        "--iacscan",
        default=sys.executable,
        metavar="PYTHON",
        help="Python interpreter that has iacscan installed (default: this one)",
    )
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # Scanners run from inside the corpus, so every path must be absolute (abspath, not
    # resolve: a virtual environment's python is a symlink that must stay as it is).
    args.work = Path(os.path.abspath(args.work))
    if os.sep in args.iacscan:
        args.iacscan = os.path.abspath(args.iacscan)
    if args.runs < 1 or args.files < len(corpus.SHARES):
        parser.error(f"--runs must be >= 1 and --files >= {len(corpus.SHARES)}")
    try:
        args.scale_list = [int(s) for s in args.scales.split(",")] if args.scales else []
    except ValueError:
        parser.error("--scales takes comma-separated file counts, e.g. 500,1000,2000")
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: not a folder")
    return args


def fresh_corpus(work: Path, files: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """Generate the synthetic corpus into bench/.work (replacing an earlier one)."""
    target = work / f"corpus-{files}-seed{seed}"
    if target.exists():
        shutil.rmtree(target)
    print(f"generating {files} files (seed {seed}) into {target} ...", flush=True)
    summary = corpus.generate(target, files, seed)
    info = asdict(summary)
    info["digest"] = corpus.tree_digest(target)
    return target, info


def measure_many(
    tools: Tools, target: Path, runs: int, out: Path, label: str, with_checkov: bool
) -> dict[str, Any]:
    """Both scanners on `target`, `runs` times each, alternating which goes first."""
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, list[Measurement]] = {"iacscan": [], "checkov": []}
    for run in range(runs):
        order = ["iacscan", "checkov"] if run % 2 == 0 else ["checkov", "iacscan"]
        for tool in order:
            if tool == "checkov" and not with_checkov:
                continue
            command = (
                tools.iacscan_scan(target) if tool == "iacscan" else tools.checkov_scan(target)
            )
            # iacscan exits 3 when a file could not be parsed; the report is still complete.
            ok = (0, 1, 3) if tool == "iacscan" else (0, 1)
            result = run_measured(
                command,
                out / f"{label}-{tool}-{run + 1}.json",
                scanner_env(tool == "checkov"),
                cwd=working_directory(target),
                ok_codes=ok,
            )
            timings[tool].append(result)
            print(f"  {label} run {run + 1}/{runs}: {tool:8s} {result.wall_s:8.2f} s", flush=True)
    section: dict[str, Any] = {}
    for tool, results in timings.items():
        if not results:
            continue
        parse = iacscan_summary if tool == "iacscan" else checkov_summary
        findings: FindingSummary = parse(out / f"{label}-{tool}-1.json")
        section[tool] = {
            "runs": [r.to_json() for r in results],
            "median": median(results),
            "findings": findings.to_json(),
        }
    if "checkov" in section:
        section["ratio_checkov_over_iacscan"] = {
            key: round(section["checkov"]["median"][key] / section["iacscan"]["median"][key], 2)
            for key in ("wall_s", "cpu_s", "peak_rss_mib")
            if section["iacscan"]["median"][key] > 0
        }
    return section


def warm_cache(tools: Tools, target: Path, runs: int, out: Path, folder: Path) -> dict[str, Any]:
    """iacscan with `--cache` and a cache folder of its own: one run fills it, then `runs` runs
    read it. The directory figures above are all cold: no run there uses a cache."""
    env = {**scanner_env(False), "XDG_CACHE_HOME": str(folder)}
    command = [*tools.iacscan_scan(target), "--cache"]
    kwargs: dict[str, Any] = {"cwd": working_directory(target), "ok_codes": (0, 1, 3)}
    run_measured(command, out / "warm-iacscan-fill.json", env, **kwargs)
    results = [
        run_measured(command, out / f"warm-iacscan-{n + 1}.json", env, **kwargs)
        for n in range(runs)
    ]
    return {"runs": [r.to_json() for r in results], "median": median(results)}


def startup(tools: Tools, runs: int, out: Path, with_checkov: bool) -> dict[str, Any]:
    commands = {"iacscan --version": tools.iacscan_version()}
    if with_checkov:
        commands["checkov --version"] = tools.checkov_version()
    figures: dict[str, Any] = {}
    for name, command in commands.items():
        env = scanner_env(name.startswith("checkov"))
        results = [
            run_measured(command, out / f"version-{name.split()[0]}-{n}.txt", env, ok_codes=(0,))
            for n in range(runs)
        ]
        figures[name] = median(results)
    return figures


def scales(tools: Tools, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    for files in args.scale_list:
        target, info = fresh_corpus(args.work, files, args.seed)
        section = measure_many(tools, target, args.runs, args.work / "out", f"scale{files}", False)
        figures = section["iacscan"]["median"]
        rows.append(
            {
                "files": info["files"] and sum(info["files"].values()),
                "median": figures,
                "seconds_per_1000_files": round(figures["wall_s"] * 1000 / files, 3),
                "cpu_seconds_per_1000_files": round(figures["cpu_s"] * 1000 / files, 3),
                "findings": section["iacscan"]["findings"]["findings"],
            }
        )
    return rows


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        # Other work on the machine skews wall time far more than CPU time; keep a record.
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
    }


def write_atomically(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    with_checkov = not args.skip_checkov
    checkov = ensure_checkov(args.work / "checkov-venv") if with_checkov else None
    tools = Tools(args.iacscan, checkov)
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs}
    results["versions"] = {"iacscan": version_of(tools.iacscan_version(), scanner_env(False))}
    if with_checkov:
        results["versions"]["checkov"] = version_of(tools.checkov_version(), scanner_env(True))
    print(_header(results), flush=True)
    if results["machine"]["load_average_1m_at_start"] >= (results["machine"]["cpus"] or 1):
        print("warning: the machine is busy; wall times will be inflated, compare CPU times")
    if args.corpus is not None:
        target = args.corpus.resolve()
        results["corpus"] = {"root": str(target), "seed": None}
    else:
        target, results["corpus"] = fresh_corpus(args.work, args.files, args.seed)
    out = args.work / "out"
    results["directory"] = measure_many(tools, target, args.runs, out, "dir", with_checkov)
    print("\n" + report.corpus_line(results["corpus"]))
    print(_timing(results["directory"], f"Directory scan, {_median_of(args.runs)}"))
    print(report.findings_table(*_findings(results["directory"])))
    if args.warm_cache:
        section = warm_cache(tools, target, args.runs, out, args.work / "parse-cache")
        results["warm_cache"] = section
        m = section["median"]
        print(
            f"iacscan --cache, warm ({_median_of(args.runs)}): wall {m['wall_s']:.2f} s, "
            f"CPU {m['cpu_s']:.2f} s, peak RSS {m['peak_rss_mib']:.0f} MiB"
        )
    if args.single_file:
        single = args.work / "single" / "main.tf"
        single.parent.mkdir(parents=True, exist_ok=True)
        single.write_text(corpus.single_file(args.seed), encoding="utf-8")
        section = measure_many(tools, single, args.runs, out, "single", with_checkov)
        section["startup"] = startup(tools, args.runs, out, with_checkov)
        section["lines"] = single.read_text(encoding="utf-8").count("\n")
        results["single_file"] = section
        title = f"One .tf file ({section['lines']} lines), {_median_of(args.runs)}"
        print(_timing(section, title))
        print(report.startup_table(section["startup"]))
    if args.scale_list:
        results["scales"] = scales(tools, args)
        print(report.scales_table(results["scales"]))
    return results


def _median_of(runs: int) -> str:
    return "one run" if runs == 1 else f"median of {runs} runs"


def _header(results: dict[str, Any]) -> str:
    m, v = results["machine"], results["versions"]
    tools = ", ".join(f"{k} {val}" for k, val in v.items())
    load = m["load_average_1m_at_start"]
    return f"{m['platform']}, {m['cpus']} CPUs (load {load}), Python {m['python']}; {tools}"


def _timing(section: dict[str, Any], title: str) -> str:
    checkov = section.get("checkov", {}).get("median")
    return report.timing_table(title, section["iacscan"]["median"], checkov)


def _findings(section: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    checkov = section.get("checkov", {}).get("findings")
    return section["iacscan"]["findings"], checkov


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        results = benchmark(args)
    except (SetupError, CommandFailed, ReportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    results["machine"]["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    path = args.work / "results.json"
    write_atomically(path, results)
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
