from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.azure_storage import ACCOUNT_TYPES, is_weak_tls, storage_account


@check(
    id="IAC-AZURE-STORAGE-003",
    name="storage-min-tls-below-1-2",
    title="Storage account accepts TLS versions older than 1.2",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=ACCOUNT_TYPES,
    remediation="""
        Require TLS 1.2 or later.

        ```hcl
        resource "azurerm_storage_account" "logs" {
          name                     = "acmelogs"
          account_tier             = "Standard"
          account_replication_type = "LRS"
          min_tls_version          = "TLS1_2"
        }
        ```

        In an ARM template set `"minimumTlsVersion": "TLS1_2"` under `properties`.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["3.15"],
        "nist-800-53-r5": ["SC-8", "SC-13"],
        "pci-dss-4.0": ["4.2.1"],
    },
    equivalents={"checkov": ["CKV_AZURE_44"], "tfsec": ["azure-storage-use-secure-tls-policy"]},
    references=[
        "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version",
    ],
)
def storage_min_tls_below_1_2(account: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags storage accounts whose minimum TLS version is `TLS1_0` or `TLS1_1`. In Terraform an
    unwritten `min_tls_version` is `TLS1_2` (the azurerm default since v3.0) and is not
    reported. In ARM templates an unwritten `minimumTlsVersion` leaves the property unset, which
    Azure interprets as TLS 1.0, so the account is reported.

    ## Why is this bad?
    TLS 1.0 and 1.1 have known weaknesses (BEAST, weak cipher suites, no AEAD) and are
    deprecated by RFC 8996; clients that still use them can be downgraded and eavesdropped on.

    ## Example
    ```hcl
    resource "azurerm_storage_account" "logs" {
      name            = "acmelogs"
      min_tls_version = "TLS1_0"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_storage_account" "logs" {
      name            = "acmelogs"
      min_tls_version = "TLS1_2"
    }
    ```
    """
    view = storage_account(account)
    if not view.min_tls.present:
        if is_weak_tls(view.min_tls_default):
            yield Violation(
                at=view.min_tls,
                message="minimum TLS version is not set, so TLS 1.0 is accepted",
            )
        return
    if view.min_tls.known and is_weak_tls(view.min_tls.value):
        yield Violation(
            at=view.min_tls, message=f"minimum TLS version {view.min_tls.value} is below 1.2"
        )
