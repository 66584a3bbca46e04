"""Cloud Run service settings: ingress."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework

CLOUD_RUN_INGRESS_ALL = setting_check(
    SettingRule(
        id="IAC-GCP-CLOUDRUN-002",
        name="cloud-run-ingress-all",
        title="Cloud Run service accepts traffic from the internet directly",
        severity=Severity.LOW,
        category="public-endpoint",
        what="the ingress setting",
        where={
            Framework.TERRAFORM: {
                "google_cloud_run_v2_service": ("ingress",),
                "google_cloud_run_service": (
                    "metadata",
                    0,
                    "annotations",
                    "run.googleapis.com/ingress",
                ),
            },
        },
        expect=OneOf(
            frozenset(
                {
                    "INGRESS_TRAFFIC_INTERNAL_ONLY",
                    "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
                    "internal",
                    "internal-and-cloud-load-balancing",
                }
            )
        ),
        doc=Doc(
            "Flags Cloud Run services whose ingress admits all traffic: `ingress` "
            "(`google_cloud_run_v2_service`) or the `run.googleapis.com/ingress` annotation "
            "(`google_cloud_run_service`) set to all, or not written (the default is all). "
            "Public websites need it; suppress the finding for them.",
            "With ingress open to all, the service's `run.app` URL is reachable from anywhere, "
            "bypassing the load balancer, Cloud Armor and IAP that may protect it.",
            '```hcl\nresource "google_cloud_run_v2_service" "api" {\n  name     = "api"\n'
            '  location = "europe-west1"\n}\n```',
            '```hcl\nresource "google_cloud_run_v2_service" "api" {\n  name     = "api"\n'
            '  location = "europe-west1"\n'
            '  ingress  = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"\n}\n```',
        ),
        remediation="""
Accept traffic only from your VPC or through a load balancer.

```hcl
resource "google_cloud_run_v2_service" "api" {
  name     = "api"
  location = "europe-west1"
  ingress  = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
}
```

For `google_cloud_run_service` set the annotation `"run.googleapis.com/ingress" =
"internal-and-cloud-load-balancing"`.
""",
        compliance={"nist-800-53-r5": ["AC-4", "SC-7"]},
        references=["https://cloud.google.com/run/docs/securing/ingress"],
    )
)
