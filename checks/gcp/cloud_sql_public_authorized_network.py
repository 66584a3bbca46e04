from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import is_true
from iacscan.model.network import is_world


@check(
    id="IAC-GCP-SQL-001",
    name="cloud-sql-public-authorized-network",
    title="Cloud SQL instance accepts connections from the whole internet",
    severity=Severity.CRITICAL,
    category="network",
    targets={Framework.TERRAFORM: ["google_sql_database_instance"]},
    remediation="""
        Authorize only known networks, or connect through private IP or the Cloud SQL Auth
        Proxy instead of authorized networks.

        ```hcl
        resource "google_sql_database_instance" "main" {
          name             = "acme-db"
          database_version = "POSTGRES_15"

          settings {
            tier = "db-custom-2-7680"

            ip_configuration {
              ipv4_enabled = true

              authorized_networks {
                name  = "office"
                value = "203.0.113.0/24"
              }
            }
          }
        }
        ```
    """,
    compliance={
        "cis-gcp-foundations-2.0.0": ["6.5"],
        "nist-800-53-r5": ["AC-3", "SC-7"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={"checkov": ["CKV_GCP_11"], "tfsec": ["google-sql-no-public-access"]},
    references=["https://cloud.google.com/sql/docs/postgres/authorize-networks"],
)
def cloud_sql_public_authorized_network(
    instance: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags Cloud SQL instances with a public IP (`ipv4_enabled` true or not written, the
    default) whose `authorized_networks` include `0.0.0.0/0` (or another range that is the
    whole internet). An instance whose public IP is disabled is not reported: authorized
    networks only apply to the public IP.

    ## Why is this bad?
    The database listens on a public address and accepts connections from anywhere, leaving
    only its passwords between an attacker and the data.

    ## Example
    ```hcl
    ip_configuration {
      authorized_networks {
        name  = "everyone"
        value = "0.0.0.0/0"
      }
    }
    ```

    ## Use instead
    ```hcl
    ip_configuration {
      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }
    }
    ```
    """
    for settings in instance.blocks("settings"):
        for ip in instance.blocks(*settings.path, "ip_configuration"):
            ipv4 = ip.get("ipv4_enabled")
            if ipv4.present and ipv4.value is not None and not is_true(ipv4.value):
                continue  # disabled, or unknown (null is the default: enabled)
            for network in instance.blocks(*ip.path, "authorized_networks"):
                value = network.get("value")
                if is_world(value.value):
                    yield Violation(
                        at=value,
                        message=f"authorized network {value.value!r} admits the whole internet",
                    )
