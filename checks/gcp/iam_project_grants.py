"""Project-level IAM grants that CIS calls out: service account impersonation roles to
anyone (IAC-GCP-IAM-010), administrative roles to service accounts (IAC-GCP-IAM-011) and
roles to the default service accounts (IAC-GCP-IAM-013), and basic roles anywhere in the
hierarchy (IAC-GCP-IAM-014). Each reads every grant of `google_project_iam_member`,
`_binding` and `_policy` (through `data.google_iam_policy`)."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.gcp_iam import grants, iam_types

_PROJECT_IAM = iam_types("google_project")
IMPERSONATION_ROLES = frozenset(
    {"roles/iam.serviceaccountuser", "roles/iam.serviceaccounttokencreator"}
)
_PRIMITIVE_ADMIN_ROLES = frozenset({"roles/owner", "roles/editor"})
_DEFAULT_ACCOUNT_SUFFIXES = (
    "-compute@developer.gserviceaccount.com",
    "@appspot.gserviceaccount.com",
)


def _text(field: Field) -> str | None:
    text = as_str(field.value)
    return text.strip() if text is not None else None


def _is_admin_role(role: str) -> bool:
    lowered = role.lower()
    return lowered in _PRIMITIVE_ADMIN_ROLES or lowered.endswith("admin")


def _is_service_account(member: str) -> bool:
    return member.lower().startswith("serviceaccount:")


@check(
    id="IAC-GCP-IAM-010",
    name="iam-project-service-account-impersonation",
    title="Project-level IAM grant lets members impersonate every service account",
    severity=Severity.HIGH,
    category="iam",
    targets={Framework.TERRAFORM: _PROJECT_IAM},
    remediation="""
        Grant Service Account User or Token Creator on the one service account that needs it,
        not on the project.

        ```hcl
        resource "google_service_account_iam_member" "deployer" {
          service_account_id = google_service_account.app.name
          role               = "roles/iam.serviceAccountUser"
          member             = "group:deployers@example.com"
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["1.6"], "nist-800-53-r5": ["AC-6"]},
    equivalents={
        "checkov": ["CKV_GCP_41", "CKV_GCP_49"],
        "tfsec": ["google-iam-no-project-level-service-account-impersonation"],
    },
    references=["https://cloud.google.com/iam/docs/service-account-permissions"],
)
def iam_project_service_account_impersonation(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags project-level grants of `roles/iam.serviceAccountUser` or
    `roles/iam.serviceAccountTokenCreator` (`google_project_iam_member`, `_binding`, or a
    `google_project_iam_policy` built from `data "google_iam_policy"`).

    ## Why is this bad?
    At project level these roles let the member act as every service account of the
    project, present and future, including highly privileged ones: a quiet path to privilege
    escalation.

    ## Example
    ```hcl
    resource "google_project_iam_member" "deployer" {
      project = "acme-prod"
      role    = "roles/iam.serviceAccountUser"
      member  = "group:deployers@example.com"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_service_account_iam_member" "deployer" {
      service_account_id = google_service_account.app.name
      role               = "roles/iam.serviceAccountUser"
      member             = "group:deployers@example.com"
    }
    ```
    """
    seen: set[tuple[object, ...]] = set()
    for role, _member in grants(resource, context.graph):
        name = _text(role)
        if name is None or name.lower() not in IMPERSONATION_ROLES or role.path in seen:
            continue
        seen.add(role.path)
        yield Violation(at=role, message=f"{name} is granted on the whole project")


@check(
    id="IAC-GCP-IAM-011",
    name="iam-service-account-admin-role",
    title="Service account is granted an administrative role on the project",
    severity=Severity.HIGH,
    category="iam",
    targets={Framework.TERRAFORM: _PROJECT_IAM},
    remediation="""
        Give the service account only the predefined or custom roles its workload needs.

        ```hcl
        resource "google_project_iam_member" "app" {
          project = "acme-prod"
          role    = "roles/storage.objectViewer"
          member  = "serviceAccount:${google_service_account.app.email}"
        }
        ```
    """,
    compliance={"cis-gcp-foundations-2.0.0": ["1.5"], "nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_GCP_42"]},
    references=["https://cloud.google.com/iam/docs/best-practices-service-accounts"],
)
def iam_service_account_admin_role(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags project-level grants of `roles/owner`, `roles/editor` or any role whose name ends
    in `Admin` (for example `roles/compute.admin`) to a `serviceAccount:` member. Members and
    roles that are unknown (for example an email only known after apply, written without the
    `serviceAccount:` prefix in the code) are not reported.

    ## Why is this bad?
    Service account keys and tokens leak through CI logs, VMs and SSRF bugs; an
    administrative role turns one leaked credential into control of the whole project.

    ## Example
    ```hcl
    resource "google_project_iam_member" "ci" {
      project = "acme-prod"
      role    = "roles/editor"
      member  = "serviceAccount:ci@acme-prod.iam.gserviceaccount.com"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_project_iam_member" "ci" {
      project = "acme-prod"
      role    = "roles/run.developer"
      member  = "serviceAccount:ci@acme-prod.iam.gserviceaccount.com"
    }
    ```
    """
    for role, member in grants(resource, context.graph):
        role_name, member_name = _text(role), _text(member)
        if role_name is None or member_name is None:
            continue
        if _is_service_account(member_name) and _is_admin_role(role_name):
            yield Violation(at=member, message=f"{member_name} is granted {role_name}")


@check(
    id="IAC-GCP-IAM-013",
    name="iam-default-service-account-granted",
    title="Project role is granted to a default service account",
    severity=Severity.MEDIUM,
    category="iam",
    targets={Framework.TERRAFORM: _PROJECT_IAM},
    remediation="""
        Create a dedicated service account for the workload and grant the role to it.

        ```hcl
        resource "google_project_iam_member" "app" {
          project = "acme-prod"
          role    = "roles/storage.objectViewer"
          member  = "serviceAccount:${google_service_account.app.email}"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={
        "checkov": ["CKV_GCP_46"],
        "tfsec": ["google-iam-no-project-level-default-service-account-assignment"],
    },
    references=["https://cloud.google.com/iam/docs/service-account-types#default"],
)
def iam_default_service_account_granted(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags project-level grants to the Compute Engine or App Engine default service account
    (`<number>-compute@developer.gserviceaccount.com`, `<project>@appspot.gserviceaccount.com`).

    ## Why is this bad?
    Default service accounts are shared by every VM, GKE node or App Engine app that does
    not name its own account; a role granted to them is granted to all of those workloads at
    once.

    ## Example
    ```hcl
    resource "google_project_iam_member" "default_sa" {
      project = "acme-prod"
      role    = "roles/cloudsql.client"
      member  = "serviceAccount:123456789012-compute@developer.gserviceaccount.com"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_project_iam_member" "app" {
      project = "acme-prod"
      role    = "roles/cloudsql.client"
      member  = "serviceAccount:${google_service_account.app.email}"
    }
    ```
    """
    for _role, member in grants(resource, context.graph):
        member_name = _text(member)
        if member_name is not None and member_name.lower().endswith(_DEFAULT_ACCOUNT_SUFFIXES):
            yield Violation(at=member, message=f"{member_name} is a default service account")


_BASIC_ROLES = frozenset({"roles/owner", "roles/editor", "roles/viewer"})
_HIERARCHY_IAM = [
    *iam_types("google_project", "google_folder", "google_organization"),
]


@check(
    id="IAC-GCP-IAM-014",
    name="iam-basic-role-granted",
    title="IAM grants a basic role (Owner, Editor or Viewer)",
    severity=Severity.MEDIUM,
    category="iam",
    targets={Framework.TERRAFORM: _HIERARCHY_IAM},
    remediation="""
        Grant predefined or custom roles that cover only what the member needs.

        ```hcl
        resource "google_project_iam_member" "dev" {
          project = "acme-prod"
          role    = "roles/run.developer"
          member  = "group:developers@example.com"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-6"]},
    equivalents={"checkov": ["CKV_GCP_117", "CKV_GCP_116", "CKV_GCP_115"]},
    references=["https://cloud.google.com/iam/docs/roles-overview#basic"],
)
def iam_basic_role_granted(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags grants of the basic roles `roles/owner`, `roles/editor` and `roles/viewer` on a
    project, folder or organization (`_iam_member`, `_iam_binding`, `_iam_policy`). Owner
    and Editor granted to a service account on a project are reported by IAC-GCP-IAM-011
    instead.

    ## Why is this bad?
    Basic roles predate IAM: they grant thousands of permissions across every service
    (Editor can change almost any resource, Viewer can read most data), far beyond what any
    one person or workload needs.

    ## Example
    ```hcl
    resource "google_project_iam_member" "dev" {
      project = "acme-prod"
      role    = "roles/editor"
      member  = "group:developers@example.com"
    }
    ```

    ## Use instead
    ```hcl
    resource "google_project_iam_member" "dev" {
      project = "acme-prod"
      role    = "roles/run.developer"
      member  = "group:developers@example.com"
    }
    ```
    """
    project_level = resource.type.startswith("google_project_")
    for role, member in grants(resource, context.graph):
        role_name, member_name = _text(role), _text(member)
        if role_name is None or role_name.lower() not in _BASIC_ROLES:
            continue
        if member_name is None:
            continue
        if project_level and _is_service_account(member_name) and _is_admin_role(role_name):
            continue  # IAC-GCP-IAM-011
        yield Violation(at=member, message=f"{member_name} is granted the basic role {role_name}")
