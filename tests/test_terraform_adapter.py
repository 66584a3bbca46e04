"""The Terraform adapter: a directory of files -> resources (values, spans, meta) and edges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iacscan.frameworks.base import FileError, ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.frameworks.terraform import TerraformAdapter
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Span, Unknown

DATA = Path(__file__).parent / "data" / "terraform"


def parse(
    files: dict[str, str],
    extra: dict[str, str] | None = None,
    options: ParseOptions | None = None,
) -> ParseResult:
    def source(name: str, text: str) -> SourceFile:
        return SourceFile(Path("/scan") / name, name, text)

    unit = ScanUnit(
        Framework.TERRAFORM,
        ".",
        tuple(source(n, t) for n, t in files.items()),
        Path("/scan"),
        tuple(source(n, t) for n, t in (extra or {}).items()),
    )
    return TerraformAdapter().parse(unit, options or ParseOptions())


def resources(result: ParseResult) -> dict[str, Resource]:
    return {r.address: r for r in result.resources}


def lines(resource: Resource) -> dict[tuple[Any, ...], tuple[int, int]]:
    return {path: (s.line, s.end_line) for path, s in resource.spans.items()}


def edges(result: ParseResult) -> set[tuple[str, str, str, tuple[Any, ...]]]:
    return {(e.source, e.target, e.kind, e.path) for e in result.edges}


BUCKET = """\
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
  tags = {
    Name = "logs"
    Env  = "prod"
  }
  cors_origins = [
    "https://a.example",
    "https://b.example",
  ]
  versioning {
    enabled = true
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags]
  }
  provider   = aws.west
  depends_on = [aws_kms_key.k]
}

resource "aws_kms_key" "k" {
  enable_key_rotation = false
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
"""


def test_resource_attributes_spans_and_meta() -> None:
    result = parse({"main.tf": BUCKET})
    assert result.errors == []
    bucket = resources(result)["aws_s3_bucket.logs"]
    assert (bucket.id, bucket.kind, bucket.type, bucket.name) == (
        ".::aws_s3_bucket.logs",
        "resource",
        "aws_s3_bucket",
        "logs",
    )
    assert (bucket.file, bucket.span, bucket.module) == ("main.tf", Span(1, 21, 1), "")
    assert bucket.attributes == {
        "bucket": "acme-logs",
        "acl": "public-read",
        "tags": {"Name": "logs", "Env": "prod"},
        "cors_origins": ["https://a.example", "https://b.example"],
        "versioning": [{"enabled": True}],
    }
    assert lines(bucket) == {
        ("bucket",): (2, 2),
        ("acl",): (3, 3),
        ("tags",): (4, 7),
        ("tags", "Name"): (5, 5),
        ("tags", "Env"): (6, 6),
        ("cors_origins",): (8, 11),
        ("cors_origins", 0): (9, 9),
        ("cors_origins", 1): (10, 10),
        ("versioning",): (12, 14),
        ("versioning", 0): (12, 14),
        ("versioning", 0, "enabled"): (13, 13),
    }
    assert bucket.meta == {
        "depends_on": ["aws_kms_key.k"],
        "provider": "aws.west",
        "lifecycle": {"prevent_destroy": True, "ignore_changes": ["tags"]},
    }
    assert bucket.field("versioning", 0, "enabled").span == Span(13, 13, 5)


def test_provider_with_alias() -> None:
    provider = resources(parse({"main.tf": BUCKET}))["provider.aws.west"]
    assert (provider.kind, provider.type, provider.type_key) == ("provider", "aws", "provider.aws")
    assert provider.attributes == {"alias": "west", "region": "us-west-2"}
    assert provider.meta == {"alias": "west"}


def test_edges_for_depends_on_and_provider() -> None:
    result = parse({"main.tf": BUCKET})
    assert edges(result) == {
        (".::aws_s3_bucket.logs", ".::aws_kms_key.k", "depends_on", ("depends_on",)),
        (".::aws_s3_bucket.logs", ".::provider.aws.west", "reference", ("provider",)),
    }


def test_references_become_unknown_values_and_edges_with_paths() -> None:
    result = parse(
        {
            "main.tf": """\
resource "aws_kms_key" "k" {}

resource "aws_s3_bucket" "b" {
  bucket = "logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      kms_master_key_id = "key-${aws_kms_key.k.arn}"
      sse_algorithm     = "aws:kms"
    }
  }
}
"""
        }
    )
    sse = resources(result)["aws_s3_bucket_server_side_encryption_configuration.sse"]
    assert isinstance(sse.attributes["bucket"], Unknown)
    default = sse.get("rule", 0, "apply_server_side_encryption_by_default", 0)
    assert isinstance(default["kms_master_key_id"], Unknown)
    assert default["sse_algorithm"] == "aws:kms"
    key_path = ("rule", 0, "apply_server_side_encryption_by_default", 0, "kms_master_key_id")
    assert sse.span_of(key_path) == Span(11, 11, 7)
    source = ".::aws_s3_bucket_server_side_encryption_configuration.sse"
    assert edges(result) == {
        (source, ".::aws_s3_bucket.b", "reference", ("bucket",)),
        (source, ".::aws_kms_key.k", "reference", key_path),
    }
    graph = ResourceGraph(result.resources, result.edges)
    bucket = graph.get(".::aws_s3_bucket.b")
    assert bucket is not None
    assert graph.referenced_by(bucket) == [sse]


COUNTED = """\
variable "names" {
  default = { logs = "eu", data = "us" }
}
variable "how_many" {}

