"""SSH and RDP open to the internet through a VPC firewall rule: one rule each, built from one
table row by `_admin_port_check`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_network import FIREWALL_TYPE, internet_exposure

_DOC = """
## What it does
Flags `google_compute_firewall` rules that allow {service} (TCP port {port}) from the whole
internet: an ingress rule (the default direction) that is not disabled, with `0.0.0.0/0` or
`::/0` in `source_ranges` (or no source at all, which GCP treats as `0.0.0.0/0`), and an
`allow` block for `tcp` or `all` whose `ports` include {port} (`"{port}"`, a range such as
`"{low}-{high}"`, or no `ports`, meaning every port). Unknown values are not reported.

A higher-priority deny rule elsewhere on the same network may block the traffic; that is not
taken into account.

## Why is this bad?
{service} endpoints reachable from the internet are scanned and brute-forced within minutes of
creation and are a common entry point for attackers.

## Example
```hcl
resource "google_compute_firewall" "{service_lower}" {{
  name          = "allow-{service_lower}"
  network       = google_compute_network.main.name
  source_ranges = ["0.0.0.0/0"]

  allow {{
    protocol = "tcp"
    ports    = ["{port}"]
  }}
}}
```

## Use instead
```hcl
resource "google_compute_firewall" "{service_lower}" {{
  name          = "allow-{service_lower}-from-iap"
  network       = google_compute_network.main.name
  source_ranges = ["35.235.240.0/20"]

  allow {{
    protocol = "tcp"
    ports    = ["{port}"]
  }}
}}
```
"""

_REMEDIATION = """
Allow {service} only from known ranges, for example Identity-Aware Proxy TCP forwarding
(`35.235.240.0/20`) or your office.

```hcl
resource "google_compute_firewall" "{service_lower}" {{
  name          = "allow-{service_lower}-from-iap"
  network       = google_compute_network.main.name
  source_ranges = ["35.235.240.0/20"]

  allow {{
    protocol = "tcp"
    ports    = ["{port}"]
  }}
}}
```
"""


@dataclass(frozen=True)
class _Row:
    id: str
    service: str
    port: int
    cis: str
    checkov: str


def _admin_port_check(row: _Row) -> Check:
    def firewall_admin_port_open(rule: Resource, context: CheckContext) -> Iterator[Violation]:
        exposure = internet_exposure(rule, row.port)
        if exposure is not None:
            yield Violation(
                at=exposure.at,
                message=f"allows {row.service} (port {row.port}) from {exposure.source}",
            )

    words = {
        "service": row.service,
        "service_lower": row.service.lower(),
        "port": row.port,
        "low": row.port - 2,
        "high": row.port + 3,
    }
    firewall_admin_port_open.__doc__ = _DOC.format(**words)
    return check(
        id=row.id,
        name=f"firewall-{row.service.lower()}-open-to-internet",
        title=f"VPC firewall rule allows {row.service} from the internet",
        severity=Severity.HIGH,
        category="network",
        targets={Framework.TERRAFORM: [FIREWALL_TYPE]},
        remediation=_REMEDIATION.format(**words),
        compliance={
            "cis-gcp-foundations-2.0.0": [row.cis],
            "nist-800-53-r5": ["AC-17", "SC-7"],
            "pci-dss-4.0": ["1.3.1"],
        },
        equivalents={"checkov": [row.checkov], "tfsec": ["google-compute-no-public-ingress"]},
        references=["https://cloud.google.com/firewall/docs/firewalls"],
    )(firewall_admin_port_open)


FIREWALL_SSH_OPEN_TO_INTERNET = _admin_port_check(
    _Row("IAC-GCP-COMPUTE-001", "SSH", 22, "3.6", "CKV_GCP_2")
)
FIREWALL_RDP_OPEN_TO_INTERNET = _admin_port_check(
    _Row("IAC-GCP-COMPUTE-002", "RDP", 3389, "3.7", "CKV_GCP_3")
)
