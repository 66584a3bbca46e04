"""Drift against a real (moto) AWS endpoint.

One account is built through boto3 as Terraform would have left it, the state Terraform would
have written is filled in from tests/data/drift/planned.tfstate, and then things change out of
band: an SSH rule is added, a bucket and a volume are deleted, encryption is removed from a
bucket, versioning suspended, key rotation and a multi-region trail turned off, a database made
public, a secret rotated, a role and a volume created by hand. Every test reads that one
account (the inventory is taken once), through the library and through the CLI.
"""

from __future__ import annotations

import io
import json
import string
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from iacscan.drift.compare import compare
from iacscan.drift.ignore import DEFAULT_RULES
from iacscan.drift.inventory import Inventory
from iacscan.drift.live import live_resources
from iacscan.drift.planned import load_planned
from iacscan.drift.providers import CollectOptions, SilentProgress, collect
from iacscan.drift.result import DriftEntry, DriftResult
from tests.moto_server import REGION, dummy_aws_env, moto_endpoint, reset

__all__ = ["moto_endpoint"]

DATA = Path(__file__).parent / "data" / "drift"
TRUST_LAMBDA = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Service": "lambda.amazonaws.com"},
        }
    ],
}


@dataclass(frozen=True)
class Account:
    endpoint: str
    ids: dict[str, str]
    folder: Path
    state: Path
    inventory: Inventory
    inventory_seconds: float


def _clients(endpoint: str) -> Any:
    import boto3

    session = boto3.Session(region_name=REGION)
    return lambda name: session.client(name, endpoint_url=endpoint)