resource "aws_instance" "web" {
  count         = 2
  instance_type = "t3.micro"
  tags          = { Name = "web-${count.index}" }
}

resource "aws_instance" "none" {
  count = 0
  ami   = "x"
}

resource "aws_instance" "maybe" {
  count = var.how_many
  ami   = "ami-1"
  name  = "maybe-${count.index}"
}

resource "aws_s3_bucket" "b" {
  for_each = var.names
  bucket   = "${each.key}-${each.value}"
}

resource "aws_s3_bucket" "set" {
  for_each = toset(["x", "y"])
  bucket   = each.value
}

resource "aws_eip" "ip" {
  instance = aws_instance.web[1].id
  other    = aws_instance.none[0].id
  all      = aws_instance.web[*].id
  one      = aws_s3_bucket.b["logs"].arn
}
"""


def test_count_and_for_each_expand_into_instances() -> None:
    found = resources(parse({"main.tf": COUNTED}))
    web = [found[f"aws_instance.web[{i}]"] for i in (0, 1)]
    assert [w.attributes for w in web] == [
        {"instance_type": "t3.micro", "tags": {"Name": "web-0"}},
        {"instance_type": "t3.micro", "tags": {"Name": "web-1"}},
    ]
    assert [w.meta for w in web] == [{"count": 2, "index": 0}, {"count": 2, "index": 1}]
    assert web[1].id == ".::aws_instance.web[1]"
    assert lines(web[1])[("tags", "Name")] == (9, 9)
    assert found['aws_s3_bucket.b["data"]'].attributes == {"bucket": "data-us"}
    assert found['aws_s3_bucket.b["logs"]'].attributes == {"bucket": "logs-eu"}
    assert found['aws_s3_bucket.b["logs"]'].meta["index"] == "logs"
    assert found['aws_s3_bucket.set["y"]'].attributes == {"bucket": "y"}


def test_count_zero_gives_no_resource() -> None:
    found = resources(parse({"main.tf": COUNTED}))
    assert not [address for address in found if address.startswith("aws_instance.none")]


def test_unknown_count_gives_one_resource_with_unknown_index_values() -> None:
    maybe = resources(parse({"main.tf": COUNTED}))["aws_instance.maybe"]
    assert maybe.attributes["ami"] == "ami-1"
    assert isinstance(maybe.attributes["name"], Unknown)
    assert isinstance(maybe.meta["count"], Unknown)


def test_edges_to_instances() -> None:
    result = parse({"main.tf": COUNTED})
    from_ip = {(t, p) for s, t, _, p in edges(result) if s == ".::aws_eip.ip"}
    assert from_ip == {
        (".::aws_instance.web[1]", ("instance",)),
        (".::aws_instance.web[0]", ("all",)),
        (".::aws_instance.web[1]", ("all",)),
        ('.::aws_s3_bucket.b["logs"]', ("one",)),
    }


DYNAMIC = """\
variable "ports" {
  default = [22, 443]
}
variable "rules" {}
variable "none" { default = [] }

