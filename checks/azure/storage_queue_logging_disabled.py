from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Field, Framework, Resource
from iacscan.graph.values import as_bool, as_str

_ACCOUNT = "azurerm_storage_account"
_QUEUE_PROPERTIES = "azurerm_storage_account_queue_properties"
# Account kinds without a queue service.
_NO_QUEUES = frozenset({"blobstorage", "blockblobstorage", "filestorage"})
_OPERATIONS = ("read", "write", "delete")


@check(
    id="IAC-AZURE-STORAGE-016",
    name="storage-queue-logging-disabled",
    title="Storage account does not log queue reads, writes and deletes",
    severity=Severity.LOW,
    category="logging",
    targets={Framework.TERRAFORM: [_ACCOUNT, _QUEUE_PROPERTIES]},
    remediation="""
        Log read, write and delete requests to the queue service.

        ```hcl
        resource "azurerm_storage_account_queue_properties" "data" {
          storage_account_id = azurerm_storage_account.data.id

          logging {
            version               = "1.0"
            read                  = true
            write                 = true
            delete                = true
            retention_policy_days = 90
          }
        }
        ```

        With azurerm v3 write the same `logging` block inside the account's
        `queue_properties`.
    """,
    compliance={"cis-azure-foundations-2.0.0": ["3.5"], "nist-800-53-r5": ["AU-2", "AU-12"]},
    equivalents={"checkov": ["CKV_AZURE_33"]},
    references=[
        "https://learn.microsoft.com/azure/storage/common/storage-analytics-logging",
    ],
)
def storage_queue_logging_disabled(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags storage accounts whose queue service does not log read, write and delete
    requests: no `logging` block in `queue_properties` (azurerm v3) or in an
    `azurerm_storage_account_queue_properties` resource naming the account (v4), or a
    `logging` block with `read`, `write` or `delete` false. Accounts without a queue service
    (`BlobStorage`, `BlockBlobStorage`, `FileStorage`) are skipped. ARM templates cannot set
    classic queue logging and are not checked (use diagnostic settings there).

    ## Why is this bad?
    Queues carry commands between services; without request logs, a message injected or
    deleted with a leaked key leaves no trace.

    ## Example
    ```hcl
    resource "azurerm_storage_account" "data" {
      name                     = "acmedata"
      account_tier             = "Standard"
      account_replication_type = "GRS"
    }
    ```

    ## Use instead
    ```hcl
    resource "azurerm_storage_account_queue_properties" "data" {
      storage_account_id = azurerm_storage_account.data.id

      logging {
        version = "1.0"
        read    = true
        write   = true
        delete  = true
      }
    }
    ```
    """
    if resource.type == _QUEUE_PROPERTIES:
        yield from _judge_logging(resource.field("logging", 0), resource)
        return
    kind = as_str(resource.get("account_kind"))
    if kind is not None and kind.strip().lower() in _NO_QUEUES:
        return
    if resource.field("account_kind").unknown:
        return
    queue = resource.field("queue_properties", 0)
    if queue.present:
        yield from _judge_logging(queue.get("logging", 0), queue)
    elif not context.graph.referenced_by(resource, _QUEUE_PROPERTIES):
        yield Violation(at=resource, message="queue requests are not logged")


def _judge_logging(logging: Field, parent: Field | Resource) -> Iterator[Violation]:
    if logging.unknown:
        return
    if not logging.present:
        yield Violation(at=parent, message="queue properties have no logging block")
        return
    for operation in _OPERATIONS:
        flag = logging.get(operation)
        if as_bool(flag.value) is False:
            yield Violation(at=flag, message=f"queue {operation} requests are not logged")
