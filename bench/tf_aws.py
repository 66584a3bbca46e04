"""AWS Terraform components: S3 with its split-out ACL/encryption/versioning resources, security
groups, RDS, IAM via `jsonencode` and policy documents, KMS, CloudTrail, EC2.

Each function writes a hardened component, or, when `ctx.insecure`, one with one or more of the
misconfigurations a scanner should find (public ACL, port 22 open to the world, unencrypted
storage, `*` IAM, ...)."""

from __future__ import annotations

from bench.hcl import Block, Call, Item, Raw, Value, block
from bench.tf_parts import ModuleCtx, Part, Var, output, tags

WORLD = "0.0.0.0/0"


def s3_bucket(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("logs", "assets", "backups", "artifacts", "reports", "uploads"))
    ctx.remember("aws_s3_bucket", name)
    ref = f"aws_s3_bucket.{name}.id"
    bad = ctx.flaws("acl", "pab", "encryption", "versioning")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "aws_s3_bucket",
            name,
            body=[
                ("bucket", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
                ("force_destroy", False),
                ("tags", tags({"DataClass": ctx.pick("internal", "confidential")})),
            ],
        )
    )
    acl: Value = "private"
    if "acl" in bad:
        if ctx.chance(0.5):
            acl = Raw(f"var.{name}_acl")
            part.variables.append(Var(f"{name}_acl", "string", "Canned ACL", "public-read"))
        else:
            acl = ctx.pick("public-read", "public-read-write")
    part.resources.append(
        block("resource", "aws_s3_bucket_acl", name, body=[("bucket", Raw(ref)), ("acl", acl)])
    )
    flag = "pab" not in bad
    part.resources.append(
        block(
            "resource",
            "aws_s3_bucket_public_access_block",
            name,
            body=[
                ("bucket", Raw(ref)),
                ("block_public_acls", flag),
                ("block_public_policy", flag),
                ("ignore_public_acls", flag),
                ("restrict_public_buckets", flag),
            ],
        )
    )
    if "encryption" not in bad:
        part.resources.append(_s3_encryption(ctx, name, ref))
    status = "Suspended" if "versioning" in bad else "Enabled"
    part.resources.append(
        block(
            "resource",
            "aws_s3_bucket_versioning",
            name,
            body=[
                ("bucket", Raw(ref)),
                block("versioning_configuration", body=[("status", status)]),
            ],
        )
    )
    part.outputs.append(output(f"{name}_bucket_arn", f"aws_s3_bucket.{name}.arn", "Bucket ARN"))
    return part


def _s3_encryption(ctx: ModuleCtx, name: str, ref: str) -> Block:
    key = ctx.first("aws_kms_key")
    default: list[Item] = [("sse_algorithm", "aws:kms" if key else "AES256")]
    if key:
        default.append(("kms_master_key_id", Raw(f"aws_kms_key.{key}.arn")))
    rule: list[Item] = [block("apply_server_side_encryption_by_default", body=default)]
    if key:
        rule.append(("bucket_key_enabled", True))
    return block(
        "resource",
        "aws_s3_bucket_server_side_encryption_configuration",
        name,
        body=[("bucket", Raw(ref)), block("rule", body=rule)],
    )


def security_group(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("web", "app", "bastion", "internal", "lb"))
    ctx.remember("aws_security_group", name)
    bad = ctx.flaws("ssh", "rdp", "all")
    part = Part()
    ingress = [_ingress("HTTPS from the load balancers", 443, 443, ["10.0.0.0/8"])]
    if "ssh" in bad:
        ingress.append(_ingress("SSH", 22, 22, Raw(f"[var.{name}_ssh_cidr]")))
        part.variables.append(Var(f"{name}_ssh_cidr", "string", "Who may use SSH", WORLD))
    else:
        ingress.append(_ingress("SSH from the VPN", 22, 22, ["10.20.0.0/16"]))
    if "rdp" in bad:
        ingress.append(_ingress("RDP", 3389, 3389, [WORLD]))
    if "all" in bad:
        ingress.append(_ingress("Everything", 0, 65535, [WORLD], protocol="-1"))
    egress = block(
        "egress",
        body=[("from_port", 0), ("to_port", 0), ("protocol", "-1"), ("cidr_blocks", [WORLD])],
    )
    part.resources.append(
        block(
            "resource",
            "aws_security_group",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("description", f"Traffic rules for the {name} tier"),
                ("vpc_id", Raw("var.vpc_id")),
                *ingress,
                egress,
                ("tags", tags({"Name": f"${{local.name_prefix}}-{name}"})),
            ],
        )
    )
    if ctx.chance(0.5):
        cidr: Value = [WORLD] if "ssh" in bad and ctx.chance(0.5) else ["172.16.0.0/12"]
        part.resources.append(
            block(
                "resource",
                "aws_security_group_rule",
                f"{name}_metrics",
                body=[
                    ("type", "ingress"),
                    ("description", "Prometheus scrapes"),
                    ("from_port", 9100),
                    ("to_port", 9100),
                    ("protocol", "tcp"),
                    ("cidr_blocks", cidr),
                    ("security_group_id", Raw(f"aws_security_group.{name}.id")),
                ],
            )
        )
    part.variables.append(Var("vpc_id", "string", "VPC to place resources in", has_default=False))
    part.outputs.append(output(f"{name}_sg_id", f"aws_security_group.{name}.id", "SG id"))
    return part