resource "aws_security_group" "sg" {
  name = "web"
  ingress {
    from_port = 80
  }
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      to_port = egress.value
    }
  }
  dynamic "tag" {
    for_each = var.none
    content {}
  }
}
"""


def test_dynamic_blocks_expand_or_become_unknown() -> None:
    sg = resources(parse({"main.tf": DYNAMIC}))["aws_security_group.sg"]
    assert sg.attributes["ingress"] == [
        {"from_port": 80},
        {"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]},
        {"from_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
    ]
    spans = lines(sg)
    assert spans[("ingress", 0)] == (9, 11)
    assert spans[("ingress", 2)] == (12, 19)
    assert spans[("ingress", 2, "cidr_blocks", 0)] == (17, 17)
    assert spans[("ingress",)] == (9, 19)
    egress = sg.attributes["egress"]
    assert len(egress) == 1 and isinstance(egress[0], Unknown)
    assert spans[("egress", 0)] == (20, 25)
    # A dynamic block over an empty collection writes nothing.
    assert "tag" not in sg.attributes and ("tag",) not in spans


def test_variables_outputs_and_locals_are_resources() -> None:
    result = parse(
        {
            "main.tf": """\
variable "env" {
  type        = string
  description = "where"
  default     = "dev"
}

locals {
  name = "app-${var.env}"
  tags = {
    Env = var.env
  }
}

output "name" {
  value = local.name
}

module "net" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
  name   = local.name
}
"""
        }
    )
    found = resources(result)
    env = found["var.env"]
    assert (env.kind, env.type, env.type_key) == ("variable", "variable", "variable")
    assert env.attributes == {"description": "where", "default": "dev", "type": "string"}
    assert env.meta == {"value": "dev"}
    local_tags = found["local.tags"]
    assert (local_tags.kind, local_tags.type_key, local_tags.span) == (
        "locals",
        "locals",
        Span(9, 11, 3),
    )
    assert local_tags.attributes == {"value": {"Env": "dev"}}
    assert lines(local_tags) == {("value",): (9, 11), ("value", "Env"): (10, 10)}
    assert found["output.name"].attributes == {"value": "app-dev"}
    net = found["module.net"]
    assert (net.kind, net.type, net.name) == ("module", "module", "net")
    assert net.attributes == {"cidr": "10.0.0.0/16", "name": "app-dev"}
    assert net.meta == {"source": "./modules/net"}
    assert (".::module.net", ".::local.name", "reference", ("name",)) in edges(result)
    assert (".::module.net", ".::var.env", "reference", ("name",)) in edges(result)


def test_references_through_locals_reach_the_resource() -> None:
    result = parse(
        {
            "main.tf": """\
resource "aws_s3_bucket" "b" {}

locals {
  bucket_id = aws_s3_bucket.b.id
}

resource "aws_s3_bucket_acl" "acl" {
  bucket = local.bucket_id
  acl    = "private"
}
"""
        }
    )
    assert edges(result) >= {
        (".::aws_s3_bucket_acl.acl", ".::local.bucket_id", "reference", ("bucket",)),
        (".::aws_s3_bucket_acl.acl", ".::aws_s3_bucket.b", "reference", ("bucket",)),
        (".::local.bucket_id", ".::aws_s3_bucket.b", "reference", ("value",)),
    }


def test_variable_value_keeps_the_attribute_line() -> None:
    result = parse(
        {
            "main.tf": 'variable "acl" {\n  default = "public-read"\n}\n\n'
            'resource "aws_s3_bucket" "b" {\n  acl = var.acl\n}\n'
        }
    )
    bucket = resources(result)["aws_s3_bucket.b"]
    assert bucket.attributes == {"acl": "public-read"}
    assert bucket.field("acl").span == Span(6, 6, 3)


def test_unknown_variable_and_interpolation() -> None:
    result = parse(
        {
            "main.tf": """\
