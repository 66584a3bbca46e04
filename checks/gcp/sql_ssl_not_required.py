from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_bool, as_str
from iacscan.model.gcp_sql import INSTANCE_TYPE

_ENCRYPTED_MODES = frozenset({"encrypted_only", "trusted_client_certificate_required"})


@check(
    id="IAC-GCP-SQL-010",
    name="sql-ssl-not-required",
    title="Cloud SQL instance accepts unencrypted connections",
    severity=Severity.HIGH,
    category="encryption",
    targets={Framework.TERRAFORM: [INSTANCE_TYPE]},
    remediation="""
        Require encrypted connections.

        ```hcl
        ip_configuration {
          ssl_mode = "ENCRYPTED_ONLY" # or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
        }
        ```

        With google provider versions before 5 use `require_ssl = true`.
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["6.4"],
        "nist-800-53-r5": ["SC-8"],
        "pci-dss-4.0": ["4.2.1"],
    },
    equivalents={"checkov": ["CKV_GCP_6"], "tfsec": ["google-sql-encrypt-in-transit-data"]},
    references=["https://cloud.google.com/sql/docs/postgres/configure-ssl-instance"],
)
def sql_ssl_not_required(instance: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags Cloud SQL instances that accept unencrypted connections:
    `settings.ip_configuration.ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"`, `require_ssl =
    false` (google provider < 5), or neither written (the default allows unencrypted
    connections). Unknown values are not reported.

    ## Why is this bad?
    Without enforced TLS, database passwords and query results can cross the network in
    clear text.

    ## Example
    ```hcl
    resource "google_sql_database_instance" "main" {
      name             = "acme-db"
      database_version = "POSTGRES_15"

      settings {
        tier = "db-custom-2-7680"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_sql_database_instance" "main" {
      name             = "acme-db"
      database_version = "POSTGRES_15"

      settings {
        tier = "db-custom-2-7680"

        ip_configuration {
          ssl_mode = "ENCRYPTED_ONLY"
        }
      }
    }
    ```
    """
    ip = instance.field("settings", 0, "ip_configuration", 0)
    mode = ip.get("ssl_mode")
    require = ip.get("require_ssl")
    if mode.unknown or require.unknown:
        return
    if mode.present:
        text = as_str(mode.value)
        if text is not None and text.strip().lower() not in _ENCRYPTED_MODES:
            yield Violation(at=mode, message=f"SSL mode {text} allows unencrypted connections")
        return
    if as_bool(require.value) is True:
        return
    if require.present:
        yield Violation(at=require, message="require_ssl is false")
        return
    yield Violation(at=ip, message="neither ssl_mode nor require_ssl requires encryption")
