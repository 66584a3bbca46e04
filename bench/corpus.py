"""Generate a synthetic, deterministic corpus of infrastructure as code.

    python bench/corpus.py OUT_DIR [--files 2000] [--seed 1]

About 44% of files are Terraform (root modules of one to eight `.tf` files, some with a local
child module; AWS, Azure and GCP), 19% CloudFormation (YAML and JSON), 11% ARM, 22% Kubernetes
and 4% files that are not IaC (CI workflows, package.json, Helm values) and must be skipped.
About a third of the units (a Terraform module, a template, a manifest) carry misconfigurations.
The same seed and file count give a byte-identical tree: every random choice comes from a
`random.Random` seeded with a string (hashed with SHA-512, independent of PYTHONHASHSEED).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import arm, cloudformation, kubernetes, other, terraform

SHARES = {
    "terraform": 0.44,
    "cloudformation_yaml": 0.13,
    "cloudformation_json": 0.06,
    "arm": 0.11,
    "kubernetes": 0.22,
    "other": 0.04,
}
PROJECTS = (
    "orders",
    "billing",
    "payments",
    "catalog",
    "search",
    "identity",
    "ledger",
    "notify",
    "analytics",
    "inventory",
    "shipping",
    "reviews",
    "pricing",
    "checkout",
    "loyalty",
    "fraud",
)
ENVIRONMENTS = ("dev", "staging", "prod")
INSECURE_SHARE = 1 / 3


@dataclass
class CorpusSummary:
    """What was generated: files and units per format, and how many units are misconfigured."""

    root: str
    seed: int
    files: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    insecure_units: dict[str, int] = field(default_factory=dict)

    @property
    def total_files(self) -> int:
        return sum(self.files.values())

    def count(self, kind: str, n_files: int, insecure: bool) -> None:
        self.files[kind] = self.files.get(kind, 0) + n_files
        self.units[kind] = self.units.get(kind, 0) + 1
        self.insecure_units[kind] = self.insecure_units.get(kind, 0) + int(insecure)


def file_counts(total: int) -> dict[str, int]:
    """How many files of each kind; every kind gets at least one, and they add up to `total`."""
    if total < len(SHARES):
        raise ValueError(f"need at least {len(SHARES)} files, one of each kind")
    counts = {kind: max(1, round(total * share)) for kind, share in SHARES.items()}
    counts["terraform"] += total - sum(counts.values())
    return counts


def generate(out: Path, files: int = 2000, seed: int = 1) -> CorpusSummary:
    """Write the corpus under `out`, which must not exist or be empty."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out}: not empty; choose a new folder or delete this one")
    summary = CorpusSummary(str(out), seed)
    counts = file_counts(files)
    for kind, generator in (
        ("terraform", _terraform),
        ("cloudformation_yaml", _cloudformation),
        ("cloudformation_json", _cloudformation),
        ("arm", _arm),
        ("kubernetes", _kubernetes),
        ("other", _other),
    ):
        for rel, text, unit_files, insecure in generator(kind, counts[kind], seed):
            if unit_files:
                summary.count(kind, unit_files, insecure)
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
    return summary


# A generator yields (relative path, text, files in the unit if this is its first file, insecure).
Generated = Iterator[tuple[str, str, int, bool]]


def _unit_rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"iacscan-bench/{seed}/{kind}/{index}")


def _terraform(kind: str, count: int, seed: int) -> Generated:
    remaining, index = count, 0
    while remaining > 0:
        rng = _unit_rng(seed, kind, index)
        cloud = terraform.CLOUDS[rng.choices(("aws", "azure", "gcp"), (0.55, 0.25, 0.2))[0]]
        size = min(remaining, rng.choices((1, 2, 3, 4, 5, 6, 7, 8), (1, 1, 3, 4, 4, 3, 2, 1))[0])
        project = terraform.Project(
            cloud, rng.choice(PROJECTS), rng.choice(ENVIRONMENTS), rng.random() < INSECURE_SHARE
        )
        folder = f"terraform/{cloud.name}/{project.name}-{project.environment}-{index:04d}"
        written = terraform.project_files(rng, project, size)
        for n, (name, text) in enumerate(sorted(written.items())):
            yield f"{folder}/{name}", text, len(written) if n == 0 else 0, project.insecure
        remaining -= len(written)
        index += 1


def _cloudformation(kind: str, count: int, seed: int) -> Generated:
    json_format = kind.endswith("json")
    for index in range(count):
        rng = _unit_rng(seed, kind, index)
        insecure = rng.random() < INSECURE_SHARE
        suffix = ".json" if json_format else rng.choice((".yaml", ".yaml", ".yml"))
        name = f"cloudformation/{rng.choice(PROJECTS)}/stack-{index:04d}{suffix}"
        yield name, cloudformation.template(rng, insecure, json_format), 1, insecure


def _arm(kind: str, count: int, seed: int) -> Generated:
    for index in range(count):
        rng = _unit_rng(seed, kind, index)
        insecure = rng.random() < INSECURE_SHARE
        project = rng.choice(PROJECTS)
        yield (
            f"arm/{project}/azuredeploy-{index:04d}.json",
            arm.template(rng, insecure, project),
            1,
            insecure,
        )


def _kubernetes(kind: str, count: int, seed: int) -> Generated:
    remaining, index = count, 0
    while remaining > 0:
        rng = _unit_rng(seed, kind, index)
        app = rng.choice(PROJECTS)
        namespace = rng.choice(("shop", "payments", "platform"))
        names = [f"{app}.yaml", "rbac.yaml", f"{app}-batch.yaml", f"{app}-extra.yaml"]
        size = min(remaining, rng.randint(1, 4))
        for name in names[:size]:
            insecure = rng.random() < INSECURE_SHARE
            role = "rbac" if name == "rbac.yaml" else "workload"
            stem = name.removesuffix(".yaml")
            text = kubernetes.manifest(rng, insecure, app, stem, namespace, role)
            yield f"kubernetes/{app}-{index:04d}/{name}", text, 1, insecure
        remaining -= size
        index += 1


def _other(kind: str, count: int, seed: int) -> Generated:
    names = sorted(other.KINDS)
    for index in range(count):
        rng = _unit_rng(seed, kind, index)
        project = rng.choice(PROJECTS)
        name = names[index % len(names)]
        folder = "charts" if name == "values.yaml" else "apps"
        text = other.KINDS[name](rng, project)
        yield f"{folder}/{project}-{index:04d}/{name}", text, 1, False


def single_file(seed: int = 1) -> str:
    """One small, misconfigured `.tf` file (a bucket and a security group): the kind of change a
    developer commits, to time the latency a pre-commit hook adds."""
    rng = _unit_rng(seed, "single", 0)
    project = terraform.Project(terraform.CLOUDS["aws"], "orders", "dev", insecure=True)
    return terraform.single_file(rng, project)


def tree_digest(root: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--files", type=int, default=2000, help="number of files (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    try:
        summary = generate(args.out, args.files, args.seed)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({**asdict(summary), "digest": tree_digest(args.out)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