variable "suffix" {}
resource "aws_s3_bucket" "b" {
  bucket = "logs-${var.suffix}"
  acl    = "private"
  policy = "${aws_iam_role.r.arn}"
}
"""
        }
    )
    bucket = resources(result)["aws_s3_bucket.b"]
    assert isinstance(bucket.attributes["bucket"], Unknown)
    assert isinstance(bucket.attributes["policy"], Unknown)
    assert bucket.field("bucket").unknown and bucket.field("acl").known


def test_syntax_error_reports_the_line_and_keeps_the_other_files() -> None:
    directory = DATA / "broken"
    files = tuple(SourceFile(p, p.name, p.read_text()) for p in sorted(directory.glob("*.tf")))
    extra = tuple(SourceFile(p, p.name, p.read_text()) for p in sorted(directory.glob("*.tfvars")))
    unit = ScanUnit(Framework.TERRAFORM, ".", files, directory, extra)
    result = TerraformAdapter().parse(unit, ParseOptions())
    assert result.errors == [
        FileError("broken.tf", 3, 'expected an expression, got "="', 12, "parse")
    ]
    found = resources(result)
    assert sorted(found) == ["aws_s3_bucket.logs", "var.acl"]
    assert found["aws_s3_bucket.logs"].attributes["acl"] == "public-read"  # terraform.tfvars
    assert [(n.file, n.kind) for n in result.notices] == [("prod.tfvars", "read")]


def test_a_var_file_given_by_the_user_is_not_a_notice() -> None:
    directory = DATA / "broken"
    files = (SourceFile(directory / "main.tf", "main.tf", (directory / "main.tf").read_text()),)
    prod = directory / "prod.tfvars"
    extra = (SourceFile(prod, "prod.tfvars", prod.read_text()),)
    unit = ScanUnit(Framework.TERRAFORM, ".", files, directory, extra)
    result = TerraformAdapter().parse(unit, ParseOptions(tf_var_files=(prod,)))
    assert result.notices == []
    assert resources(result)["aws_s3_bucket.logs"].attributes["acl"] == "private"


def test_tfvars_precedence(tmp_path: Path) -> None:
    var_file = tmp_path / "ci.tfvars"
    var_file.write_text('c = "var-file"\nd = "var-file"\n')
    main = """\
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "n" { type = number }
variable "l" { type = list(string) }
"""
    extra = {
        "terraform.tfvars": 'a = "terraform.tfvars"\nb = "terraform.tfvars"\n',
        "terraform.tfvars.json": '{"e": "terraform.tfvars.json"}',
        "b.auto.tfvars": 'b = "b.auto"\nc = "b.auto"\n',
        "a.auto.tfvars.json": '{"b": "a.auto.json", "c": "a.auto.json"}',
    }
    options = ParseOptions(
        tf_vars={"d": "cli", "n": "3", "l": '["x", "y"]'}, tf_var_files=(var_file,)
    )
    found = resources(parse({"main.tf": main}, extra, options))
    values = {name: found[f"var.{name}"].meta["value"] for name in "abcdenl"}
    assert values == {
        "a": "terraform.tfvars",
        "b": "b.auto",
        "c": "var-file",
        "d": "cli",
        "e": "terraform.tfvars.json",
        "n": 3,
        "l": ["x", "y"],
    }


def test_unreadable_var_file_and_bad_tfvars_are_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tfvars"
    result = parse(
        {"main.tf": 'variable "a" {}\n'},
        {"terraform.tfvars": 'a = \n"x"\n'},
        ParseOptions(tf_var_files=(missing,)),
    )
    assert [(e.file, e.line, e.kind) for e in result.errors] == [
        ("terraform.tfvars", 1, "parse"),
        (str(missing), 0, "read"),
    ]


TF_JSON = """\
{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "acme-${var.env}",
        "acl": "public-read",
        "tags": {"Name": "logs"},
        "versioning": {"enabled": true},
        "count": 1,
        "provider": "aws.west"
      }
    }
  },
  "variable": {"env": {"default": "dev"}},
  "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "west", "region": "us-west-2"}]}
}
"""


def test_tf_json_resources() -> None:
    result = parse({"main.tf.json": TF_JSON})
    assert result.errors == []
    bucket = resources(result)["aws_s3_bucket.logs[0]"]
    assert bucket.file == "main.tf.json"
    assert bucket.attributes == {
        "bucket": "acme-dev",
        "acl": "public-read",
        "tags": {"Name": "logs"},
        "versioning": [{"enabled": True}],
    }
    assert lines(bucket) == {
        ("bucket",): (5, 5),
        ("acl",): (6, 6),
        ("tags",): (7, 7),
        ("tags", "Name"): (7, 7),
        ("versioning",): (8, 8),
        ("versioning", 0): (8, 8),
        ("versioning", 0, "enabled"): (8, 8),
    }
    assert bucket.meta == {"count": 1, "index": 0, "provider": "aws.west"}
    assert edges(result) == {
        (".::aws_s3_bucket.logs[0]", ".::var.env", "reference", ("bucket",)),
        (".::aws_s3_bucket.logs[0]", ".::provider.aws.west", "reference", ("provider",)),
    }
    providers = {a: r.attributes for a, r in resources(result).items() if r.kind == "provider"}
    assert providers == {
        "provider.aws": {"region": "eu-west-1"},
        "provider.aws.west": {"alias": "west", "region": "us-west-2"},
    }


POLICIES = """\
resource "aws_iam_policy" "heredoc" {
  policy = <<EOT
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*"
    }
  ]
}
EOT
}

