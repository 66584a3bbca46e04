"""VPC settings: subnet flow logs, Private Google Access, the default network and SSL
policies (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, OneOf, Present, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

_SUBNET = "google_compute_subnetwork"
# Proxy-only and Private Service Connect subnets carry no VM traffic and accept neither
# flow logs nor Private Google Access.
_SPECIAL_PURPOSES = frozenset(
    {
        "regional_managed_proxy",
        "global_managed_proxy",
        "internal_https_load_balancer",
        "private_service_connect",
    }
)


def _vm_subnet(subnet: Resource) -> bool:
    purpose = as_str(subnet.get("purpose"))
    return purpose is None or purpose.strip().lower() not in _SPECIAL_PURPOSES


def _subnet_doc(what: str, why: str, good: str) -> Doc:
    head = (
        'resource "google_compute_subnetwork" "app" {\n'
        '  name          = "app"\n'
        '  ip_cidr_range = "10.10.0.0/20"\n'
        "  network       = google_compute_network.main.id\n"
    )
    return Doc(what, why, f"```hcl\n{head}}}\n```", f"```hcl\n{head}{good}}}\n```")


SUBNET_FLOW_LOGS_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-NETWORK-001",
        name="subnet-flow-logs-disabled",
        title="VPC subnet does not record flow logs",
        severity=Severity.LOW,
        category="logging",
        what="VPC flow logs",
        where={Framework.TERRAFORM: {_SUBNET: ("log_config",)}},
        expect=Present(),
        applies=_vm_subnet,
        doc=_subnet_doc(
            "Flags subnets without VPC flow logs: no `log_config` block. Proxy-only and "
            "Private Service Connect subnets (by `purpose`) are skipped.",
            "Flow logs are the record of which addresses talked to which VMs; without them "
            "network intrusions, data exfiltration and scans cannot be investigated.",
            '\n  log_config {\n    aggregation_interval = "INTERVAL_5_SEC"\n'
            "    flow_sampling        = 0.5\n"
            '    metadata             = "INCLUDE_ALL_METADATA"\n  }\n',
        ),
        remediation="""
Record flow logs for the subnet.

```hcl
log_config {
  aggregation_interval = "INTERVAL_5_SEC"
  flow_sampling        = 0.5
  metadata             = "INCLUDE_ALL_METADATA"
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["3.8"], "nist-800-53-r5": ["AU-12", "SI-4"]},
        equivalents={
            "checkov": ["CKV_GCP_26"],
            "tfsec": ["google-compute-enable-subnetwork-flow-logs"],
        },
        references=["https://cloud.google.com/vpc/docs/using-flow-logs"],
    )
)

SUBNET_PRIVATE_GOOGLE_ACCESS_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-NETWORK-002",
        name="subnet-private-google-access-disabled",
        title="VPC subnet does not reach Google APIs privately",
        severity=Severity.LOW,
        category="network",
        what="Private Google Access",
        where={Framework.TERRAFORM: {_SUBNET: ("private_ip_google_access",)}},
        expect=Enabled(),
        applies=_vm_subnet,
        doc=_subnet_doc(
            "Flags subnets without Private Google Access: `private_ip_google_access` false or "
            "not written, which is the default. Proxy-only and Private Service Connect "
            "subnets are skipped.",
            "Without it, VMs with only internal addresses cannot reach Google APIs, which "
            "pushes teams to give them external IPs or broad NAT, widening what the internet "
            "can reach.",
            "  private_ip_google_access = true\n",
        ),
        remediation="""
Turn on Private Google Access.

```hcl
resource "google_compute_subnetwork" "app" {
  name                     = "app"
  ip_cidr_range            = "10.10.0.0/20"
  network                  = google_compute_network.main.id
  private_ip_google_access = true
}
```
""",
        compliance={"nist-800-53-r5": ["SC-7"]},
        equivalents={
            "checkov": ["CKV_GCP_74"],
            "tfsec": ["google-compute-enable-subnetwork-private-google-access"],
        },
        references=["https://cloud.google.com/vpc/docs/private-google-access"],
    )
)

PROJECT_DEFAULT_NETWORK = setting_check(
    SettingRule(
        id="IAC-GCP-NETWORK-003",
        name="project-default-network",
        title="Project is created with the default network",
        severity=Severity.LOW,
        category="network",
        what="creating the default network",
        where={Framework.TERRAFORM: {"google_project": ("auto_create_network",)}},
        expect=Disabled(default=True),
        doc=Doc(
            "Flags projects created with the `default` network: `auto_create_network` true or "
            "not written (the provider creates it by default).",
            "The default network has a subnet in every region and pre-made firewall rules "
            "that allow SSH, RDP and ICMP from anywhere (`default-allow-ssh`, "
            "`default-allow-rdp`); VMs put there are exposed before anyone writes a rule.",
            '```hcl\nresource "google_project" "app" {\n  name       = "app"\n'
            '  project_id = "acme-app"\n  org_id     = "123456789012"\n}\n```',
            '```hcl\nresource "google_project" "app" {\n  name                = "app"\n'
            '  project_id          = "acme-app"\n  org_id              = "123456789012"\n'
            "  auto_create_network = false\n}\n```",
        ),
        remediation="""
Create projects without the default network and build your own VPC.

```hcl
resource "google_project" "app" {
  name                = "app"
  project_id          = "acme-app"
  org_id              = "123456789012"
  auto_create_network = false
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["3.1"], "nist-800-53-r5": ["SC-7", "CM-7"]},
        equivalents={"checkov": ["CKV_GCP_27"], "tfsec": ["google-iam-no-default-network"]},
        references=["https://cloud.google.com/vpc/docs/vpc#default-network"],
    )
)

SSL_POLICY_WEAK_TLS = setting_check(
    SettingRule(
        id="IAC-GCP-NETWORK-004",
        name="ssl-policy-weak-tls",
        title="Load balancer SSL policy accepts TLS versions older than 1.2",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the minimum TLS version",
        where={Framework.TERRAFORM: {"google_compute_ssl_policy": ("min_tls_version",)}},
        expect=OneOf(frozenset({"TLS_1_2", "TLS_1_3"})),
        doc=Doc(
            "Flags SSL policies of HTTPS and SSL proxy load balancers whose `min_tls_version` "
            "is `TLS_1_0` or `TLS_1_1`, or not written (the default is `TLS_1_0`).",
            "TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); clients can "
            "be downgraded to them and their traffic read.",
            '```hcl\nresource "google_compute_ssl_policy" "web" {\n  name    = "web"\n'
            '  profile = "MODERN"\n}\n```',
            '```hcl\nresource "google_compute_ssl_policy" "web" {\n  name            = "web"\n'
            '  profile         = "MODERN"\n  min_tls_version = "TLS_1_2"\n}\n```',
        ),
        remediation="""
Require TLS 1.2 with the MODERN or RESTRICTED profile.

```hcl
resource "google_compute_ssl_policy" "web" {
  name            = "web"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}
```
""",
        compliance={
            "cis-gcp-foundations-2.0.0": ["3.9"],
            "nist-800-53-r5": ["SC-8", "SC-13"],
            "pci-dss-4.0": ["4.2.1"],
        },
        equivalents={"checkov": ["CKV_GCP_4"], "tfsec": ["google-compute-use-secure-tls-policy"]},
        references=["https://cloud.google.com/load-balancing/docs/ssl-policies-concepts"],
    )
)
