from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import ANY_TYPE, CheckContext, Severity, Violation, check
from iacscan.graph.model import AttrPath, Framework, Resource
from iacscan.model.secrets import find_secrets

# Terraform providers whose arguments take credentials (`access_key`, `token`, `password`).
CREDENTIAL_PROVIDERS = (
    "aws",
    "awscc",
    "azurerm",
    "azuread",
    "azuredevops",
    "google",
    "google-beta",
    "github",
    "gitlab",
    "kubernetes",
    "helm",
    "vault",
    "datadog",
    "cloudflare",
    "digitalocean",
    "heroku",
    "newrelic",
    "pagerduty",
    "postgresql",
    "mysql",
    "tfe",
    "grafana",
    "okta",
    "snowflake",
    "databricks",
    "hcloud",
    "linode",
    "mongodbatlas",
    "auth0",
    "rabbitmq",
)


def _from_elsewhere(resource: Resource, context: CheckContext) -> list[AttrPath]:
    """Terraform attributes set from a variable or local: their literal is reported where it
    is written (the variable's default, the local's value), not again at every use."""
    if resource.framework is not Framework.TERRAFORM:
        return []
    paths = []
    for edge in context.graph.edges_from(resource, "reference"):
        target = context.graph.get(edge.target)
        if target is not None and target.kind in ("variable", "locals"):
            paths.append(edge.path)
    return paths


@check(
    id="IAC-GEN-SECRETS-001",
    name="hardcoded-secret",
    title="Secret is hard-coded in the configuration",
    severity=Severity.HIGH,
    category="secrets",
    targets={
        Framework.TERRAFORM: [
            ANY_TYPE,
            "variable",
            "locals",
            "module",
            *(f"provider.{name}" for name in CREDENTIAL_PROVIDERS),
        ],
        Framework.CLOUDFORMATION: [ANY_TYPE],
        Framework.ARM: [ANY_TYPE],
        Framework.KUBERNETES: [ANY_TYPE],
    },
    remediation="""
        Remove the secret from the code, rotate it (it is in the version history), and read it
        at deploy time from a secret store.

        ```hcl
        data "aws_secretsmanager_secret_version" "db" {
          secret_id = "prod/db/master"
        }

        resource "aws_db_instance" "main" {
          username = "app"
          password = data.aws_secretsmanager_secret_version.db.secret_string
        }
        ```

        CloudFormation: a dynamic reference such as
        `"{{resolve:secretsmanager:prod/db:SecretString:password}}"`, or
        `ManageMasterUserPassword: true`. ARM: a `securestring` parameter without a default,
        fed from Key Vault in the parameter file. Kubernetes: `valueFrom.secretKeyRef` in env,
        and Secrets created from a secret store (External Secrets, Sealed Secrets, SOPS)
        instead of committed manifests.
    """,
    compliance={"nist-800-53-r5": ["IA-5(7)"], "pci-dss-4.0": ["8.6.2"]},
    equivalents={
        "checkov": [
            "CKV_SECRET_2",
            "CKV_SECRET_3",
            "CKV_SECRET_4",
            "CKV_SECRET_13",
            "CKV_SECRET_14",
            "CKV_SECRET_17",
            "CKV_AWS_45",  # the same risk limited to Lambda environment variables
            "CKV_AWS_46",  # ... limited to EC2 user data
        ],
        "tfsec": ["general-secrets-no-plaintext-exposure"],
    },
    references=[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final",
        "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
    ],
)
def hardcoded_secret(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags literal secrets written in the configuration, in every framework, each at the line
    of the attribute that holds it. Two kinds of evidence count:

    - a well-known credential format anywhere: an AWS access key id with its secret access
      key, a private key block, GitHub, GitLab, Slack, Stripe live, Google API and npm tokens,
      Slack webhook URLs, Azure `AccountKey=`/`SharedAccessKey=`, a password inside a URL
      (`postgres://app:pw@db`) or a connection string (`Password=...;`);
    - a literal under a name that says secret: `password`, `passwd`, `secret`, `token`,
      `api_key`, `access_key`, `private_key`, `client_secret`, `MasterUserPassword`,
      `administratorLoginPassword`, a Kubernetes or ECS env var `DB_PASSWORD` with a literal
      `value`, `NAME=value` lines in user data scripts and config files, JSON documents in
      strings.

    Weak values such as `changeme` are secrets too. Not reported: unknown values (variables,
    `Ref`, `[parameters(...)]`, other resources' attributes), references and placeholders
    (`{{resolve:secretsmanager:...}}`, `${...}`, `$(VAR)`, `<password>`, ARNs,
    `@Microsoft.KeyVault(...)`, `********`), booleans and numbers, and names that describe a
    secret without holding it (`password_length`, `secret_name`, `token_url`, `*_arn`,
    `*_id`, `*_version`, `enable_*`). Labels, annotations and tags, and the fields of
    ExternalSecret and SecretStore objects, name secrets without holding them: only the token
    formats count there. SealedSecret `encryptedData` and SOPS `ENC[...]` values are
    ciphertext meant to be committed.

    Per framework: Terraform resources, module inputs, provider credentials, variable
    defaults and locals; a Terraform attribute set from a variable or local is reported once,
    at the variable's default or the local's value. CloudFormation and ARM parameter defaults
    are reported where the resource uses them (the template carries the value). Kubernetes
    Secret manifests are reported entry by entry (`data` is decoded first; certificates, user
    names and hosts are not secret), unlike Checkov: a committed Secret is a leaked Secret.
    The message shows at most the first four characters of the secret.

    ## Why is this bad?
    Everything in the repository is readable by everyone with access to it, its forks, CI
    logs and backups, forever: the version history keeps a secret after it is deleted. Leaked
    cloud keys are exploited within minutes of reaching a public repository.

    ## Example
    ```hcl
    resource "aws_db_instance" "main" {
      username = "app"
      password = "Pr0d-Passw0rd"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_db_instance" "main" {
      username                    = "app"
      manage_master_user_password = true
    }
    ```
    """
    for hit in find_secrets(resource, _from_elsewhere(resource, context)):
        yield Violation(at=hit.field, message=hit.message)
