"""The AWS inventory on real (moto) servers: a busier account read whole, and an account where
some calls are denied (moto enforcing IAM): the denied services are reported, one by one, and
everything else is still read and compared."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iacscan.drift.commands import drift_command
from iacscan.drift.compare import compare
from iacscan.drift.ignore import DEFAULT_RULES
from iacscan.drift.live import live_resources
from iacscan.drift.planned import load_planned
from iacscan.drift.providers import CollectOptions, SilentProgress, collect
from tests.moto_server import REGION, dummy_aws_env, moto_endpoint, reset, start, stop

__all__ = ["moto_endpoint"]

EACH = 5
"""How many of each resource type the busy account holds."""


def _client(endpoint: str, name: str, region: str = REGION) -> Any:
    import boto3

    return boto3.Session(region_name=region).client(name, endpoint_url=endpoint)


def _busy_account(endpoint: str) -> None:
    ec2, s3, iam = _client(endpoint, "ec2"), _client(endpoint, "s3"), _client(endpoint, "iam")
    kms, rds = _client(endpoint, "kms"), _client(endpoint, "rds")
    lambda_, trail = _client(endpoint, "lambda"), _client(endpoint, "cloudtrail")
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                }
            ],
        }
    )
    import io
    import zipfile

    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    for n in range(EACH):
        s3.create_bucket(Bucket=f"busy-{n}")
        s3.put_bucket_versioning(Bucket=f"busy-{n}", VersioningConfiguration={"Status": "Enabled"})
        vpc = ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]
        subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock=f"10.{n}.1.0/24")["Subnet"]
        ec2.create_flow_logs(
            ResourceIds=[vpc["VpcId"]],
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="s3",
            LogDestination="arn:aws:s3:::busy-0",
        )
        group = ec2.create_security_group(GroupName=f"g{n}", Description="d", VpcId=vpc["VpcId"])
        ec2.run_instances(
            ImageId="ami-12c6146b",
            MinCount=1,
            MaxCount=1,
            SubnetId=subnet["SubnetId"],
            SecurityGroupIds=[group["GroupId"]],
        )
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=10)
        iam.create_user(UserName=f"user{n}")
        iam.create_role(RoleName=f"role{n}", AssumeRolePolicyDocument=trust)
        iam.create_policy(
            PolicyName=f"policy{n}",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
                }
            ),
        )
        kms.create_key(Description=f"key{n}")
        rds.create_db_instance(
            DBInstanceIdentifier=f"db{n}",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            MasterUsername="app",
            MasterUserPassword="x" * 12,
            AllocatedStorage=20,
        )
        lambda_.create_function(
            FunctionName=f"fn{n}",
            Runtime="python3.12",
            Handler="index.handler",
            Role=f"arn:aws:iam::123456789012:role/role{n}",
            Code={"ZipFile": code.getvalue()},
        )
        trail.create_trail(Name=f"trail{n}", S3BucketName="busy-0")


def test_busy_account_is_read_whole_and_timed(
    moto_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dummy_aws_env(monkeypatch, tmp_path)
    reset(moto_endpoint)
    _busy_account(moto_endpoint)
    started = time.perf_counter()
    inventory = collect(
        "aws", CollectOptions((REGION,), endpoint_url=moto_endpoint), SilentProgress()
    )
    seconds = time.perf_counter() - started
    counts = inventory.counts
    assert inventory.errors == []
    for type_ in (
        "aws_s3_bucket",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_acl",
        "aws_vpc",
        "aws_flow_log",
        "aws_security_group",
        "aws_instance",
        "aws_ebs_volume",
        "aws_iam_user",
        "aws_iam_role",
        "aws_iam_policy",
        "aws_kms_key",
        "aws_db_instance",
        "aws_lambda_function",
        "aws_cloudtrail",
    ):
        assert counts[type_] == EACH, type_
    assert counts["aws_default_security_group"] == EACH + 1  # one a VPC, and the default VPC's
    print(f"\ninventory of {sum(counts.values())} resources: {seconds:.2f} s")
    assert seconds < 60


@pytest.fixture(scope="module")
def locked_endpoint(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str]]]:
    """A moto server that enforces IAM after the first calls, and an auditor whose policy
    denies IAM, security groups and Lambda."""
    pytest.importorskip("moto.server")
    folder = tmp_path_factory.mktemp("locked")
    # The setup below makes exactly this many calls; from then on every call is authorised.
    process, endpoint = start(folder / "moto.log", {"INITIAL_NO_AUTH_ACTION_COUNT": "7"})
    try:
        with pytest.MonkeyPatch.context() as monkeypatch:
            dummy_aws_env(monkeypatch, folder)
            s3, ec2, iam = (_client(endpoint, n) for n in ("s3", "ec2", "iam"))
            s3.create_bucket(Bucket="shared-logs")
            group = ec2.create_security_group(GroupName="web", Description="web")
            iam.create_role(RoleName="deployer", AssumeRolePolicyDocument="{}")
            iam.create_user(UserName="auditor")
            key = iam.create_access_key(UserName="auditor")["AccessKey"]
            policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"},
                    {
                        "Effect": "Deny",
                        "Action": [
                            "iam:*",
                            "ec2:DescribeSecurityGroups",
                            "lambda:*",
                            "s3:GetBucketPolicy",
                        ],
                        "Resource": "*",
                    },
                ],
            }
            iam.put_user_policy(
                UserName="auditor", PolicyName="audit", PolicyDocument=json.dumps(policy)
            )
            ec2.describe_vpcs()  # the seventh call
        yield (
            endpoint,
            {
                "group": group["GroupId"],
                "key": key["AccessKeyId"],
                "secret": key["SecretAccessKey"],
            },
        )
    finally:
        stop(process)


def _state(folder: Path, group: str) -> Path:
    state = {
        "version": 4,
        "resources": [
            {
                "mode": "managed",
                "type": "aws_s3_bucket",
                "name": "logs",
                "instances": [{"attributes": {"bucket": "shared-logs", "region": REGION}}],
            },
            {
                "mode": "managed",
                "type": "aws_s3_bucket_policy",
                "name": "logs",
                "instances": [{"attributes": {"bucket": "shared-logs", "policy": "{}"}}],
            },
            {
                "mode": "managed",
                "type": "aws_security_group",
                "name": "web",
                "instances": [{"attributes": {"id": group, "name": "web"}}],
            },
            {
                "mode": "managed",
                "type": "aws_iam_role",
                "name": "deployer",
                "instances": [{"attributes": {"name": "deployer"}}],
            },
            {
                "mode": "managed",
                "type": "aws_s3_bucket",
                "name": "gone",
                "instances": [{"attributes": {"bucket": "gone-bucket", "region": REGION}}],
            },
        ],
    }
    path = folder / "terraform.tfstate"
    path.write_text(json.dumps(state, indent=2), encoding="utf-8")
    return path


def test_denied_services_are_reported_and_the_rest_is_compared(
    locked_endpoint: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    endpoint, ids = locked_endpoint
    dummy_aws_env(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ids["key"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", ids["secret"])
    inventory = collect("aws", CollectOptions((REGION,), endpoint_url=endpoint), SilentProgress())
    failed = {(e.service, e.region, e.operation, e.denied) for e in inventory.errors}
    assert failed == {
        ("iam", "global", "ListRoles", True),
        ("ec2-security-groups", REGION, "DescribeSecurityGroups", True),
        # moto answers Lambda with a bare 403 (its Lambda signature check fails under IAM
        # enforcement): botocore gives the code "403", which counts as denied.
        ("lambda", REGION, "ListFunctions", True),
        ("s3", REGION, "GetBucketPolicy", True),
    }
    # Everything else was read.
    assert inventory.counts["aws_s3_bucket"] == 1
    assert inventory.counts["aws_default_vpc"] == 1
    result = compare(
        load_planned(_state(tmp_path, ids["group"]), tmp_path),
        inventory,
        live_resources(inventory),
        DEFAULT_RULES,
    )
    # What could not be read is not compared, never "missing"; what could be is.
    assert [(e.kind, e.resource_type, e.id) for e in result.entries] == [
        ("missing", "aws_s3_bucket", "gone-bucket")
    ]
    assert {r: dict(c) for r, c in result.not_compared.items()} == {
        "unreadable": {"aws_iam_role": 1, "aws_security_group": 1, "aws_s3_bucket_policy": 1}
    }


def test_cli_reports_denied_services_and_fails_closed(
    locked_endpoint: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    endpoint, ids = locked_endpoint
    dummy_aws_env(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ids["key"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", ids["secret"])
    monkeypatch.chdir(tmp_path)
    state = _state(tmp_path, ids["group"])
    arguments = [str(state), "--live", "aws", "--region", REGION, "--endpoint-url", endpoint]
    result = CliRunner().invoke(drift_command, [*arguments, "--fail-on-drift"])
    assert result.exit_code == 3
    assert "aws iam global: access denied (AccessDenied)" in result.stderr
    assert "inventory error: iam global ListRoles: AccessDenied" in result.stdout
    assert "aws ec2-vpcs us-east-1: 1 aws_default_vpc" in result.stderr
    assert CliRunner().invoke(drift_command, arguments).exit_code == 0