def _plan(client: Any) -> dict[str, str]:
    """Create what the state describes, as `terraform apply` would have."""
    kms, s3, ec2, iam = client("kms"), client("s3"), client("ec2"), client("iam")
    key = kms.create_key(Description="application data", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    kms.create_alias(AliasName="alias/acme-data", TargetKeyId=key["KeyId"])
    kms.enable_key_rotation(KeyId=key["KeyId"])
    ids = {"kms_key_id": key["KeyId"], "kms_key_arn": key["Arn"]}
    s3.create_bucket(Bucket="acme-logs")
    s3.put_bucket_tagging(
        Bucket="acme-logs", Tagging={"TagSet": [{"Key": "team", "Value": "platform"}]}
    )
    s3.put_bucket_versioning(Bucket="acme-logs", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket="acme-logs",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key["Arn"],
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    block = dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
    )
    s3.put_public_access_block(Bucket="acme-logs", PublicAccessBlockConfiguration=block)
    s3.create_bucket(Bucket="acme-assets")
    s3.put_bucket_versioning(Bucket="acme-assets", VersioningConfiguration={"Status": "Enabled"})
    vpc = ec2.create_vpc(
        CidrBlock="10.20.0.0/16",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "main"}]}],
    )["Vpc"]
    subnet = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.20.1.0/24")["Subnet"]
    group = ec2.create_security_group(
        GroupName="web", Description="web servers", VpcId=vpc["VpcId"]
    )
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}],
            }
        ],
    )
    flow = ec2.create_flow_logs(
        ResourceIds=[vpc["VpcId"]],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination="arn:aws:s3:::acme-logs",
    )
    instance = ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        SubnetId=subnet["SubnetId"],
        SecurityGroupIds=[group["GroupId"]],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        BlockDeviceMappings=[
            {
                "DeviceName": "/dev/sda1",
                "Ebs": {"VolumeSize": 10, "Encrypted": True, "KmsKeyId": key["Arn"]},
            }
        ],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "app"}]}],
    )["Instances"][0]
    volume = ec2.create_volume(
        AvailabilityZone="us-east-1a",
        Size=20,
        VolumeType="gp3",
        Encrypted=True,
        KmsKeyId=key["Arn"],
    )
    ids.update(
        vpc_id=vpc["VpcId"],
        subnet_id=subnet["SubnetId"],
        sg_web=group["GroupId"],
        flow_log_id=flow["FlowLogIds"][0],
        instance_id=instance["InstanceId"],
        volume_data=volume["VolumeId"],
    )
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST_LAMBDA))
    policy = iam.create_policy(
        PolicyName="app",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::acme-logs/*",
                    }
                ],
            }
        ),
    )["Policy"]
    iam.attach_role_policy(RoleName="app", PolicyArn=policy["Arn"])
    ids["policy_arn"] = policy["Arn"]
    _plan_services(client, ids)
    return ids


def _plan_services(client: Any, ids: dict[str, str]) -> None:
    rds, lambda_, cloudtrail = client("rds"), client("lambda"), client("cloudtrail")
    rds.create_db_instance(
        DBInstanceIdentifier="orders",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="app",
        MasterUserPassword="x" * 12,
        AllocatedStorage=20,
        StorageEncrypted=True,
        PubliclyAccessible=False,
    )
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    lambda_.create_function(
        FunctionName="api",
        Runtime="python3.12",
        Handler="index.handler",
        Role="arn:aws:iam::123456789012:role/app",
        Code={"ZipFile": code.getvalue()},
        Environment={"Variables": {"DB_PASSWORD": "Sup3rSecret!", "MODE": "prod"}},
        TracingConfig={"Mode": "Active"},
    )
    cloudtrail.create_trail(
        Name="main",
        S3BucketName="acme-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        IncludeGlobalServiceEvents=True,
    )
    # Planned too, and deleted out of band below.
    legacy = client("ec2").create_security_group(
        GroupName="legacy", Description="legacy", VpcId=ids["vpc_id"]
    )
    ids["sg_legacy"] = legacy["GroupId"]
    client("iam").create_user(UserName="deploy-bot")
    lambda_.create_function(
        FunctionName="worker",
        Runtime="python3.12",
        Handler="index.handler",
        Role="arn:aws:iam::123456789012:role/app",
        Code={"ZipFile": code.getvalue()},
    )
    rds.create_db_instance(
        DBInstanceIdentifier="reports",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="app",
        MasterUserPassword="x" * 12,
        AllocatedStorage=20,
    )


def _out_of_band(client: Any, ids: dict[str, str]) -> None:
    """What happened after the last apply, outside Terraform."""
    s3, ec2, iam, kms = client("s3"), client("ec2"), client("iam"), client("kms")
    ec2.authorize_security_group_ingress(
        GroupId=ids["sg_web"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    s3.put_bucket_versioning(Bucket="acme-logs", VersioningConfiguration={"Status": "Suspended"})
    s3.delete_bucket_encryption(Bucket="acme-logs")
    s3.delete_bucket(Bucket="acme-assets")
    ec2.delete_flow_logs(FlowLogIds=[ids["flow_log_id"]])
    ec2.delete_volume(VolumeId=ids["volume_data"])
    scratch = ec2.create_volume(AvailabilityZone="us-east-1b", Size=8, VolumeType="gp2")
    ids["volume_scratch"] = scratch["VolumeId"]
    ec2.modify_instance_metadata_options(InstanceId=ids["instance_id"], HttpTokens="optional")
    trust = json.loads(json.dumps(TRUST_LAMBDA))
    trust["Statement"][0]["Principal"]["Service"] = ["lambda.amazonaws.com", "ec2.amazonaws.com"]
    iam.update_assume_role_policy(RoleName="app", PolicyDocument=json.dumps(trust))
    iam.create_policy_version(
        PolicyArn=ids["policy_arn"],
        SetAsDefault=True,
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
            }
        ),
    )
    iam.create_role(
        RoleName="ops-admin",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    }
                ],
            }
        ),
    )
    iam.put_role_policy(
        RoleName="ops-admin",
        PolicyName="admin",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    iam.create_service_linked_role(AWSServiceName="support.amazonaws.com")
    kms.disable_key_rotation(KeyId=ids["kms_key_id"])
    client("rds").modify_db_instance(
        DBInstanceIdentifier="orders", PubliclyAccessible=True, ApplyImmediately=True
    )
    lambda_ = client("lambda")
    lambda_.update_function_configuration(
        FunctionName="api",
        Environment={"Variables": {"DB_PASSWORD": "NewPassw0rd!", "MODE": "prod"}},
    )
    lambda_.add_permission(
        FunctionName="api", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*"
    )
    client("cloudtrail").update_trail(Name="main", IsMultiRegionTrail=False)
    _deleted_and_created_by_hand(client, ids)


def _deleted_and_created_by_hand(client: Any, ids: dict[str, str]) -> None:
    ec2, iam = client("ec2"), client("iam")
    ec2.delete_security_group(GroupId=ids["sg_legacy"])
    iam.delete_user(UserName="deploy-bot")
    client("lambda").delete_function(FunctionName="worker")
    client("rds").delete_db_instance(DBInstanceIdentifier="reports", SkipFinalSnapshot=True)
    client("s3").create_bucket(Bucket="acme-tmp")
    debug = ec2.create_security_group(GroupName="debug", Description="d", VpcId=ids["vpc_id"])
    ids["sg_debug"] = debug["GroupId"]
    iam.create_user(UserName="contractor")
    ids["kms_scratch"] = client("kms").create_key(Description="scratch")["KeyMetadata"]["KeyId"]


@pytest.fixture(scope="module")
def account(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Account]:
    folder = tmp_path_factory.mktemp("drift")
    with pytest.MonkeyPatch.context() as monkeypatch:
        dummy_aws_env(monkeypatch, folder)
        reset(moto_endpoint)
        client = _clients(moto_endpoint)
        ids = _plan(client)
        _out_of_band(client, ids)
        state = folder / "terraform.tfstate"
        template = string.Template((DATA / "planned.tfstate").read_text(encoding="utf-8"))
        state.write_text(template.substitute(ids), encoding="utf-8")
        started = time.perf_counter()
        options = CollectOptions(regions=(REGION,), endpoint_url=moto_endpoint)
        inventory = collect("aws", options, SilentProgress())
        seconds = time.perf_counter() - started
        monkeypatch.chdir(folder)
        yield Account(moto_endpoint, ids, folder, state, inventory, seconds)


def _drift(account: Account, rules: Any = DEFAULT_RULES) -> DriftResult:
    planned = load_planned(account.state, account.folder)
    return compare(planned, account.inventory, live_resources(account.inventory), list(rules))


def _entries(result: DriftResult, kind: str) -> dict[tuple[str, str], DriftEntry]:
    return {(e.resource_type, e.id): e for e in result.entries if e.kind == kind}


def _changes(entry: DriftEntry) -> list[tuple[str, Any, Any]]:
    return [(a.path, a.planned, a.live) for a in entry.attributes]


def test_inventory_reads_every_service_without_errors(account: Account) -> None:
    assert account.inventory.errors == []
    assert account.inventory.account == "123456789012"
    assert account.inventory.regions == (REGION,)
    assert account.inventory.counts == {
        "aws_cloudtrail": 1,
        "aws_db_instance": 1,
        "aws_default_security_group": 2,
        "aws_default_vpc": 1,
        "aws_ebs_volume": 1,
        "aws_iam_policy": 1,
        "aws_iam_role": 3,
        "aws_iam_role_policy": 1,
        "aws_iam_role_policy_attachment": 1,
        "aws_iam_user": 1,
        "aws_instance": 1,
        "aws_kms_alias": 1,
        "aws_kms_key": 2,
        "aws_lambda_function": 1,
        "aws_lambda_permission": 1,
        "aws_s3_bucket": 2,
        "aws_s3_bucket_acl": 2,
        "aws_s3_bucket_public_access_block": 1,
        "aws_s3_bucket_versioning": 1,
        "aws_security_group": 2,
        "aws_vpc": 1,
    }


def test_missing_resources_point_at_their_place_in_the_state(account: Account) -> None:
    missing = {
        key: (e.address, e.region, e.line)
        for key, e in _entries(_drift(account), "missing").items()
    }
    assert {e.file for e in _drift(account).entries if e.kind == "missing"} == {"terraform.tfstate"}
    ids = account.ids
    assert missing == {
        ("aws_s3_bucket", "acme-assets"): ("aws_s3_bucket.assets", REGION, 90),
        # Encryption was removed from the bucket: its configuration is gone.
        ("aws_s3_bucket_server_side_encryption_configuration", "acme-logs"): (
            "aws_s3_bucket_server_side_encryption_configuration.logs",
            "",
            52,
        ),
        ("aws_flow_log", ids["flow_log_id"]): ("aws_flow_log.main", "", 145),
        ("aws_ebs_volume", ids["volume_data"]): ("aws_ebs_volume.data", REGION, 215),
        ("aws_security_group", ids["sg_legacy"]): ("aws_security_group.legacy", "", 400),
        ("aws_iam_user", "deploy-bot"): ("aws_iam_user.deploy", "", 419),
        ("aws_lambda_function", "worker"): ("aws_lambda_function.worker", REGION, 431),
        ("aws_db_instance", "reports"): ("aws_db_instance.reports", REGION, 447),
    }


def test_parts_of_a_missing_bucket_are_not_reported_on_their_own(account: Account) -> None:
    result = _drift(account)
    addresses = {e.address for e in result.entries}
    assert "aws_s3_bucket.assets" in addresses
    assert "aws_s3_bucket_versioning.assets" not in addresses


def test_unmanaged_resources(account: Account) -> None:
    unmanaged = {key: e.region for key, e in _entries(_drift(account), "unmanaged").items()}
    ids = account.ids
    assert unmanaged == {
        ("aws_iam_role", "ops-admin"): "global",
        ("aws_iam_user", "contractor"): "global",
        ("aws_ebs_volume", ids["volume_scratch"]): REGION,
        ("aws_s3_bucket", "acme-tmp"): REGION,
        ("aws_security_group", ids["sg_debug"]): REGION,
        ("aws_kms_key", ids["kms_scratch"]): REGION,
        # A permission added to a managed function is drift of its own.
        ("aws_lambda_permission", "api/anyone"): REGION,
    }
    located = {(e.file, e.line) for e in _drift(account).entries if e.kind == "unmanaged"}
    assert ("aws://global/aws_iam_role/ops-admin", 1) in located
    assert (f"aws://{REGION}/aws_lambda_permission/api/anyone", 1) in located
    # The unmanaged role's inline policy and the unmanaged bucket's ACL are part of their
    # parents' entries; the managed bucket's private ACL is what AWS gives every bucket.
    types = {e.resource_type for e in _drift(account).entries}
    assert "aws_iam_role_policy" not in types
    assert "aws_s3_bucket_acl" not in types


def test_changed_resources_with_their_attributes(account: Account) -> None:
    changed = {key: _changes(e) for key, e in _entries(_drift(account), "changed").items()}
    ids = account.ids
    ssh = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}
    lambda_trust = {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
    }
    both_trust = {
        **lambda_trust,
        "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]},
    }
    assert changed == {
        ("aws_security_group", ids["sg_web"]): [("ingress", None, ssh)],
        ("aws_s3_bucket_versioning", "acme-logs"): [
            ("versioning_configuration[0].status", "Enabled", "Suspended")
        ],
        ("aws_instance", ids["instance_id"]): [
            ("metadata_options[0].http_tokens", "required", "optional")
        ],
        ("aws_iam_role", "app"): [
            (
                "assume_role_policy",
                {"Statement": lambda_trust, "Version": "2012-10-17"},
                {"Statement": both_trust, "Version": "2012-10-17"},
            )
        ],
        ("aws_iam_policy", "app"): [
            (
                "policy",
                {
                    "Statement": {
                        "Action": "s3:GetObject",
                        "Effect": "Allow",
                        "Resource": "arn:aws:s3:::acme-logs/*",
                    },
                    "Version": "2012-10-17",
                },
                {
                    "Statement": {"Action": "s3:*", "Effect": "Allow", "Resource": "*"},
                    "Version": "2012-10-17",
                },
            )
        ],
        ("aws_db_instance", "orders"): [("publicly_accessible", False, True)],
        # Secrets are compared masked, and reported masked.
        ("aws_lambda_function", "api"): [
            ("environment[0].variables.DB_PASSWORD", "Sup3****", "NewP****")
        ],
        ("aws_kms_key", ids["kms_key_id"]): [("enable_key_rotation", True, False)],
        ("aws_cloudtrail", "main"): [("is_multi_region_trail", True, False)],
    }
    assert all(a.security for e in _drift(account).entries for a in e.attributes)


def test_entries_are_ordered_by_kind_then_type(account: Account) -> None:
    entries = _drift(account).entries
    kinds = [e.kind for e in entries]
    assert kinds == sorted(kinds, key=["missing", "unmanaged", "changed"].index)
    changed = [e.resource_type for e in entries if e.kind == "changed"]
    assert changed == sorted(changed)


def test_default_rules_leave_out_what_every_account_has(account: Account) -> None:
    without = _drift(account, rules=())
    extra = set(_entries(without, "unmanaged")) - set(_entries(_drift(account), "unmanaged"))
    assert {t for t, _ in extra} == {
        "aws_default_vpc",
        "aws_default_security_group",
        "aws_iam_role",
    }
    # moto names it AWSServiceRoleForsupport (AWS: AWSServiceRoleForSupport).
    assert [i for t, i in extra if t == "aws_iam_role"] == ["AWSServiceRoleForsupport"]
    assert len(extra) == 4  # one default VPC, two default groups, one service-linked role
    assert _drift(account).ignored == 4
    assert without.ignored == 0


@dataclass(frozen=True)
class CliRuns:
    live: Any
    inventory: Any
    offline: Any
    folder: Path


def _invoke(command: Any, arguments: list[str]) -> Any:
    from click.testing import CliRunner

    return CliRunner().invoke(command, arguments, catch_exceptions=False)


@pytest.fixture(scope="module")
def cli(account: Account) -> CliRuns:
    """The CLI once live and once offline, from an inventory file taken by the CLI."""
    from iacscan.drift.commands import drift_command, inventory_group

    cloud = ["--region", REGION, "--endpoint-url", account.endpoint]
    folder = account.folder
    live = _invoke(
        drift_command,
        [
            str(account.state),
            "--live",
            "aws",
            *cloud,
            "--check",
            "--fail-on-drift",
            "-o",
            "text",
            "-o",
            f"json={folder / 'live.json'}",
            "-o",
            f"sarif={folder / 'live.sarif'}",
            "-o",
            f"markdown={folder / 'live.md'}",
        ],
    )
    inventory = _invoke(inventory_group, ["aws", "-o", str(folder / "inventory.json"), *cloud])
    offline = _invoke(
        drift_command,
        [
            str(account.state),
            "--inventory",
            str(folder / "inventory.json"),
            "--check",
            "--fail-on-drift",
            "-o",
            "json",
        ],
    )
    return CliRuns(live, inventory, offline, folder)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_cli_exits_1_on_drift_and_shows_progress_on_stderr(cli: CliRuns) -> None:
    assert cli.live.exit_code == 1
    progress = cli.live.stderr.splitlines()
    assert "aws account 123456789012, regions us-east-1" in progress
    assert (
        "aws ec2-security-groups us-east-1: 2 aws_default_security_group, 2 aws_security_group"
        in progress
    )
    assert (
        "aws iam global: 1 aws_iam_policy, 3 aws_iam_role, 1 aws_iam_role_policy, "
        "1 aws_iam_role_policy_attachment, 1 aws_iam_user" in progress
    )
    assert any(line.startswith("aws read 28 resources in ") for line in progress)
    assert cli.inventory.exit_code == 0


def test_saved_inventory_gives_the_same_drift_as_the_live_account(cli: CliRuns) -> None:
    live = _json(cli.folder / "live.json")
    offline = json.loads(cli.offline.stdout)
    assert cli.offline.exit_code == 1
    assert offline["drift"] == live["drift"]
    assert len(live["drift"]) == 24
    for document in (live, offline):
        document["summary"].pop("seconds")
        document["posture"]["summary"].pop("seconds")
    assert offline["summary"] == live["summary"]
    assert offline["posture"]["findings"] == live["posture"]["findings"]
    # Two readings of the account: only the time differs.
    offline["live"].pop("taken_at")
    assert offline["live"] == {"provider": "aws", "account": "123456789012", "regions": [REGION]}
    assert live["live"]["taken_at"].endswith("Z")


def test_json_report_entries(cli: CliRuns, account: Account) -> None:
    document = _json(cli.folder / "live.json")
    assert document["planned"] == {"kind": "state", "source": "terraform.tfstate"}
    assert document["summary"]["missing"] == 8
    assert document["summary"]["unmanaged"] == 7
    assert document["summary"]["changed"] == 9
    assert document["summary"]["matched"] == 14
    assert document["summary"]["ignored"] == 4
    group = next(e for e in document["drift"] if e["address"] == "aws_security_group.web")
    sg = account.ids["sg_web"]
    assert group == {
        "kind": "changed",
        "resource_type": "aws_security_group",
        "id": sg,
        "address": "aws_security_group.web",
        "region": REGION,
        "security": True,
        "attributes": [
            {
                "path": "ingress",
                "planned": None,
                "security": True,
                "live": {
                    "protocol": "tcp",
                    "from_port": 22,
                    "to_port": 22,
                    "cidr_blocks": ["0.0.0.0/0"],
                },
            }
        ],
        "file": "terraform.tfstate",
        "line": 164,
        "live_uri": f"aws://{REGION}/aws_security_group/{sg}",
    }


def test_live_posture_runs_the_built_in_checks(cli: CliRuns, account: Account) -> None:
    findings = _json(cli.folder / "live.json")["posture"]["findings"]
    found = {(f["check_id"], f["file"], f["start_line"]) for f in findings}
    sg, key = account.ids["sg_web"], account.ids["kms_key_id"]
    expected = {
        ("IAC-AWS-EC2-001", f"aws://{REGION}/aws_security_group/{sg}", 1),
        ("IAC-AWS-KMS-001", f"aws://{REGION}/aws_kms_key/{key}", 1),
        ("IAC-AWS-LAMBDA-001", f"aws://{REGION}/aws_lambda_permission/api/anyone", 1),
        ("IAC-AWS-RDS-002", f"aws://{REGION}/aws_db_instance/orders", 1),
        ("IAC-AWS-IAM-001", "aws://global/aws_iam_role_policy/ops-admin:admin", 1),
        ("IAC-AWS-EC2-010", f"aws://{REGION}/aws_instance/{account.ids['instance_id']}", 1),
    }
    assert expected <= found
    ssh = next(f for f in findings if f["check_id"] == "IAC-AWS-EC2-001")
    assert ssh["message"] == "ingress from 0.0.0.0/0 to port 22 (SSH)"
    assert ssh["attribute"] == "ingress[1].cidr_blocks[0]"
    # Hard-coded secret checks judge code; live values are masked and not judged.
    assert not any(f["check_id"] == "IAC-GEN-SECRETS-001" for f in findings)


def test_secrets_never_leave_in_full(cli: CliRuns) -> None:
    outputs = [cli.live.stdout, cli.live.stderr, cli.offline.stdout, cli.inventory.stderr]
    for name in ("live.json", "live.sarif", "live.md", "inventory.json"):
        outputs.append((cli.folder / name).read_text(encoding="utf-8"))
    for text in outputs:
        assert "Sup3rSecret!" not in text
        assert "NewPassw0rd!" not in text
    assert "Sup3****" in cli.live.stdout
    assert '"DB_PASSWORD": "NewP****"' in (cli.folder / "inventory.json").read_text()


def test_sarif_is_valid_and_points_at_plans_and_live_uris(cli: CliRuns, account: Account) -> None:
    from tests.report_support import sarif_schema, schema_errors

    document = _json(cli.folder / "live.sarif")
    assert schema_errors(sarif_schema(), document) == []
    run = document["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"IAC-DRIFT-001", "IAC-DRIFT-002", "IAC-DRIFT-003", "IAC-AWS-EC2-001"} <= set(rules)
    by_rule: dict[str, list[Any]] = {}
    for item in run["results"]:
        assert rules[item["ruleIndex"]] == item["ruleId"]
        by_rule.setdefault(item["ruleId"], []).append(item["locations"][0]["physicalLocation"])
    assert {
        "artifactLocation": {"uri": "terraform.tfstate", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 90},
    } in by_rule["IAC-DRIFT-001"]
    assert {
        "artifactLocation": {"uri": "aws://global/aws_iam_role/ops-admin"},
        "region": {"startLine": 1},
    } in by_rule["IAC-DRIFT-002"]
    sg = account.ids["sg_web"]
    assert {
        "artifactLocation": {"uri": f"aws://{REGION}/aws_security_group/{sg}"},
        "region": {"startLine": 1, "endLine": 1},
    } in by_rule["IAC-AWS-EC2-001"]
    assert len(by_rule["IAC-DRIFT-003"]) == 9


def test_markdown_report(cli: CliRuns) -> None:
    text = (cli.folder / "live.md").read_text(encoding="utf-8")
    assert text.startswith("## iacscan drift\n\n**24 drifted resource(s)**")
    assert "### Missing (planned, not found live): 8" in text
    assert "| `aws_s3_bucket` | `acme-assets` | `aws_s3_bucket.assets` | us-east-1 | - |" in text
    assert (
        "| `aws_db_instance` | `orders` | `aws_db_instance.orders` | us-east-1 | "
        "**!** `publicly_accessible`: false → true |"
    ) in text
    assert "### Live posture:" in text
