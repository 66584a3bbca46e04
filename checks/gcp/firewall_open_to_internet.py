"""More VPC firewall exposures to the internet, over the shared firewall model
(`iacscan.model.gcp_network`): every port, database ports, and remote-access services.
SSH and RDP are `firewall_admin_port_open_to_internet`."""

from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.gcp_network import FIREWALL_TYPE, all_ports_exposure, internet_exposure

DATABASE_PORTS = {
    1433: "SQL Server",
    1521: "Oracle",
    3306: "MySQL",
    5432: "PostgreSQL",
    6379: "Redis",
    9042: "Cassandra",
    9200: "Elasticsearch",
    27017: "MongoDB",
}
REMOTE_SERVICE_PORTS = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    445: "SMB",
    5900: "VNC",
    5985: "WinRM",
    5986: "WinRM over HTTPS",
}
_COMPLIANCE = {"nist-800-53-r5": ["AC-4", "SC-7"], "pci-dss-4.0": ["1.3.1"]}
_REFERENCES = ["https://cloud.google.com/firewall/docs/firewalls"]


@check(
    id="IAC-GCP-COMPUTE-020",
    name="firewall-all-ports-open-to-internet",
    title="VPC firewall rule allows every port from the internet",
    severity=Severity.HIGH,
    category="network",
    targets={Framework.TERRAFORM: [FIREWALL_TYPE]},
    remediation="""
        Allow only the ports the service needs, from the sources that need them.

        ```hcl
        resource "google_compute_firewall" "web" {
          name          = "allow-https"
          network       = google_compute_network.main.name
          source_ranges = ["0.0.0.0/0"]
          target_tags   = ["web"]

          allow {
            protocol = "tcp"
            ports    = ["443"]
          }
        }
        ```
    """,
    compliance=_COMPLIANCE,
    equivalents={"checkov": ["CKV2_GCP_12"]},
    references=_REFERENCES,
)
def firewall_all_ports_open_to_internet(
    rule: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ingress `google_compute_firewall` rules that allow every port from the whole
    internet: an `allow` block with `protocol = "all"`, or `tcp`/`udp` without `ports` or
    with a range covering 1-65535, and `0.0.0.0/0` or `::/0` in `source_ranges` (or no source
    at all, which GCP treats as `0.0.0.0/0`). Disabled and egress rules and unknown values
    are not reported.

    ## Why is this bad?
    Every service on the targeted VMs, including management, database and debug ports
    nobody meant to publish, becomes reachable by anyone scanning the internet.

    ## Example
    ```hcl
    resource "google_compute_firewall" "any" {
      name          = "allow-all"
      network       = google_compute_network.main.name
      source_ranges = ["0.0.0.0/0"]

      allow {
        protocol = "all"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_firewall" "web" {
      name          = "allow-https"
      network       = google_compute_network.main.name
      source_ranges = ["0.0.0.0/0"]

      allow {
        protocol = "tcp"
        ports    = ["443"]
      }
    }
    ```
    """
    exposure = all_ports_exposure(rule)
    if exposure is not None:
        yield Violation(at=exposure.at, message=f"allows every port from {exposure.source}")


@check(
    id="IAC-GCP-COMPUTE-021",
    name="firewall-database-port-open-to-internet",
    title="VPC firewall rule allows a database port from the internet",
    severity=Severity.HIGH,
    category="network",
    targets={Framework.TERRAFORM: [FIREWALL_TYPE]},
    remediation="""
        Reach databases over private IPs (VPC, Private Service Connect, Cloud SQL Auth Proxy)
        and allow their ports only from your own ranges.

        ```hcl
        resource "google_compute_firewall" "postgres" {
          name          = "allow-postgres-from-app"
          network       = google_compute_network.main.name
          source_ranges = ["10.10.0.0/16"]
          target_tags   = ["db"]

          allow {
            protocol = "tcp"
            ports    = ["5432"]
          }
        }
        ```
    """,
    compliance=_COMPLIANCE,
    equivalents={"checkov": ["CKV_GCP_88"]},
    references=_REFERENCES,
)
def firewall_database_port_open_to_internet(
    rule: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ingress `google_compute_firewall` rules that allow a database port over TCP from the
    whole internet: SQL Server 1433, Oracle 1521, MySQL 3306, PostgreSQL 5432, Redis 6379,
    Cassandra 9042, Elasticsearch 9200, MongoDB 27017 (a single port or a range). Rules that
    open every port are reported by IAC-GCP-COMPUTE-020 instead; unknown values are not
    reported.

    ## Why is this bad?
    Databases reachable from the internet are found by scanners within hours and attacked
    with credential stuffing and known exploits; exposed Redis, MongoDB and Elasticsearch
    instances are a leading cause of data leaks.

    ## Example
    ```hcl
    resource "google_compute_firewall" "postgres" {
      name          = "allow-postgres"
      network       = google_compute_network.main.name
      source_ranges = ["0.0.0.0/0"]

      allow {
        protocol = "tcp"
        ports    = ["5432"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_firewall" "postgres" {
      name          = "allow-postgres-from-app"
      network       = google_compute_network.main.name
      source_ranges = ["10.10.0.0/16"]

      allow {
        protocol = "tcp"
        ports    = ["5432"]
      }
    }
    ```
    """
    yield from _named_ports_open(rule, DATABASE_PORTS)


def _named_ports_open(rule: Resource, ports: dict[int, str]) -> Iterator[Violation]:
    """One violation naming every port of `ports` the rule opens to the internet; rules
    that open every port are left to IAC-GCP-COMPUTE-020."""
    if all_ports_exposure(rule) is not None:
        return
    exposures = [(port, internet_exposure(rule, port)) for port in ports]
    found = [(port, e) for port, e in exposures if e is not None]
    if not found:
        return
    names = ", ".join(f"{ports[port]} ({port})" for port, _ in found)
    yield Violation(at=found[0][1].at, message=f"allows {names} from {found[0][1].source}")


@check(
    id="IAC-GCP-COMPUTE-022",
    name="firewall-remote-service-port-open-to-internet",
    title="VPC firewall rule allows FTP, Telnet, SMB, VNC or WinRM from the internet",
    severity=Severity.HIGH,
    category="network",
    targets={Framework.TERRAFORM: [FIREWALL_TYPE]},
    remediation="""
        Reach these services through IAP TCP forwarding or a VPN, and allow their ports only
        from those ranges (for IAP, `35.235.240.0/20`).

        ```hcl
        resource "google_compute_firewall" "winrm" {
          name          = "allow-winrm-from-iap"
          network       = google_compute_network.main.name
          source_ranges = ["35.235.240.0/20"]

          allow {
            protocol = "tcp"
            ports    = ["5986"]
          }
        }
        ```
    """,
    compliance=_COMPLIANCE,
    equivalents={"checkov": ["CKV_GCP_75", "CKV_GCP_77"]},
    references=_REFERENCES,
)
def firewall_remote_service_port_open_to_internet(
    rule: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags ingress `google_compute_firewall` rules that allow, over TCP from the whole
    internet, a remote-access or file-sharing service: FTP (20, 21), Telnet (23), SMB (445),
    VNC (5900) or WinRM (5985, 5986). Rules that open every port are reported by
    IAC-GCP-COMPUTE-020 instead; SSH and RDP by IAC-GCP-COMPUTE-001/002. Unknown values are
    not reported.

    ## Why is this bad?
    FTP and Telnet send credentials in clear text; SMB, VNC and WinRM are favourite targets
    of ransomware and worms and are brute-forced constantly.

    ## Example
    ```hcl
    resource "google_compute_firewall" "ftp" {
      name          = "allow-ftp"
      network       = google_compute_network.main.name
      source_ranges = ["0.0.0.0/0"]

      allow {
        protocol = "tcp"
        ports    = ["20-21"]
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "google_compute_firewall" "sftp" {
      name          = "allow-sftp-from-partners"
      network       = google_compute_network.main.name
      source_ranges = ["198.51.100.0/24"]

      allow {
        protocol = "tcp"
        ports    = ["22"]
      }
    }
    ```
    """
    yield from _named_ports_open(rule, REMOTE_SERVICE_PORTS)
