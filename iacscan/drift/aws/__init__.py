"""The AWS inventory provider: every service reader, over every region, in parallel.

Credentials come from boto3's standard chain (environment, `--profile` / shared files, SSO,
instance and container roles). One small module a service turns API answers into `LiveRecord`s
with Terraform types and attribute names; this module runs them, one task a service and region
(global services once), and turns a failed service into an `InventoryError` while the others
go on.
"""

from __future__ import annotations

import importlib
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

from iacscan.drift.aws.context import ServiceContext
from iacscan.drift.aws.session import AwsReader, error_code, error_message, import_boto3
from iacscan.drift.inventory import (
    DENIED_CODES,
    GLOBAL_REGION,
    Inventory,
    InventoryError,
    LiveRecord,
)
from iacscan.drift.providers import CollectOptions, Progress, ProviderError

SERVICES = (
    "s3",
    "iam",
    "security_groups",
    "ec2",
    "vpc",
    "rds",
    "lambda_functions",
    "kms",
    "cloudtrail",
)


def service_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in SERVICES]


def collect(options: CollectOptions, progress: Progress) -> Inventory:
    started = time.perf_counter()
    taken_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    session = _session(options.profile)
    regions = options.regions or ((session.region_name,) if session.region_name else ())
    if not regions:
        raise ProviderError(
            "no AWS region: pass --region (repeatable), or set AWS_REGION or the profile's region"
        )
    reader = AwsReader(session, options.endpoint_url)
    account = _account(reader, regions[0])
    progress.note(f"account {account}, regions {', '.join(regions)}")
    tasks = [
        (
            m,
            ServiceContext(
                reader,
                m.SERVICE,
                m.CLIENT,
                region,
                regions,
                account,
                progress,
                tuple(m.TYPES),
                m.GLOBAL,
            ),
        )
        for m in service_modules()
        for region in (regions[:1] if m.GLOBAL else regions)
    ]
    inventory = Inventory("aws", taken_at, tuple(regions), account=account)
    inventory.types = tuple(t for m in service_modules() for t in m.TYPES)
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        for records, error in pool.map(lambda task: _run(*task), tasks):
            inventory.records.extend(records)
            if error is not None:
                inventory.errors.append(error)
    inventory.errors.extend(reader.errors)
    inventory.counts = dict(Counter(r.type for r in inventory.records))
    inventory.seconds = time.perf_counter() - started
    return inventory


def _session(profile: str | None) -> Any:
    boto3 = import_boto3()
    from botocore.exceptions import BotoCoreError

    try:
        return boto3.Session(profile_name=profile)
    except BotoCoreError as exc:  # e.g. ProfileNotFound
        raise ProviderError(f"AWS profile: {exc}") from exc


def _account(reader: AwsReader, region: str) -> str:
    """The account the credentials belong to; also proves there are credentials at all."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        return str(reader.client("sts", region).get_caller_identity()["Account"])
    except NoCredentialsError:
        raise ProviderError(
            "no AWS credentials found: set AWS_PROFILE or pass --profile, or set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (see docs/drift.md)"
        ) from None
    except ClientError as exc:
        raise ProviderError(
            f"AWS rejected the credentials ({error_code(exc)}: {error_message(exc)})"
        ) from exc
    except BotoCoreError as exc:
        raise ProviderError(f"cannot reach AWS STS in {region}: {exc}") from exc


def _run(
    module: ModuleType, context: ServiceContext
) -> tuple[list[LiveRecord], InventoryError | None]:
    """One service in one region; a failure of its listing call is its error, reported per
    service, and the other services go on."""
    from botocore.exceptions import BotoCoreError, ClientError

    region = GLOBAL_REGION if context.is_global else context.region
    try:
        records = list(module.read(context))
    except (ClientError, BotoCoreError) as exc:
        code, message = error_code(exc), error_message(exc)
        label = "access denied" if code in DENIED_CODES else "failed"
        context.progress.service_failed(context.service, region, f"{label} ({code}): {message}")
        operation = getattr(exc, "operation_name", "") or ""
        return [], InventoryError(context.service, region, operation, code, message, context.types)
    context.progress.service_done(context.service, region, dict(Counter(r.type for r in records)))
    return records, None