resource "aws_iam_policy" "encoded" {
  policy = jsonencode({
    Statement = [{
      Effect = "Allow"
      Action = ["s3:*"]
    }]
  })
}

data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "document" {
  policy = data.aws_iam_policy_document.doc.json
}
"""


def test_policies_in_all_three_forms() -> None:
    result = parse({"main.tf": POLICIES})
    found = resources(result)
    heredoc = found["aws_iam_policy.heredoc"]
    assert json.loads(heredoc.attributes["policy"]) == {
        "Statement": [{"Effect": "Allow", "Action": "*"}]
    }
    assert heredoc.span_of(("policy", "Statement", 0, "Action")) == Span(7, 7)
    assert heredoc.span_of(("policy",)) == Span(2, 11, 3)
    encoded = found["aws_iam_policy.encoded"]
    assert json.loads(encoded.attributes["policy"]) == {
        "Statement": [{"Effect": "Allow", "Action": ["s3:*"]}]
    }
    assert encoded.span_of(("policy", "Statement", 0, "Action")) == Span(18, 18)
    assert encoded.span_of(("policy", "Statement", 0, "Action", 0)) == Span(18, 18)
    document = found["aws_iam_policy.document"]
    assert json.loads(document.attributes["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    assert (
        ".::aws_iam_policy.document",
        ".::data.aws_iam_policy_document.doc",
        "reference",
        ("policy",),
    ) in edges(result)


def test_duplicate_declarations_are_errors_and_the_graph_still_builds() -> None:
    result = parse(
        {
            "a.tf": 'resource "aws_s3_bucket" "b" {\n  acl = "private"\n}\n',
            "b.tf": "locals {\n  x = 1\n}\n\n"
            'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n',
            "c.tf": "locals {\n  x = 2\n}\n",
        }
    )
    assert [(e.file, e.line, e.message) for e in result.errors] == [
        (
            "b.tf",
            5,
            "aws_s3_bucket.b is already declared in a.tf on line 1; this declaration is ignored",
        ),
        ("c.tf", 2, "local.x is already defined in b.tf on line 2; this definition is ignored"),
    ]
    graph = ResourceGraph(result.resources, result.edges)
    bucket = graph.get(".::aws_s3_bucket.b")
    assert bucket is not None and bucket.attributes == {"acl": "private"}


def test_wrong_number_of_labels_is_an_error() -> None:
    result = parse({"main.tf": 'resource "aws_s3_bucket" {\n}\n'})
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "a resource block needs 2 label(s), found 1")
    ]
    assert result.resources == []


def test_adapter_protocol() -> None:
    adapter = TerraformAdapter()
    assert adapter.framework is Framework.TERRAFORM
    assert adapter.link([]) == []