def _ingress(description: str, low: int, high: int, cidrs: Value, protocol: str = "tcp") -> Block:
    return block(
        "ingress",
        body=[
            ("description", description),
            ("from_port", low),
            ("to_port", high),
            ("protocol", protocol),
            ("cidr_blocks", cidrs),
        ],
    )


def rds_instance(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("db", "orders_db", "users_db", "reporting_db"))
    bad = ctx.flaws("public", "unencrypted", "backups")
    engine = ctx.pick("postgres", "mysql")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "aws_db_subnet_group",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("subnet_ids", Raw("var.private_subnet_ids")),
                ("tags", tags()),
            ],
        )
    )
    sg = ctx.first("aws_security_group")
    body: list[Item] = [
        ("identifier", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
        ("engine", engine),
        ("engine_version", "15.4" if engine == "postgres" else "8.0.35"),
        ("instance_class", Raw("var.db_instance_class")),
        ("allocated_storage", ctx.rng.choice([20, 50, 100])),
        ("db_name", name.replace("_db", "")),
        ("username", "app"),
        ("password", Raw(f"var.{name}_password")),
        ("db_subnet_group_name", Raw(f"aws_db_subnet_group.{name}.name")),
        ("vpc_security_group_ids", Raw(f"[aws_security_group.{sg}.id]" if sg else "[]")),
        ("storage_encrypted", "unencrypted" not in bad),
        ("publicly_accessible", "public" in bad),
        ("backup_retention_period", 0 if "backups" in bad else 14),
        ("multi_az", Raw('var.environment == "prod"')),
        ("deletion_protection", True),
        ("iam_database_authentication_enabled", True),
        ("copy_tags_to_snapshot", True),
        ("skip_final_snapshot", False),
        ("final_snapshot_identifier", f"${{local.name_prefix}}-{name.replace('_', '-')}-final"),
        ("tags", tags()),
    ]
    if "unencrypted" not in bad and ctx.first("aws_kms_key"):
        body.insert(11, ("kms_key_id", Raw(f"aws_kms_key.{ctx.first('aws_kms_key')}.arn")))
    part.resources.append(block("resource", "aws_db_instance", name, body=body))
    part.variables += [
        Var(f"{name}_password", "string", "Master password", has_default=False, sensitive=True),
        Var("db_instance_class", "string", "RDS instance class", "db.t3.medium"),
        Var("private_subnet_ids", "list(string)", "Private subnets", has_default=False),
    ]
    part.outputs.append(output(f"{name}_endpoint", f"aws_db_instance.{name}.endpoint", "Endpoint"))
    return part


def iam_policy(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("app", "worker", "deployer", "reader"))
    bad = ctx.flaws("star")
    bucket = ctx.first("aws_s3_bucket")
    resource: Value = (
        [f"${{aws_s3_bucket.{bucket}.arn}}/*"] if bucket else ["arn:aws:s3:::shared/*"]
    )
    statement: dict[str, Value] = {
        "Sid": "ObjectAccess",
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": resource,
    }
    if "star" in bad:
        statement = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    assume: dict[str, Value] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ctx.pick("ec2.amazonaws.com", "lambda.amazonaws.com")},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    policy: dict[str, Value] = {"Version": "2012-10-17", "Statement": [statement]}
    part = Part()
    part.resources += [
        block(
            "resource",
            "aws_iam_role",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("assume_role_policy", Call("jsonencode", (assume,))),
                ("tags", tags()),
            ],
        ),
        block(
            "resource",
            "aws_iam_policy",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("description", f"Permissions of the {name} role"),
                ("policy", Call("jsonencode", (policy,))),
            ],
        ),
        block(
            "resource",
            "aws_iam_role_policy_attachment",
            name,
            body=[
                ("role", Raw(f"aws_iam_role.{name}.name")),
                ("policy_arn", Raw(f"aws_iam_policy.{name}.arn")),
            ],
        ),
    ]
    part.outputs.append(output(f"{name}_role_arn", f"aws_iam_role.{name}.arn", "Role ARN"))
    return part


