"""Cloud DNS zone settings: DNSSEC on, and no RSASHA1 signing keys (one row each)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import EACH, Doc, NoneOf, OneOf, SettingRule, setting_check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import as_str

_ZONE = "google_dns_managed_zone"


def _public_zone(zone: Resource) -> bool:
    """Private zones cannot be signed; an unknown visibility is not judged."""
    visibility = zone.field("visibility")
    if visibility.unknown:
        return False
    text = as_str(visibility.value)
    return text is None or text.strip().lower() == "public"


_ZONE_HEAD = (
    'resource "google_dns_managed_zone" "public" {\n'
    '  name     = "example-com"\n'
    '  dns_name = "example.com."\n'
)

DNS_DNSSEC_DISABLED = setting_check(
    SettingRule(
        id="IAC-GCP-DNS-001",
        name="dns-dnssec-disabled",
        title="Public Cloud DNS zone is not signed with DNSSEC",
        severity=Severity.MEDIUM,
        category="network",
        what="DNSSEC",
        where={Framework.TERRAFORM: {_ZONE: ("dnssec_config", 0, "state")}},
        expect=OneOf(frozenset({"on"})),
        applies=_public_zone,
        doc=Doc(
            "Flags public managed zones without DNSSEC: no `dnssec_config` block or a "
            '`state` other than `"on"`. Private zones are skipped.',
            "Without DNSSEC, resolvers cannot tell forged answers from real ones; cache "
            "poisoning and on-path attackers can send your users to their servers.",
            f"```hcl\n{_ZONE_HEAD}}}\n```",
            f'```hcl\n{_ZONE_HEAD}\n  dnssec_config {{\n    state = "on"\n  }}\n}}\n```',
        ),
        remediation=f"""
Sign the zone (and publish the DS record at your registrar).

```hcl
{_ZONE_HEAD}
  dnssec_config {{
    state = "on"
  }}
}}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["3.3"], "nist-800-53-r5": ["SC-20"]},
        equivalents={"checkov": ["CKV_GCP_16"], "tfsec": ["google-dns-enable-dnssec"]},
        references=["https://cloud.google.com/dns/docs/dnssec-config"],
    )
)

DNS_RSASHA1_KEY = setting_check(
    SettingRule(
        id="IAC-GCP-DNS-002",
        name="dns-rsasha1-signing-key",
        title="Cloud DNS zone signs with RSASHA1",
        severity=Severity.MEDIUM,
        category="encryption",
        what="the DNSSEC signing algorithm",
        where={
            Framework.TERRAFORM: {
                _ZONE: ("dnssec_config", 0, "default_key_specs", EACH, "algorithm"),
            },
        },
        expect=NoneOf(frozenset({"rsasha1"})),
        doc=Doc(
            "Flags managed zones whose DNSSEC key-signing or zone-signing key uses "
            '`algorithm = "rsasha1"` in `dnssec_config.default_key_specs`.',
            "SHA-1 signatures can be forged with practical collision attacks; an attacker who "
            "can forge signatures defeats DNSSEC entirely.",
            f'```hcl\n{_ZONE_HEAD}\n  dnssec_config {{\n    state = "on"\n\n'
            "    default_key_specs {\n"
            '      algorithm  = "rsasha1"\n      key_length = 2048\n'
            '      key_type   = "keySigning"\n    }\n  }\n}\n```',
            f'```hcl\n{_ZONE_HEAD}\n  dnssec_config {{\n    state = "on"\n\n'
            "    default_key_specs {\n"
            '      algorithm  = "rsasha256"\n      key_length = 2048\n'
            '      key_type   = "keySigning"\n    }\n  }\n}\n```',
        ),
        remediation="""
Sign with RSASHA256 (or ECDSAP256SHA256).

```hcl
default_key_specs {
  algorithm  = "rsasha256"
  key_length = 2048
  key_type   = "keySigning"
}
```
""",
        compliance={"cis-gcp-foundations-2.0.0": ["3.4", "3.5"], "nist-800-53-r5": ["SC-13"]},
        equivalents={"checkov": ["CKV_GCP_17"], "tfsec": ["google-dns-no-rsa-sha1"]},
        references=["https://cloud.google.com/dns/docs/dnssec-advanced#algorithms"],
    )
)
