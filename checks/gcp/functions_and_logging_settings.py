"""Cloud Functions ingress and Cloud Audit Logs exemptions (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_compute import Absent


def _http_function(function: Resource) -> bool:
    """Ingress settings only govern HTTP calls; event-triggered functions are skipped."""
    return not function.field("event_trigger").present


FUNCTION_INGRESS_ALLOW_ALL = setting_check(
    SettingRule(
        id="IAC-GCP-FUNCTIONS-001",
        name="cloud-function-ingress-allow-all",
        title="Cloud Function accepts HTTP requests from any network",
        severity=Severity.LOW,
        category="serverless",
        what="the ingress setting",
        where={
            Framework.TERRAFORM: {
                "google_cloudfunctions_function": ("ingress_settings",),
                "google_cloudfunctions2_function": ("service_config", 0, "ingress_settings"),
            },
        },
        expect=OneOf(frozenset({"ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"})),
        applies=_http_function,
        doc=Doc(
            "Flags HTTP-triggered Cloud Functions whose `ingress_settings` (2nd gen: "
            '`service_config.ingress_settings`) is `"ALLOW_ALL"` or not written (the '
            "default). Event-triggered functions are skipped. Public webhooks need "
            "`ALLOW_ALL`; suppress the finding for them.",
            "With ingress open to all networks, the function's URL can be called from "
            "anywhere on the internet; an internal function then relies on its own "
            "authentication alone.",
            '```hcl\nresource "google_cloudfunctions_function" "api" {\n'
            '  name         = "api"\n  runtime      = "python312"\n'
            "  trigger_http = true\n}\n```",
            '```hcl\nresource "google_cloudfunctions_function" "api" {\n'
            '  name             = "api"\n  runtime          = "python312"\n'
            "  trigger_http     = true\n"
            '  ingress_settings = "ALLOW_INTERNAL_ONLY"\n}\n```',
        ),
        remediation="""
Accept traffic only from your VPC (or through a load balancer with Cloud Armor).

```hcl
resource "google_cloudfunctions2_function" "api" {
  name     = "api"
  location = "europe-west1"

  service_config {
    ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  }
}
```
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_GCP_124"]},
        references=["https://cloud.google.com/functions/docs/networking/network-settings"],
    )
)

AUDIT_LOG_EXEMPTED_MEMBERS = setting_check(
    SettingRule(
        id="IAC-GCP-LOGGING-001",
        name="audit-log-exempted-members",
        title="Cloud Audit Logs configuration exempts members from logging",
        severity=Severity.MEDIUM,
        category="logging",
        what="exempted members",
        where={
            Framework.TERRAFORM: {
                t: ("audit_log_config", EACH, "exempted_members")
                for t in (
                    "google_project_iam_audit_config",
                    "google_folder_iam_audit_config",
                    "google_organization_iam_audit_config",
                )
            },
        },
        expect=Absent(),
        doc=Doc(
            "Flags audit log configurations (`google_{project,folder,organization}"
            "_iam_audit_config`) with `exempted_members` in an `audit_log_config` block.",
            "Exempted identities leave no Data Access audit records: whatever they read or "
            "change cannot be investigated, which makes them the perfect identity for an "
            "attacker or insider to use.",
            '```hcl\nresource "google_project_iam_audit_config" "all" {\n'
            '  project = "acme-prod"\n  service = "allServices"\n\n'
            "  audit_log_config {\n"
            '    log_type         = "DATA_READ"\n'
            '    exempted_members = ["user:ops@example.com"]\n  }\n}\n```',
            '```hcl\nresource "google_project_iam_audit_config" "all" {\n'
            '  project = "acme-prod"\n  service = "allServices"\n\n'
            "  audit_log_config {\n"
            '    log_type = "DATA_READ"\n  }\n}\n```',
        ),
        remediation="""
Log every member: remove `exempted_members`.

```hcl
resource "google_project_iam_audit_config" "all" {
  project = "acme-prod"
  service = "allServices"

  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["2.1"], "nist-800-53-r5": ["AU-2", "AU-12"]},
        references=["https://cloud.google.com/logging/docs/audit/configure-data-access"],
    )
)
