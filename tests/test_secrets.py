"""The hard-coded secrets model and check: names, references, token formats, masking, and the
Terraform blocks (variables, locals, providers, module calls) the engine does not yet route."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iacscan.check import CheckContext
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Framework, Resource, Span
from iacscan.model.secrets import find_secrets, find_token, is_reference, mask, names_secret
from iacscan.registry import load_checks
from iacscan.report import FORMATS, ReportOptions, render_report
from iacscan.scan import ScanConfig, build_graph, collect_units, parse_unit, scan
from tests.fixture_cases import FIXTURES

CHECK = next(c for c in load_checks() if c.meta.id == "IAC-GEN-SECRETS-001")


@pytest.mark.parametrize(
    ("secret", "masked"),
    [("Sup3rS3cret!", "Sup3****"), ("changeme", "ch****"), ("abc", "a****"), ("ab", "****")],
)
def test_mask_shows_at_most_four_characters(secret: str, masked: str) -> None:
    assert mask(secret) == masked


@given(st.text(min_size=1, max_size=200))
def test_mask_never_shows_more_than_a_third(secret: str) -> None:
    shown = mask(secret)[: -len("****")]
    assert secret.startswith(shown)
    assert len(shown) <= min(4, len(secret) // 3)


SECRET_NAMES = [
    "password",
    "MasterUserPassword",
    "administratorLoginPassword",
    "admin_password",
    "DB_PASSWORD",
    "api_key",
    "apiKey",
    "x-api-key",
    "access_key",
    "secret_key",
    "client_secret",
    "private_key",
    "GITHUB_TOKEN",
    "htpasswd",
    "SECRET_KEY_BASE",
    "secret_string",
    "tunnel1_preshared_key",
    "storage_account_access_key",
    "SecretToken",
    "spring.datasource.password",
]
NOT_SECRET_NAMES = [
    "password_length",
    "customer_master_key_spec",
    "master_key_usage",
    "password_policy",
    "secret_name",
    "secretName",
    "token_url",
    "secret_arn",
    "kms_key_id",
    "AWS_ACCESS_KEY_ID",
    "SecretStringTemplate",
    "GenerateStringKey",
    "manage_master_user_password",
    "password_reset_required",
    "enable_password_auth",
    "TOKEN_TTL_SECONDS",
    "POSTGRES_PASSWORD_FILE",
    "secret_permissions",
    "ssh_public_key",
    "secretKeyRef",
    "username",
    "connection_string",  # judged by its content: a password inside, or nothing
    "http_tokens",  # aws_instance metadata_options: "required" / "optional"
    "DB_PASSWORDS",
    "auth.existingSecret",  # Helm charts: the name of a Secret that exists
    "passwordSecret",  # operators: the Secret that holds the password
]


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_names_that_hold_secrets(name: str) -> None:
    assert names_secret(name)


@pytest.mark.parametrize("name", NOT_SECRET_NAMES)
def test_names_that_describe_secrets(name: str) -> None:
    assert not names_secret(name)


@pytest.mark.parametrize(
    "value",
    [
        "${var.db_password}",
        "{{resolve:secretsmanager:prod/db:SecretString:password}}",
        "{{resolve:ssm-secure:/shop/db:1}}",
        "<your-password>",
        "$DB_PASSWORD",
        "$(DB_PASSWORD)",
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
        "********",
        "",
        "yes",
        "required",
        "__DbPassword__",
        "#{DbPassword}#",
        "/run/secrets/db",
        "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]",
    ],
)
def test_references_and_placeholders_are_not_secrets(value: str) -> None:
    assert is_reference(value)


@pytest.mark.parametrize("value", ["changeme", "Sup3rS3cret!", "hunter2", "password", "P@ss/w0rd"])
def test_weak_literals_are_secrets(value: str) -> None:
    assert not is_reference(value)


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        (
            "AKIAJ2QWERTYUIOPASDF wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz7Kf3QpLm",
            "AWS access key pair",
            "AKIAJ2QWERTYUIOPASDF",
        ),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n", "private key", "b3Bl"),
        ("ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234", "GitHub token", None),
        ("xoxb-123456789012-abcdefABCDEF", "Slack token", None),
        ("sk_live_51HxTESTfakeKEYnotREAL0000", "Stripe live key", None),
        ("AIzaSyD-1234567890abcdefghijklmnopqrstu", "Google API key", None),
        ("postgres://app:pgpass@db:5432/shop", "password in a URL", "pgpass"),
        ("Server=tcp:db;User ID=app;Password=Shop-2024!;Encrypt=true", None, "Shop-2024!"),
        ("AccountName=a;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;", "Azure account key", None),
    ],
)
def test_token_formats(text: str, kind: str | None, secret: str | None) -> None:
    found = find_token(text)
    assert found is not None
    assert kind is None or found[0] == kind
    assert secret is None or found[1] == secret


@pytest.mark.parametrize(
    "text",
    [
        # AWS's documented example key pair, a key id alone, and a git commit hash.
        "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAJ2QWERTYUIOPASDF",
        "AKIAJ2QWERTYUIOPASDF 3f786850e387550fdab836ed7e6dc881de23001b",
        "postgres://app:${DB_PASSWORD}@db:5432/shop",
        "https://example.com/a:b@c",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    ],
)
def test_look_alikes_are_not_tokens(text: str) -> None:
    assert find_token(text) is None


def k8s_config_map(data: dict[str, str]) -> Resource:
    return Resource(
        id="f.yaml::ConfigMap/default/c",
        address="ConfigMap/default/c",
        framework=Framework.KUBERNETES,
        type="ConfigMap",
        name="c",
        file="f.yaml",
        span=Span(1, 9),
        attributes={"kind": "ConfigMap", "metadata": {"name": "c"}, "data": data},
    )


@pytest.mark.parametrize(
    ("text", "inner", "masked"),
    [
        ("export DB_PASSWORD=hunter2 && run", "DB_PASSWORD", "hu****"),
        (
            "-Xmx512m -Djavax.net.ssl.trustStorePassword=changeit",
            "javax.net.ssl.trustStorePassword",
            "ch****",
        ),
        ("jdbc:mysql://db/shop?user=app&password=s3cret-db&useSSL=true", "password", "s3c****"),
        ("[security]\nadmin_password = adm1n-pw\n", "admin_password", "ad****"),
        ("db:\n  password: hunter2\n", "password", "hu****"),
        ('{"auths": {"r.io": {"password": "r3g-pass"}}}', "password", "r3****"),
        ("--oidc-client-secret=xyz123abc", "oidc-client-secret", "xyz****"),
    ],
)
def test_secrets_written_inside_text(text: str, inner: str, masked: str) -> None:
    (hit,) = find_secrets(k8s_config_map({"x": text}))
    assert hit.message == f"x ({inner}) holds a hard-coded secret ({masked!r})"
    # Inside a JSON document the path goes on to the key: its line where the adapter knows it.
    assert hit.field.path[:2] == ("data", "x")


@pytest.mark.parametrize(
    "text",
    [
        "The token: the API token",
        "Set password = the one from the vault",
        "connectors:\n  - config:\n      clientSecret: $dex.github.clientSecret\n",
        "bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n",
        "--tls-private-key-file=/etc/tls/tls.key --token-auth-file=/etc/auth/tokens.csv",
        "export DB_PASSWORD=$(cat /run/secrets/db)",
    ],
)
def test_text_that_only_mentions_secrets(text: str) -> None:
    assert find_secrets(k8s_config_map({"x": text})) == []


def test_labels_annotations_and_tags_name_secrets_without_holding_them() -> None:
    resource = k8s_config_map({})
    resource.attributes["metadata"]["annotations"] = {
        "nginx.ingress.kubernetes.io/auth-secret": "basic-auth",
        "vault.hashicorp.com/agent-inject-secret-db": "database/creds/db",
        "ci/token": "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234",  # a token format still counts
    }
    (hit,) = find_secrets(resource)
    assert hit.field.path == ("metadata", "annotations", "ci/token")
    assert hit.kind == "GitHub token"


def graph_of(path: Path) -> ResourceGraph:
    config = ScanConfig(root=path if path.is_dir() else path.parent, checks=[CHECK])
    units = collect_units([path], config).units
    return build_graph([(unit, parse_unit(unit, config.parse)) for unit in units])


def findings_on_every_kind(path: Path) -> list[tuple[str, int, str]]:
    """The check run on every resource of the graph, whatever its kind: what the engine will
    give it once it routes `variable`, `locals`, `module` and `provider.*` targets."""
    graph = graph_of(path)
    context = CheckContext(graph=graph)
    found = []
    for resource in graph:
        for violation in CHECK.run(resource, context):
            assert not isinstance(violation.at, type(resource))
            found.append((resource.address, violation.at.span.line, violation.message))
    return sorted(found, key=lambda item: item[1])


BLOCKS = """\
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAJ2QWERTYUIOPASDF"
  secret_key = "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"
}

