"""Terraform root modules (several `.tf` files a folder, sometimes with a local child module)
assembled from the AWS, Azure and GCP components."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bench import tf_aws, tf_cloud
from bench.common import next_component
from bench.hcl import Block, Item, Raw, Value, block, render_file
from bench.tf_parts import ModuleCtx, Part, Var, output

Component = Callable[[ModuleCtx], Part]
MAX_LINES = 300
ONCE = ("kms", "cloudtrail", "key_vault")
LARGEST_COMPONENT = 80  # lines; a file stops growing before a component could push it past 300


@dataclass(frozen=True)
class Cloud:
    name: str
    provider: str
    source: str
    version: str
    location_var: str
    location: str
    backend: tuple[str, tuple[tuple[str, str], ...]]
    components: Mapping[str, Component]
    preamble: Component | None = None


CLOUDS = {
    "aws": Cloud(
        "aws",
        "aws",
        "hashicorp/aws",
        "~> 5.40",
        "region",
        "eu-west-1",
        ("s3", (("bucket", "acme-terraform-state"), ("dynamodb_table", "terraform-locks"))),
        tf_aws.COMPONENTS,
    ),
    "azure": Cloud(
        "azure",
        "azurerm",
        "hashicorp/azurerm",
        "~> 4.10",
        "location",
        "westeurope",
        ("azurerm", (("resource_group_name", "rg-tfstate"), ("storage_account_name", "acmetf"))),
        tf_cloud.AZURE_COMPONENTS,
        tf_cloud.azure_resource_group,
    ),
    "gcp": Cloud(
        "gcp",
        "google",
        "hashicorp/google",
        "~> 6.5",
        "region",
        "europe-west1",
        ("gcs", (("bucket", "acme-tf-state"),)),
        tf_cloud.GCP_COMPONENTS,
    ),
}


@dataclass(frozen=True)
class Project:
    cloud: Cloud
    name: str
    environment: str
    insecure: bool


def project_files(rng: random.Random, project: Project, count: int) -> dict[str, str]:
    """`count` files (relative paths -> text) of one root module, child module included."""
    if count >= 5 and rng.random() < 0.35:
        child_name = rng.choice(sorted(project.cloud.components))
        child = _module(rng, project, 3, child=True, first=child_name)
        root = _module(rng, project, count - 3, child=False, calls=(child_name, child))
        child_files = {f"modules/{child_name}/{k}": v for k, v in child.files.items()}
        return {**root.files, **child_files}
    return _module(rng, project, count, child=False).files


@dataclass
class _Built:
    files: dict[str, str]
    variables: list[Var]
    outputs: list[Block]


def _module(
    rng: random.Random,
    project: Project,
    count: int,
    child: bool,
    calls: tuple[str, _Built] | None = None,
    first: str | None = None,
) -> _Built:
    ctx = ModuleCtx(rng)
    themes = ["network.tf", "storage.tf", "database.tf", "iam.tf", "compute.tf", "monitoring.tf"]
    names = ["main.tf", "variables.tf", "versions.tf", "outputs.tf", *themes][: max(count, 1)]
    if child:
        names = ["main.tf", "variables.tf", "outputs.tf"]
    resource_files = [n for n in names if n not in ("variables.tf", "versions.tf", "outputs.tf")]
    variables = _base_variables(project, child)
    outputs: list[Block] = []
    bodies: dict[str, list[Block]] = {}
    forced = project.insecure
    used: list[str] = []
    queue = [first] if first else []  # a child module starts with the component it is named after
    for index, file_name in enumerate(resource_files):
        blocks: list[Block] = []
        if file_name == "main.tf":
            if count < 3 and not child:
                blocks += _versions(project)
            blocks.append(_locals(child))
            if calls is not None:
                blocks.append(_module_call(calls[0], project, calls[1], variables))
            if project.cloud.preamble and index == 0:
                part = project.cloud.preamble(ctx)
                blocks += part.resources
                outputs += part.outputs
        budget = rng.randint(40, 220 if count > 1 else 160)
        while True:
            ctx.insecure = project.insecure and (forced or rng.random() < 0.5)
            forced = False
            if queue:
                kind = queue.pop()
                used.append(kind)
            else:
                kind = next_component(rng, list(project.cloud.components), used, ONCE)
            part = project.cloud.components[kind](ctx)
            blocks += part.resources
            variables += part.variables
            outputs += part.outputs
            lines = render_file(blocks).count("\n")
            if lines >= budget or lines > MAX_LINES - LARGEST_COMPONENT:
                break
        bodies[file_name] = blocks
    variables = _unique(variables)
    outputs = _pad_outputs(outputs, project)
    files = _place(project, names, bodies, variables, outputs, count, child)
    return _Built(files, variables, outputs)


def _place(
    project: Project,
    names: list[str],
    bodies: dict[str, list[Block]],
    variables: list[Var],
    outputs: list[Block],
    count: int,
    child: bool,
) -> dict[str, str]:
    var_blocks = [v.to_block() for v in variables]
    if "variables.tf" not in names:  # a one-file module keeps everything in main.tf
        bodies["main.tf"] = bodies["main.tf"][:1] + var_blocks + bodies["main.tf"][1:]
    if "outputs.tf" not in names:
        bodies[names[0]] += outputs[:2]
    files: dict[str, str] = {}
    for name in names:
        if name == "variables.tf":
            files[name] = render_file(var_blocks)
        elif name == "versions.tf":
            files[name] = render_file(_versions(project))
        elif name == "outputs.tf":
            files[name] = render_file(outputs)
        else:
            files[name] = render_file(bodies[name])
    return files


def _base_variables(project: Project, child: bool) -> list[Var]:
    cloud = project.cloud
    base = [
        Var("project", "string", "Short project name", project.name),
        Var("environment", "string", "Deployment environment", project.environment),
        Var(cloud.location_var, "string", "Where resources are created", cloud.location),
        Var("owner", "string", "Team that owns these resources", "platform-team"),
        Var("cost_center", "string", "Cost centre for billing", "cc-4711"),
    ]
    if child:  # a child module gets these from its caller
        return [Var(v.name, v.type, v.description, has_default=False) for v in base]
    return base


def _unique(variables: list[Var]) -> list[Var]:
    seen: dict[str, Var] = {}
    for var in variables:
        seen.setdefault(var.name, var)
    return list(seen.values())


def _pad_outputs(outputs: list[Block], project: Project) -> list[Block]:
    extra = [
        output("name_prefix", "local.name_prefix", "Prefix of every resource name"),
        output("common_tags", "local.common_tags", "Tags applied to every resource"),
        output("environment", "var.environment", "Deployment environment"),
        output("location", f"var.{project.cloud.location_var}", "Where resources live"),
        output("owner", "var.owner", "Owning team"),
    ]
    return outputs + extra[: max(0, 5 - len(outputs))]


def _versions(project: Project) -> list[Block]:
    cloud = project.cloud
    kind, settings = cloud.backend
    state_key = f"{project.name}/{project.environment}/terraform.tfstate"
    backend_body: list[Item] = [*settings, ("key", state_key)]
    if kind == "s3":
        backend_body += [("region", "eu-west-1"), ("encrypt", True)]
    terraform = block(
        "terraform",
        body=[
            ("required_version", ">= 1.5.0"),
            block(
                "required_providers",
                body=[
                    (cloud.provider, {"source": cloud.source, "version": cloud.version}),
                    ("random", {"source": "hashicorp/random", "version": "~> 3.6"}),
                ],
            ),
            block("backend", kind, body=backend_body),
        ],
    )
    return [terraform, block("provider", cloud.provider, body=_provider_body(cloud))]


def _provider_body(cloud: Cloud) -> list[Item]:
    if cloud.name == "azure":
        return [block("features", body=[]), ("storage_use_azuread", True)]
    if cloud.name == "gcp":
        return [("project", Raw("var.project")), ("region", Raw("var.region"))]
    tags: dict[str, Value] = {"ManagedBy": "terraform", "Repository": Raw("var.project")}
    return [("region", Raw("var.region")), block("default_tags", body=[("tags", tags)])]


def _locals(child: bool) -> Block:
    return block(
        "locals",
        body=[
            ("name_prefix", "${var.project}-${var.environment}"),
            ("is_production", Raw('var.environment == "prod"')),
            (
                "common_tags",
                {
                    "Project": Raw("var.project"),
                    "Environment": Raw("var.environment"),
                    "Owner": Raw("var.owner"),
                    "CostCenter": Raw("var.cost_center"),
                    "Module": "child" if child else "root",
                },
            ),
        ],
    )


def _module_call(name: str, project: Project, child: _Built, root_vars: list[Var]) -> Block:
    """`module "x" { source = "./modules/x" ... }` passing every input the child requires."""
    body: list[Item] = [("source", f"./modules/{name}")]
    for var in child.variables:
        if not var.has_default:
            body.append((var.name, Raw(f"var.{var.name}")))
            if all(v.name != var.name for v in root_vars):
                root_vars.append(var)
    return block("module", name, body=body)


def single_file(rng: random.Random, project: Project) -> str:
    """A small stand-alone file: locals, an S3 bucket and a security group, misconfigured."""
    ctx = ModuleCtx(rng, insecure=project.insecure)
    parts = [tf_aws.s3_bucket(ctx), tf_aws.security_group(ctx)]
    variables = _unique(
        _base_variables(project, child=False) + [v for p in parts for v in p.variables]
    )
    blocks = [_locals(child=False), *(r for p in parts for r in p.resources)]
    return render_file([*(v.to_block() for v in variables), *blocks])
