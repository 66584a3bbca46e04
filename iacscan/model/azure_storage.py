"""Azure storage accounts and blob containers, from Terraform azurerm and ARM.

Defaults differ by format and version, so each setting comes with the default that applies
when it is not written:
- secure transfer (HTTPS only): on in azurerm (every version) and in ARM since API version
  2019-04-01; older ARM API versions created accounts that accept plain HTTP.
- minimum TLS version: `TLS1_2` in azurerm since v3.0; ARM leaves the property unset, and an
  account without it accepts TLS 1.0 (Microsoft documents "the default interpretation is TLS
  1.0").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_str, is_false
from iacscan.model.azure_fields import api_version_at_least, setting

ACCOUNT_TYPES = {
    Framework.TERRAFORM: ("azurerm_storage_account",),
    Framework.ARM: ("Microsoft.Storage/storageAccounts",),
}
CONTAINER_TYPES = {
    Framework.TERRAFORM: ("azurerm_storage_container",),
    Framework.ARM: ("Microsoft.Storage/storageAccounts/blobServices/containers",),
}
WEAK_TLS_VERSIONS = frozenset({"tls1_0", "tls1_1"})
PUBLIC_CONTAINER_ACCESS = frozenset({"blob", "container"})
# ARM accounts created with an older API version default to plain HTTP allowed.
HTTPS_DEFAULT_API_VERSION = "2019-04-01"


@dataclass(frozen=True, slots=True)
class StorageAccount:
    resource: Resource
    https_only: Field
    https_only_default: bool
    nested_items_public: Field
    """Whether containers may be made public (`allow_nested_items_to_be_public`,
    `allowBlobPublicAccess`). Only an explicit value is trusted: the default changed from on
    (azurerm v3, older ARM API versions) to off (azurerm v4, newer accounts)."""
    min_tls: Field
    min_tls_default: str


def storage_account(resource: Resource) -> StorageAccount:
    https_only = setting(
        resource,
        terraform=["https_traffic_only_enabled", "enable_https_traffic_only"],
        arm=("supportsHttpsTrafficOnly",),
    )
    nested_public = setting(
        resource,
        terraform=["allow_nested_items_to_be_public", "allow_blob_public_access"],
        arm=("allowBlobPublicAccess",),
    )
    min_tls = setting(resource, terraform=["min_tls_version"], arm=("minimumTlsVersion",))
    if resource.framework is Framework.ARM:
        # An unknown API version is most likely a current one: assume the modern default.
        https_default = api_version_at_least(resource, HTTPS_DEFAULT_API_VERSION) is not False
        tls_default = "TLS1_0"
    else:
        https_default, tls_default = True, "TLS1_2"
    return StorageAccount(resource, https_only, https_default, nested_public, min_tls, tls_default)


def is_weak_tls(value: object) -> bool:
    text = as_str(value)
    return text is not None and text.strip().lower() in WEAK_TLS_VERSIONS


def container_public_access(container: Resource) -> Field:
    """The container's public access level (`blob`/`container` are public)."""
    return setting(container, terraform=["container_access_type"], arm=("publicAccess",))


def is_public_access_level(value: object) -> bool:
    text = as_str(value)
    return text is not None and text.strip().lower() in PUBLIC_CONTAINER_ACCESS


def container_accounts(container: Resource, graph: ResourceGraph) -> Iterator[Resource]:
    """The storage account(s) a container belongs to, where the code says so: the account
    a Terraform container references, or the ARM account named by the container's first name
    segment (`acct/default/logs`) in the same template."""
    if container.framework is Framework.TERRAFORM:
        yield from graph.references(container, "azurerm_storage_account")
        return
    account_name = container.name.split("/", 1)[0]
    for account in graph.of_type(Framework.ARM, "Microsoft.Storage/storageAccounts"):
        if account.file == container.file and account.name == account_name:
            yield account


def account_forbids_public_containers(container: Resource, graph: ResourceGraph) -> bool:
    """True when the container's account explicitly disallows public containers: Azure then
    rejects or ignores a public access level on the container."""
    return any(
        is_false(storage_account(account).nested_items_public.value)
        for account in container_accounts(container, graph)
    )
