"""Compute Engine instance and instance template settings: external IP, OS Login,
project-wide SSH keys, serial port, IP forwarding (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import (
    EACH,
    Disabled,
    Doc,
    Enabled,
    SettingPath,
    SettingRule,
    setting_check,
)
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str
from iacscan.model.gcp_compute import INSTANCE_TYPES, Absent

_REFERENCE = "https://cloud.google.com/compute/docs/"


def _instances(path: SettingPath) -> dict[Framework, dict[str, SettingPath]]:
    return {Framework.TERRAFORM: {t: path for t in INSTANCE_TYPES}}


def _doc(what: str, why: str, bad: str, good: str) -> Doc:
    head = (
        'resource "google_compute_instance" "app" {\n'
        '  name         = "app"\n'
        '  machine_type = "e2-medium"\n'
        '  zone         = "europe-west1-b"\n'
    )
    return Doc(what, why, f"```hcl\n{head}{bad}}}\n```", f"```hcl\n{head}{good}}}\n```")


def _fix(text: str, snippet: str) -> str:
    return f'{text}\n\n```hcl\nresource "google_compute_instance" "app" {{\n{snippet}}}\n```'


COMPUTE_INSTANCE_PUBLIC_IP = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-010",
        name="compute-instance-public-ip",
        title="Compute instance has an external IP address",
        severity=Severity.MEDIUM,
        category="network",
        what="an external IP (access_config)",
        where=_instances(("network_interface", EACH, "access_config")),
        expect=Absent(),
        doc=_doc(
            "Flags instances and instance templates with an external IP: an `access_config` "
            "block in a `network_interface` (empty or with a `nat_ip`). A dynamic "
            "`access_config` over an unknown collection is not reported.",
            "An external IP makes the VM reachable from the internet whenever a firewall rule "
            "allows it, and lets it reach the internet directly; one permissive rule then "
            "exposes every service on it.",
            '  network_interface {\n    network = "default"\n    access_config {}\n  }\n',
            "  network_interface {\n    subnetwork = google_compute_subnetwork.app.id\n  }\n",
        ),
        remediation=_fix(
            "Remove the `access_config` block; reach the VM through IAP TCP forwarding or a "
            "load balancer and give it outbound access through Cloud NAT.",
            "  network_interface {\n    subnetwork = google_compute_subnetwork.app.id\n  }\n",
        ),
        compliance={
            "cis-gcp-foundations-2.0.0": ["4.9"],
            "nist-800-53-r5": ["AC-4", "SC-7"],
            "pci-dss-4.0": ["1.4.1"],
        },
        equivalents={"checkov": ["CKV_GCP_40"], "tfsec": ["google-compute-no-public-ip"]},
        references=[_REFERENCE + "ip-addresses#externaladdresses"],
    )
)

COMPUTE_INSTANCE_OS_LOGIN_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-013",
        name="compute-instance-os-login-disabled",
        title="Compute instance turns OS Login off",
        severity=Severity.MEDIUM,
        category="iam",
        what="OS Login",
        where=_instances(("metadata", "enable-oslogin")),
        expect=Enabled(default=True),
        doc=_doc(
            'Flags instances and templates whose metadata sets `enable-oslogin = "FALSE"`, '
            "overriding the project setting. An unwritten key inherits the project's value "
            "and is not reported.",
            "Without OS Login, SSH access is managed with keys pasted into metadata: no IAM "
            "roles, no 2-step verification, and keys that outlive the people who added them.",
            '  metadata = {\n    enable-oslogin = "FALSE"\n  }\n',
            '  metadata = {\n    enable-oslogin = "TRUE"\n  }\n',
        ),
        remediation=_fix(
            "Leave OS Login on (set it once in project metadata) and grant "
            "`roles/compute.osLogin`.",
            '  metadata = {\n    enable-oslogin = "TRUE"\n  }\n',
        ),
        compliance={"cis-gcp-foundations-2.0.0": ["4.4"], "nist-800-53-r5": ["AC-2", "IA-2"]},
        equivalents={"checkov": ["CKV_GCP_34"], "tfsec": ["google-compute-no-oslogin-override"]},
        references=[_REFERENCE + "oslogin"],
    )
)

COMPUTE_INSTANCE_PROJECT_SSH_KEYS_ALLOWED = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-014",
        name="compute-instance-project-ssh-keys-allowed",
        title="Compute instance accepts project-wide SSH keys",
        severity=Severity.MEDIUM,
        category="iam",
        what="blocking project-wide SSH keys",
        where=_instances(("metadata", "block-project-ssh-keys")),
        expect=Enabled(),
        doc=_doc(
            "Flags instances and templates that accept project-wide SSH keys: metadata "
            '`block-project-ssh-keys` not `"TRUE"` (unwritten means accepted).',
            "A key added to project metadata opens every instance of the project; one leaked "
            "key is then a key to all of them.",
            "",
            '  metadata = {\n    block-project-ssh-keys = "TRUE"\n  }\n',
        ),
        remediation=_fix(
            "Block project-wide keys on the instance (or use OS Login).",
            '  metadata = {\n    block-project-ssh-keys = "TRUE"\n  }\n',
        ),
        compliance={"cis-gcp-foundations-2.0.0": ["4.3"], "nist-800-53-r5": ["AC-2", "AC-6"]},
        equivalents={
            "checkov": ["CKV_GCP_32"],
            "tfsec": ["google-compute-no-project-wide-ssh-keys"],
        },
        references=[_REFERENCE + "connect/restrict-ssh-keys"],
    )
)

COMPUTE_INSTANCE_SERIAL_PORT_ENABLED = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-015",
        name="compute-instance-serial-port-enabled",
        title="Compute instance allows interactive serial console access",
        severity=Severity.MEDIUM,
        category="network",
        what="the interactive serial port",
        where=_instances(("metadata", "serial-port-enable")),
        expect=Disabled(),
        doc=_doc(
            'Flags instances and templates whose metadata sets `serial-port-enable = "TRUE"`. '
            "It is off by default.",
            "The interactive serial console accepts connections from any address that knows "
            "the instance name and a valid key, bypassing firewall rules entirely.",
            '  metadata = {\n    serial-port-enable = "TRUE"\n  }\n',
            '  metadata = {\n    serial-port-enable = "FALSE"\n  }\n',
        ),
        remediation=_fix(
            "Turn the interactive serial port off.",
            '  metadata = {\n    serial-port-enable = "FALSE"\n  }\n',
        ),
        compliance={"cis-gcp-foundations-2.0.0": ["4.5"], "nist-800-53-r5": ["AC-17", "CM-7"]},
        equivalents={
            "checkov": ["CKV_GCP_35"],
            "tfsec": ["google-compute-no-serial-port"],
        },
        references=[_REFERENCE + "troubleshooting/troubleshooting-using-serial-console"],
    )
)

COMPUTE_INSTANCE_IP_FORWARDING = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-016",
        name="compute-instance-ip-forwarding",
        title="Compute instance forwards packets not addressed to it",
        severity=Severity.LOW,
        category="network",
        what="IP forwarding",
        where=_instances(("can_ip_forward",)),
        expect=Disabled(),
        doc=_doc(
            "Flags instances and templates with `can_ip_forward = true`. It is off by "
            "default; NAT gateways and network appliances need it, so suppress the finding "
            "there.",
            "A VM that forwards packets can route traffic around firewall rules and routes; a "
            "compromised host becomes a pivot between networks.",
            "  can_ip_forward = true\n",
            "  can_ip_forward = false\n",
        ),
        remediation=_fix("Turn IP forwarding off.", "  can_ip_forward = false\n"),
        compliance={"cis-gcp-foundations-2.0.0": ["4.6"], "nist-800-53-r5": ["AC-4", "SC-7"]},
        equivalents={"checkov": ["CKV_GCP_36"], "tfsec": ["google-compute-no-ip-forwarding"]},
        references=[_REFERENCE + "instances/create-start-instance"],
    )
)


def _is_oslogin_item(resource: Resource) -> bool:
    if resource.type != "google_compute_project_metadata_item":
        return True
    key = as_str(resource.get("key"))
    return key is not None and key.strip().lower() == "enable-oslogin"


PROJECT_OS_LOGIN_NOT_ENABLED = setting_check(
    SettingRule(
        id="IAC-GCP-COMPUTE-019",
        name="project-os-login-not-enabled",
        title="Project metadata does not turn OS Login on",
        severity=Severity.MEDIUM,
        category="iam",
        what="OS Login",
        where={
            Framework.TERRAFORM: {
                "google_compute_project_metadata": ("metadata", "enable-oslogin"),
                "google_compute_project_metadata_item": ("value",),
            },
        },
        expect=Enabled(),
        applies=_is_oslogin_item,
        doc=Doc(
            "Flags project metadata that does not enable OS Login: a "
            '`google_compute_project_metadata` without `enable-oslogin = "TRUE"`, or a '
            "`google_compute_project_metadata_item` with key `enable-oslogin` and a false "
            "value.",
            "Without OS Login, SSH access to every VM of the project is managed with metadata "
            "keys instead of IAM, with no 2-step verification and no central revocation.",
            '```hcl\nresource "google_compute_project_metadata" "main" {\n  metadata = {\n'
            '    block-project-ssh-keys = "TRUE"\n  }\n}\n```',
            '```hcl\nresource "google_compute_project_metadata" "main" {\n  metadata = {\n'
            '    enable-oslogin = "TRUE"\n  }\n}\n```',
        ),
        remediation="""
Turn OS Login on for the project.

```hcl
resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["4.4"], "nist-800-53-r5": ["AC-2", "IA-2"]},
        equivalents={"checkov": ["CKV_GCP_33"]},
        references=[_REFERENCE + "oslogin/set-up-oslogin"],
    )
)