def iam_policy_document(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("ci", "ops", "readonly"))
    bad = ctx.flaws("star")
    actions: Value = ["*"] if "star" in bad else ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources: Value = ["*"] if "star" in bad else ["arn:aws:logs:*:*:log-group:/app/*"]
    statement = block(
        "statement",
        body=[("sid", "Logs"), ("effect", "Allow"), ("actions", actions), ("resources", resources)],
    )
    part = Part()
    part.resources += [
        block("data", "aws_iam_policy_document", name, body=[statement]),
        block(
            "resource",
            "aws_iam_policy",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("policy", Raw(f"data.aws_iam_policy_document.{name}.json")),
            ],
        ),
    ]
    part.outputs.append(output(f"{name}_policy_arn", f"aws_iam_policy.{name}.arn", "Policy ARN"))
    return part


def kms_key(ctx: ModuleCtx) -> Part:
    name = ctx.label("main")
    ctx.remember("aws_kms_key", name)
    rotation = "rotation" not in ctx.flaws("rotation")
    part = Part()
    part.resources += [
        block(
            "resource",
            "aws_kms_key",
            name,
            body=[
                ("description", "Encrypts ${local.name_prefix} data at rest"),
                ("deletion_window_in_days", 30),
                ("enable_key_rotation", rotation),
                ("tags", tags()),
            ],
        ),
        block(
            "resource",
            "aws_kms_alias",
            name,
            body=[
                ("name", "alias/${local.name_prefix}"),
                ("target_key_id", Raw(f"aws_kms_key.{name}.key_id")),
            ],
        ),
    ]
    part.outputs.append(output(f"{name}_key_arn", f"aws_kms_key.{name}.arn", "KMS key ARN"))
    return part


def cloudtrail(ctx: ModuleCtx) -> Part:
    name = ctx.label("audit")
    bad = ctx.flaws("single_region", "validation")
    bucket = ctx.first("aws_s3_bucket")
    body: list[Item] = [
        ("name", "${local.name_prefix}-audit"),
        (
            "s3_bucket_name",
            Raw(f"aws_s3_bucket.{bucket}.id") if bucket else Raw("var.trail_bucket"),
        ),
        ("include_global_service_events", True),
        ("is_multi_region_trail", "single_region" not in bad),
        ("enable_log_file_validation", "validation" not in bad),
    ]
    key = ctx.first("aws_kms_key")
    if key:
        body.append(("kms_key_id", Raw(f"aws_kms_key.{key}.arn")))
    body.append(
        block(
            "event_selector",
            body=[("read_write_type", "All"), ("include_management_events", True)],
        )
    )
    body.append(("tags", tags()))
    part = Part(resources=[block("resource", "aws_cloudtrail", name, body=body)])
    if not bucket:
        part.variables.append(Var("trail_bucket", "string", "Bucket for trail logs", "org-trail"))
    return part


def ec2_instance(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("bastion", "worker", "runner"))
    bad = ctx.flaws("imdsv1", "unencrypted", "public_ip")
    sg = ctx.first("aws_security_group")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "aws_instance",
            name,
            body=[
                ("ami", Raw("var.ami_id")),
                ("instance_type", ctx.pick("t3.micro", "t3.small", "m6i.large")),
                ("subnet_id", Raw("var.private_subnet_ids[0]")),
                ("vpc_security_group_ids", Raw(f"[aws_security_group.{sg}.id]" if sg else "[]")),
                ("associate_public_ip_address", "public_ip" in bad),
                ("monitoring", True),
                ("ebs_optimized", True),
                block(
                    "metadata_options",
                    body=[
                        ("http_endpoint", "enabled"),
                        ("http_tokens", "optional" if "imdsv1" in bad else "required"),
                    ],
                ),
                block(
                    "root_block_device",
                    body=[
                        ("volume_size", 30),
                        ("volume_type", "gp3"),
                        ("encrypted", "unencrypted" not in bad),
                    ],
                ),
                ("tags", tags({"Name": f"${{local.name_prefix}}-{name}"})),
            ],
        )
    )
    part.variables += [
        Var("ami_id", "string", "AMI for instances", has_default=False),
        Var("private_subnet_ids", "list(string)", "Private subnets", has_default=False),
    ]
    part.outputs.append(output(f"{name}_instance_id", f"aws_instance.{name}.id", "Instance id"))
    return part


COMPONENTS = {
    "kms": kms_key,
    "s3": s3_bucket,
    "sg": security_group,
    "rds": rds_instance,
    "iam": iam_policy,
    "iam_doc": iam_policy_document,
    "cloudtrail": cloudtrail,
    "ec2": ec2_instance,
}
