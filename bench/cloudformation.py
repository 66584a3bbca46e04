"""CloudFormation templates (YAML with short-form tags, or JSON): S3 buckets with policies,
security groups, RDS, IAM roles and managed policies, CloudTrail; with Parameters, Conditions,
`!Ref`, `!Sub` and `!GetAtt`."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from bench.common import choose_flaws, next_component
from bench.yamlish import equals, get_att, if_, ref, sub, to_json, to_yaml

WORLD = "0.0.0.0/0"
Resources = dict[str, Any]


class _Ctx:
    def __init__(self, rng: random.Random, insecure: bool) -> None:
        self.rng = rng
        self.insecure = insecure
        self.parameters: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self.names: dict[str, str] = {}  # kind -> first logical id

    def flaws(self, *options: str) -> set[str]:
        return choose_flaws(self.rng, self.insecure, options)

    def unique(self, resources: Resources, stem: str) -> str:
        name, n = stem, 1
        while name in resources:
            n += 1
            name = f"{stem}{n}"
        return name


def bucket(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, ctx.rng.choice(["LogsBucket", "AssetsBucket", "DataBucket"]))
    bad = ctx.flaws("acl", "pab", "encryption", "policy")
    ctx.names.setdefault("bucket", name)
    flag = "pab" not in bad
    props: dict[str, Any] = {
        "BucketName": sub("${AWS::StackName}-" + name.lower() + "-${AWS::AccountId}"),
        "VersioningConfiguration": {"Status": "Enabled"},
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": flag,
            "BlockPublicPolicy": flag,
            "IgnorePublicAcls": flag,
            "RestrictPublicBuckets": flag,
        },
        "Tags": [{"Key": "Environment", "Value": ref("EnvName")}],
    }
    if "acl" in bad:
        props["AccessControl"] = ctx.rng.choice(["PublicRead", "PublicReadWrite"])
    if "encryption" not in bad:
        key = ctx.names.get("key")
        default: dict[str, Any] = {"SSEAlgorithm": "aws:kms" if key else "AES256"}
        if key:
            default["KMSMasterKeyID"] = get_att(key, "Arn")
        props["BucketEncryption"] = {
            "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": default}]
        }
    resources[name] = {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": props}
    statement: dict[str, Any] = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [get_att(name, "Arn"), sub("${" + name + ".Arn}/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    if "policy" in bad:
        statement = {
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": sub("arn:aws:s3:::${" + name + "}/*"),
        }
    resources[f"{name}Policy"] = {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": ref(name),
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        },
    }
    ctx.outputs[f"{name}Arn"] = {"Value": get_att(name, "Arn")}


def security_group(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, ctx.rng.choice(["WebSecurityGroup", "AppSecurityGroup"]))
    bad = ctx.flaws("ssh", "rdp")
    ctx.names.setdefault("sg", name)
    ctx.parameters.setdefault("VpcId", {"Type": "AWS::EC2::VPC::Id"})
    ingress = [_rule(443, "10.0.0.0/8", "HTTPS from inside")]
    if "ssh" in bad:
        ctx.parameters["AllowedSshCidr"] = {"Type": "String", "Default": WORLD}
        ingress.append(_rule(22, ref("AllowedSshCidr"), "SSH"))
    else:
        ingress.append(_rule(22, "10.20.0.0/16", "SSH from the VPN"))
    if "rdp" in bad:
        ingress.append(_rule(3389, WORLD, "RDP"))
    resources[name] = {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {
            "GroupDescription": sub("${AWS::StackName} " + name),
            "VpcId": ref("VpcId"),
            "SecurityGroupIngress": ingress,
            "Tags": [{"Key": "Name", "Value": sub("${AWS::StackName}-" + name)}],
        },
    }


def _rule(port: int, cidr: Any, description: str) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "CidrIp": cidr,
        "Description": description,
    }


def database(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, "Database")
    bad = ctx.flaws("public", "unencrypted", "backups")
    ctx.parameters.setdefault("DbPassword", {"Type": "String", "NoEcho": True, "MinLength": 16})
    ctx.parameters.setdefault("DbSubnetGroup", {"Type": "String"})
    props: dict[str, Any] = {
        "DBInstanceIdentifier": sub("${AWS::StackName}-" + name.lower()),
        "Engine": "postgres",
        "EngineVersion": "15.4",
        "DBInstanceClass": if_("IsProduction", "db.r6g.large", "db.t3.medium"),
        "AllocatedStorage": "50",
        "MasterUsername": "app",
        "MasterUserPassword": ref("DbPassword"),
        "DBSubnetGroupName": ref("DbSubnetGroup"),
        "StorageEncrypted": "unencrypted" not in bad,
        "PubliclyAccessible": "public" in bad,
        "BackupRetentionPeriod": 0 if "backups" in bad else 14,
        "MultiAZ": if_("IsProduction", True, False),
        "DeletionProtection": True,
        "EnableIAMDatabaseAuthentication": True,
    }
    if "sg" in ctx.names:
        props["VPCSecurityGroups"] = [get_att(ctx.names["sg"], "GroupId")]
    resources[name] = {
        "Type": "AWS::RDS::DBInstance",
        "DeletionPolicy": "Snapshot",
        "Properties": props,
    }
    ctx.outputs[f"{name}Endpoint"] = {"Value": get_att(name, "Endpoint.Address")}


def role(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, ctx.rng.choice(["AppRole", "WorkerRole", "DeployRole"]))
    bad = ctx.flaws("star", "admin")
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": sub("arn:aws:s3:::${AWS::StackName}-*"),
    }
    if "star" in bad:
        statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    props: dict[str, Any] = {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["lambda.amazonaws.com"]},
                    "Action": ["sts:AssumeRole"],
                }
            ],
        },
        "Policies": [
            {
                "PolicyName": "inline",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
            }
        ],
    }
    if "admin" in bad:
        props["ManagedPolicyArns"] = ["arn:aws:iam::aws:policy/AdministratorAccess"]
    resources[name] = {"Type": "AWS::IAM::Role", "Properties": props}
    ctx.outputs[f"{name}Arn"] = {"Value": get_att(name, "Arn")}


def trail(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, "AuditTrail")
    bad = ctx.flaws("logging", "validation", "region")
    bucket_ref = ref(ctx.names["bucket"]) if "bucket" in ctx.names else "org-audit-logs"
    resources[name] = {
        "Type": "AWS::CloudTrail::Trail",
        "Properties": {
            "TrailName": sub("${AWS::StackName}-audit"),
            "S3BucketName": bucket_ref,
            "IsLogging": "logging" not in bad,
            "EnableLogFileValidation": "validation" not in bad,
            "IsMultiRegionTrail": "region" not in bad,
            "IncludeGlobalServiceEvents": True,
        },
    }


def kms_key(ctx: _Ctx, resources: Resources) -> None:
    name = ctx.unique(resources, "DataKey")
    ctx.names.setdefault("key", name)
    resources[name] = {
        "Type": "AWS::KMS::Key",
        "Properties": {
            "Description": sub("Data key for ${AWS::StackName}"),
            "EnableKeyRotation": "rotation" not in ctx.flaws("rotation"),
            "KeyPolicy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AccountAdmin",
                        "Effect": "Allow",
                        "Principal": {"AWS": sub("arn:aws:iam::${AWS::AccountId}:root")},
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ],
            },
        },
    }


COMPONENTS: dict[str, Callable[[_Ctx, Resources], None]] = {
    "key": kms_key,
    "bucket": bucket,
    "sg": security_group,
    "db": database,
    "role": role,
    "trail": trail,
}


def template(rng: random.Random, insecure: bool, json_format: bool) -> str:
    """One template of 20-300 lines."""
    ctx = _Ctx(rng, insecure)
    resources: Resources = {}
    budget = rng.randint(30, 200)
    forced = insecure
    used: list[str] = []
    while True:
        ctx.insecure = insecure and (forced or rng.random() < 0.5)
        forced = False
        COMPONENTS[next_component(rng, list(COMPONENTS), used, ("trail", "key"))](ctx, resources)
        text = _render(ctx, resources, json_format)
        if text.count("\n") >= budget or text.count("\n") > 200:
            return text


def _render(ctx: _Ctx, resources: Resources, json_format: bool) -> str:
    document: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Service stack generated for the iacscan benchmark",
        "Parameters": {
            "EnvName": {"Type": "String", "Default": "prod", "AllowedValues": ["dev", "prod"]},
            **ctx.parameters,
        },
        "Conditions": {"IsProduction": equals(ref("EnvName"), "prod")},
        "Resources": resources,
    }
    if ctx.outputs:
        document["Outputs"] = ctx.outputs
    return to_json(document) if json_format else to_yaml(document)