variable "db_password" {
  type      = string
  default   = "Sup3rS3cret!"
  sensitive = true
}

locals {
  api_token = "changeme"
}

resource "aws_db_instance" "main" {
  username = "app"
  password = var.db_password
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  environment {
    variables = {
      API_TOKEN = local.api_token
    }
  }
}

module "db" {
  source   = "terraform-aws-modules/rds/aws"
  version  = "6.5.0"
  password = "m0dule-secret"
}
"""


def test_terraform_blocks_report_each_secret_once_where_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(BLOCKS)
    assert findings_on_every_kind(tmp_path) == [
        ("provider.aws", 3, "access_key holds a hard-coded secret ('AKIA****')"),
        ("provider.aws", 4, "secret_key holds a hard-coded secret ('wJal****')"),
        ("var.db_password", 9, "db_password holds a hard-coded secret ('Sup3****')"),
        ("local.api_token", 14, "api_token holds a hard-coded secret ('ch****')"),
        ("module.db", 34, "password holds a hard-coded secret ('m0du****')"),
    ]


def test_engine_routes_terraform_blocks_to_the_check(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(BLOCKS)
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=[CHECK]))
    assert sorted(f.start_line for f in result.findings) == [3, 4, 9, 14, 34]


def test_terraform_pass_fixture_stays_silent_on_every_kind() -> None:
    # Its variables (no default, `password_length = 16`, `secret_name`) and locals included.
    assert findings_on_every_kind(FIXTURES / "terraform" / "IAC-GEN-SECRETS-001" / "pass.tf") == []


KNOWN_SECRETS = [
    "Sup3rS3cret!",
    "hunter2hunter2",
    "p4ssw0rd-prod",
    "sk_live_51HxTESTfakeKEYnotREAL0000",
    "s3ss10n-s3cr3t-value",
    "ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake1234",
    "MIIEowIBAAKCAQEAfake",
    "Pa55word!",
    "k8s-secret-value",
    "Shop-2024!",
    "r3d1s-pass",
    "plain-text-in-code",
    "Winter2024!",
    "f3a9c2e1-live-key",
    "django-insecure-0a1b2c3d4e5f",
    "gh-webhook-s3cret",
    "P@ssw0rd1234",
    "Azure-Admin-2024!",
    "kv-literal-secret",
    "qu3u3-pass",
    "letmein123",
    "pgpass-2024",
    "mail-pass-99",
    "spring-secret-1",
    "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5",
]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_report_format_prints_a_secret(fmt: str) -> None:
    paths = sorted(FIXTURES.glob("*/IAC-GEN-SECRETS-001/fail.*"))
    paths = [p for p in paths if not p.name.endswith(".expected.json")]
    assert len(paths) == 4
    result = scan(paths, ScanConfig(root=FIXTURES, checks=[CHECK]))
    assert len(result.findings) >= 30
    output = render_report(fmt, result, ReportOptions())
    leaked = [secret for secret in KNOWN_SECRETS if secret in output]
    assert leaked == []
    if fmt in ("text", "json", "sarif"):
        assert "Sup3****" in output
