"""IAM grants to `allUsers` / `allAuthenticatedUsers` on services that IAC-GCP-IAM-001 leaves
out on purpose, one row each: Artifact Registry repositories and Dataproc clusters (almost
never meant to be public), Cloud Run services and Cloud Functions (public on purpose for
websites and webhooks, so reported at low severity)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_iam import iam_types, public_members


@dataclass(frozen=True)
class _Service:
    id: str
    slug: str
    label: str
    prefixes: tuple[str, ...]
    severity: Severity
    category: str
    why: str
    checkov: str
    example_type: str
    example_id: str
    role: str
    reference: str


def _public_grant_check(service: _Service) -> Check:
    def public_grant(resource: Resource, context: CheckContext) -> Iterator[Violation]:
        for field, who in public_members(resource, context.graph):
            yield Violation(at=field, message=f"{service.label} is granted to {who}")

    bad = (
        f'resource "{service.example_type}_iam_member" "public" {{\n'
        f"  {service.example_id}\n"
        f'  role   = "{service.role}"\n'
        '  member = "allUsers"\n}'
    )
    good = bad.replace('"allUsers"', '"group:team@example.com"')
    public_grant.__doc__ = (
        f"## What it does\nFlags IAM grants on {service.label} to `allUsers` or "
        "`allAuthenticatedUsers` (or the IAM v2 `principalSet://goog/public:all`), in "
        "`_iam_member`, `_iam_binding` and `_iam_policy` resources.\n\n"
        f"## Why is this bad?\n{service.why}\n\n"
        f"## Example\n```hcl\n{bad}\n```\n\n## Use instead\n```hcl\n{good}\n```\n"
    )
    return check(
        id=service.id,
        name=f"{service.slug}-public-access",
        title=f"{service.label} is accessible to anyone",
        severity=service.severity,
        category=service.category,
        targets={Framework.TERRAFORM: iam_types(*service.prefixes)},
        remediation="Grant the role to the identities that need it instead.\n\n"
        f"```hcl\n{good}\n```",
        compliance={"nist-800-53-r5": ["AC-3", "AC-6"]},
        equivalents={"checkov": [service.checkov]},
        references=[service.reference],
    )(public_grant)


ARTIFACT_REGISTRY_PUBLIC = _public_grant_check(
    _Service(
        "IAC-GCP-ARTIFACTREGISTRY-001",
        "artifact-registry",
        "Artifact Registry repository",
        ("google_artifact_registry_repository",),
        Severity.HIGH,
        "public-storage",
        "Anyone on the internet can pull (or, with a writer role, push) the repository's "
        "images and packages, including credentials and proprietary code baked into them.",
        "CKV_GCP_101",
        "google_artifact_registry_repository",
        "repository = google_artifact_registry_repository.images.name",
        "roles/artifactregistry.reader",
        "https://cloud.google.com/artifact-registry/docs/access-control",
    )
)
DATAPROC_CLUSTER_PUBLIC = _public_grant_check(
    _Service(
        "IAC-GCP-DATAPROC-002",
        "dataproc-cluster",
        "Dataproc cluster",
        ("google_dataproc_cluster",),
        Severity.HIGH,
        "iam",
        "Anyone can then read the cluster's configuration or, with higher roles, submit "
        "jobs that run code with the cluster's service account and data access.",
        "CKV_GCP_98",
        "google_dataproc_cluster",
        "cluster = google_dataproc_cluster.etl.name",
        "roles/dataproc.viewer",
        "https://cloud.google.com/dataproc/docs/concepts/iam/iam",
    )
)
CLOUD_RUN_PUBLIC = _public_grant_check(
    _Service(
        "IAC-GCP-CLOUDRUN-001",
        "cloud-run",
        "Cloud Run service",
        ("google_cloud_run_service", "google_cloud_run_v2_service"),
        Severity.LOW,
        "public-endpoint",
        "`roles/run.invoker` for `allUsers` publishes the service to the internet without "
        "authentication. That is right for public websites and webhooks; for internal "
        "APIs it exposes every endpoint to anyone who finds the URL. Suppress the finding "
        "for services that are public on purpose.",
        "CKV_GCP_102",
        "google_cloud_run_v2_service",
        "name   = google_cloud_run_v2_service.api.name",
        "roles/run.invoker",
        "https://cloud.google.com/run/docs/authenticating/public",
    )
)
CLOUD_FUNCTION_PUBLIC = _public_grant_check(
    _Service(
        "IAC-GCP-FUNCTIONS-002",
        "cloud-function",
        "Cloud Function",
        ("google_cloudfunctions_function", "google_cloudfunctions2_function"),
        Severity.LOW,
        "serverless",
        "`roles/cloudfunctions.invoker` for `allUsers` lets anyone call the function "
        "without authentication. Webhooks need that; internal functions then expose their "
        "logic and data to anyone who finds the URL. Suppress the finding for functions "
        "that are public on purpose.",
        "CKV_GCP_107",
        "google_cloudfunctions_function",
        "cloud_function = google_cloudfunctions_function.hook.name",
        "roles/cloudfunctions.invoker",
        "https://cloud.google.com/functions/docs/securing/managing-access-iam",
    )
)
