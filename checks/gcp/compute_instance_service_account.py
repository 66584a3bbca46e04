"""Compute Engine instances running as the default service account: at all
(IAC-GCP-COMPUTE-012) and with the full cloud-platform scope (IAC-GCP-COMPUTE-011)."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.gcp_compute import (
    FULL_ACCESS_SCOPES,
    INSTANCE_TYPES,
    is_default_compute_account,
    service_accounts,
)

_REFERENCE = "https://cloud.google.com/compute/docs/access/service-accounts#default_service_account"


def _full_access_scope(account: Field) -> Field | None:
    for scope in account.resource.blocks(*account.path, "scopes"):
        text = as_str(scope.value)
        if text is not None and text.strip().lower() in FULL_ACCESS_SCOPES:
            return scope
    return None


@check(
    id="IAC-GCP-COMPUTE-011",
    name="compute-default-service-account-full-access",
    title="Compute instance runs as the default service account with access to all APIs",
    severity=Severity.HIGH,
    category="iam",
    targets={Framework.TERRAFORM: list(INSTANCE_TYPES)},
    remediation="""
        Run the instance as a dedicated service account with only the roles it needs.

        ```hcl
        service_account {
          email  = google_service_account.app.email
          scopes = ["cloud-platform"]
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["4.2"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_GCP_31"]},
    references=[_REFERENCE],
)
def compute_default_service_account_full_access(
    instance: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags instances and instance templates whose `service_account` block uses the Compute
    Engine default service account (no `email`, or
    `<project-number>-compute@developer.gserviceaccount.com`) together with the
    `cloud-platform` scope. Unknown emails and scopes are not reported.

    ## Why is this bad?
    The default service account holds the Editor role on the project. With the
    `cloud-platform` scope, any process on the VM (or anyone who reaches its metadata
    server through an SSRF bug) can change almost every resource of the project.

    ## Example
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      service_account {
        scopes = ["cloud-platform"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      service_account {
        email  = google_service_account.app.email
        scopes = ["cloud-platform"]
      }
    }
    ```
    """
    for account in service_accounts(instance):
        if is_default_compute_account(account.get("email")) is not True:
            continue
        scope = _full_access_scope(account)
        if scope is not None:
            yield Violation(
                at=scope,
                message="the default service account is given access to all Cloud APIs",
            )


@check(
    id="IAC-GCP-COMPUTE-012",
    name="compute-default-service-account",
    title="Compute instance runs as the Compute Engine default service account",
    severity=Severity.MEDIUM,
    category="iam",
    targets={Framework.TERRAFORM: list(INSTANCE_TYPES)},
    remediation="""
        Create a service account for the workload and grant it only the roles it needs.

        ```hcl
        resource "google_service_account" "app" {
          account_id = "app-vm"
        }

        resource "google_compute_instance" "app" {
          name         = "app"
          machine_type = "e2-medium"

          service_account {
            email  = google_service_account.app.email
            scopes = ["cloud-platform"]
          }
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["4.1"], "nist-800-53-r5": ["AC-6"]},
    equivalents={
        "checkov": ["CKV_GCP_30"],
        "tfsec": ["google-compute-no-default-service-account"],
    },
    references=[_REFERENCE],
)
def compute_default_service_account(
    instance: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags instances and instance templates whose `service_account` block uses the Compute
    Engine default service account: no `email` (the provider then picks the default
    account) or `<project-number>-compute@developer.gserviceaccount.com`. An instance
    without a `service_account` block runs with no service account and is not reported;
    unknown emails are not reported.

    ## Why is this bad?
    The default service account is shared by every VM of the project and, unless the
    project turned it off, holds the Editor role: one compromised VM can act on the whole
    project.

    ## Example
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      service_account {
        scopes = ["logging-write", "monitoring-write"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_instance" "app" {
      name         = "app"
      machine_type = "e2-medium"

      service_account {
        email  = google_service_account.app.email
        scopes = ["cloud-platform"]
      }
    }
    ```
    """
    for account in service_accounts(instance):
        email = account.get("email")
        if is_default_compute_account(email) is True:
            yield Violation(
                at=email if email.present else account,
                message="the instance runs as the Compute Engine default service account",
            )
