from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.graph.values import is_true
from iacscan.model.azure_storage import (
    ACCOUNT_TYPES,
    CONTAINER_TYPES,
    account_forbids_public_containers,
    container_public_access,
    is_public_access_level,
    storage_account,
)


@check(
    id="IAC-AZURE-STORAGE-002",
    name="storage-blob-public-access",
    title="Storage account or blob container allows anonymous public read access",
    severity=Severity.HIGH,
    category="public-storage",
    targets={
        framework: ACCOUNT_TYPES[framework] + CONTAINER_TYPES[framework]
        for framework in (Framework.TERRAFORM, Framework.ARM)
    },
    remediation="""
        Disallow public containers on the account and keep containers private.

        ```hcl
        resource "azurerm_storage_account" "logs" {
          name                            = "acmelogs"
          account_tier                    = "Standard"
          account_replication_type        = "LRS"
          allow_nested_items_to_be_public = false
        }

        resource "azurerm_storage_container" "reports" {
          name                  = "reports"
          storage_account_id    = azurerm_storage_account.logs.id
          container_access_type = "private"
        }
        ```

        In an ARM template set `"allowBlobPublicAccess": false` on the account and
        `"publicAccess": "None"` on containers.
    """,
    compliance={
        "cis-azure-foundations-2.0.0": ["3.7"],
        "nist-800-53-r5": ["AC-3", "AC-21"],
        "pci-dss-4.0": ["1.3.1"],
    },
    equivalents={
        "checkov": ["CKV_AZURE_190", "CKV_AZURE_34"],
        "tfsec": ["azure-storage-no-public-access"],
    },
    references=[
        "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
    ],
)
def storage_blob_public_access(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags storage accounts that explicitly allow public containers
    (`allow_nested_items_to_be_public`, formerly `allow_blob_public_access`, or ARM
    `allowBlobPublicAccess` set to true) and blob containers whose access level is `blob` or
    `container` (ARM `publicAccess` `Blob`/`Container`), unless the container's account
    explicitly disallows public access (Azure then refuses it).

    An account that does not write the setting is not reported: its default depends on the
    azurerm provider version (on in v3, off in v4) and on the ARM API version, which the code
    does not show. A public container on such an account is reported.

    ## Why is this bad?
    Anyone who knows or guesses the URL can list and download the blobs without any
    credential; public containers are a frequent cause of data leaks.

    ## Example
    ```hcl
    resource "azurerm_storage_container" "reports" {
      name                  = "reports"
      storage_account_id    = azurerm_storage_account.logs.id
      container_access_type = "blob"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_storage_container" "reports" {
      name                  = "reports"
      storage_account_id    = azurerm_storage_account.logs.id
      container_access_type = "private"
    }
    ```
    """
    if resource.type.lower() in {t.lower() for t in CONTAINER_TYPES[resource.framework]}:
        access = container_public_access(resource)
        if not access.known or not is_public_access_level(access.value):
            return
        if account_forbids_public_containers(resource, context.graph):
            return
        yield Violation(
            at=access, message=f"container access level {access.value!r} allows anonymous reads"
        )
        return
    nested_public = storage_account(resource).nested_items_public
    if is_true(nested_public.value):
        yield Violation(at=nested_public, message="the account allows containers to be made public")
