from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.model.azure_storage import ACCOUNT_TYPES, storage_account
from iacscan.model.settings import require_enabled


@check(
    id="IAC-AZURE-STORAGE-001",
    name="storage-account-https-not-enforced",
    title="Storage account accepts unencrypted HTTP requests",
    severity=Severity.HIGH,
    category="encryption",
    targets=ACCOUNT_TYPES,
    remediation="""
        Require secure transfer (HTTPS only) for every request.

        ```hcl
        resource "azurerm_storage_account" "logs" {
          name                       = "acmelogs"
          resource_group_name        = azurerm_resource_group.main.name
          location                   = "westeurope"
          account_tier               = "Standard"
          account_replication_type   = "LRS"
          https_traffic_only_enabled = true
        }
        ```

        In an ARM template set `"supportsHttpsTrafficOnly": true` under `properties`.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["3.1"],
        "nist-800-53-r5": ["SC-8", "SC-8(1)"],
        "pci-dss-4.0": ["4.2.1"],
    },
    equivalents={"checkov": ["CKV_AZURE_3"], "tfsec": ["azure-storage-enforce-https"]},
    references=[
        "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer",
    ],
)
def storage_account_https_not_enforced(
    account: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags storage accounts that accept requests over plain HTTP: azurerm
    `https_traffic_only_enabled` (provider v4) or `enable_https_traffic_only` (v3) set to
    false, or ARM `supportsHttpsTrafficOnly` set to false. An unwritten setting is on (azurerm,
    and ARM API versions since 2019-04-01), except in ARM templates using an older API version,
    where it defaults to off and the account is reported.

    ## Why is this bad?
    Over HTTP, shared keys, SAS tokens and the data itself cross the network in clear text and
    can be read or changed by anyone on the path.

    ## Example
    ```hcl
    resource "azurerm_storage_account" "logs" {
      name                       = "acmelogs"
      account_tier               = "Standard"
      account_replication_type   = "LRS"
      https_traffic_only_enabled = false
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_storage_account" "logs" {
      name                     = "acmelogs"
      account_tier             = "Standard"
      account_replication_type = "LRS"
    }
    ```
    """
    view = storage_account(account)
    yield from require_enabled(
        view.https_only, "secure transfer (HTTPS only)", default=view.https_only_default
    )
