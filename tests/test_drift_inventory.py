"""The inventory without a cloud: its file format, masking, the live graph, pagination (real
botocore paginators on stubbed answers), throttling (real botocore retries against a local
server that throttles), and the errors a user meets before anything is read."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from iacscan.drift.aws.session import MAX_ATTEMPTS, AwsReader, import_boto3
from iacscan.drift.inventory import (
    Inventory,
    InventoryError,
    InventoryFormatError,
    Link,
    LiveRecord,
    from_document,
    read_inventory,
    to_document,
    write_inventory,
)
from iacscan.drift.live import live_resources
from iacscan.drift.names import arn_region, arn_resource, mask, policy_reference
from iacscan.drift.providers import CollectOptions, ProviderError, SilentProgress, collect
from iacscan.graph.model import Framework, Span
from tests.moto_server import dummy_aws_env


def sample() -> Inventory:
    return Inventory(
        provider="aws",
        taken_at="2026-01-31T09:00:00Z",
        regions=("us-east-1", "eu-west-1"),
        records=[
            LiveRecord("aws_s3_bucket", "logs", "eu-west-1", {"bucket": "logs", "tags": None}),
            LiveRecord(
                "aws_s3_bucket_acl",
                "logs",
                "eu-west-1",
                {"bucket": "logs", "acl": "public-read"},
                links=(Link("aws_s3_bucket", "logs", ("bucket",), "parent"),),
            ),
            LiveRecord("aws_kms_key", "k-1", "us-east-1", {"key_id": "k-1"}, aliases=("alias/a",)),
        ],
        errors=[
            InventoryError("iam", "global", "ListRoles", "AccessDenied", "no", ("aws_iam_role",))
        ],
        account="123456789012",
        seconds=1.5,
        counts={"aws_s3_bucket": 1, "aws_s3_bucket_acl": 1, "aws_kms_key": 1},
        types=("aws_s3_bucket", "aws_s3_bucket_acl", "aws_kms_key", "aws_iam_role"),
    )


def test_inventory_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out" / "inventory.json"
    write_inventory(path, sample())
    assert not list(path.parent.glob(".inventory.json.*"))  # no temporary file left behind
    again = read_inventory(path)
    assert to_document(again) == to_document(sample())
    document = json.loads(path.read_text())
    assert document["version"] == 1
    assert document["resources"][0] == {
        "type": "aws_kms_key",
        "id": "k-1",
        "region": "us-east-1",
        "attributes": {"key_id": "k-1"},
        "aliases": ["alias/a"],
    }
    assert document["errors"] == [
        {
            "service": "iam",
            "region": "global",
            "operation": "ListRoles",
            "code": "AccessDenied",
            "message": "no",
            "types": ["aws_iam_role"],
        }
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"version": 2},
            "f.json: inventory format version 2 is not supported (expected 1); "
            "take the inventory again with this iacscan version",
        ),
        ({"version": 1, "provider": "aws", "regions": []}, "f.json: `resources`: expected a list"),
        (
            {"version": 1, "provider": "aws", "regions": [], "resources": [{"type": "aws_vpc"}]},
            "f.json: resources[0]: `id` must be a non-empty string",
        ),
        ([], "f.json: the file: expected a JSON object"),
    ],
)
def test_inventory_file_errors_name_the_entry(document: Any, message: str) -> None:
    with pytest.raises(InventoryFormatError) as caught:
        from_document(document, "f.json")
    assert str(caught.value) == message


def test_inventory_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "inventory.json"
    path.write_text("{nope", encoding="utf-8")
    with pytest.raises(InventoryFormatError, match=r"inventory.json: not JSON: Expecting"):
        read_inventory(path)


def test_masks_show_four_characters_of_long_values_only() -> None:
    assert mask("Sup3rSecret!") == "Sup3****"
    assert mask("12345678") == "1234****"
    assert mask("short") == "****"
    assert mask(1234567) == "****"
    assert mask(None) is None


def test_arn_helpers() -> None:
    assert arn_region("arn:aws:lambda:eu-west-1:1:function:fn") == "eu-west-1"
    assert arn_region("arn:aws:iam::1:role/app") is None
    assert arn_region("not-an-arn") is None
    assert arn_resource("arn:aws:iam::1:policy/team/app") == "app"
    assert policy_reference("arn:aws:iam::aws:policy/ReadOnlyAccess") == "aws/ReadOnlyAccess"
    assert policy_reference("arn:aws:iam::123456789012:policy/app") == "app"


def test_live_resources_carry_their_uri_and_link_to_their_parent() -> None:
    live = live_resources(sample())
    acl = live.graph.get("aws://eu-west-1/aws_s3_bucket_acl/logs")
    bucket = live.graph.get("aws://eu-west-1/aws_s3_bucket/logs")
    assert acl is not None and bucket is not None
    assert (acl.file, acl.span, acl.address, acl.framework) == (
        "aws://eu-west-1/aws_s3_bucket_acl/logs",
        Span(1, 1),
        "aws_s3_bucket_acl.logs",
        Framework.TERRAFORM,
    )
    # The S3 bucket view (and so every S3 check) finds the live ACL of the live bucket.
    from iacscan.model.aws_s3 import bucket_view

    assert bucket_view(bucket, live.graph).acl_name() == "public-read"


def _stubbed_iam(pages: list[dict[str, Any]]) -> tuple[AwsReader, Any]:
    boto3 = import_boto3()
    from botocore.stub import Stubber

    session = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    )
    reader = AwsReader(session, None)
    client = reader.client("iam", "us-east-1")
    stubber = Stubber(client)
    for index, page in enumerate(pages):
        expected = {"Marker": f"m{index}"} if index else {}
        stubber.add_response("list_roles", page, expected)
    stubber.activate()
    return reader, client


def _role(name: str) -> dict[str, Any]:
    return {
        "Path": "/",
        "RoleName": name,
        "RoleId": "AROA" + "X" * 16,
        "Arn": f"arn:aws:iam::123456789012:role/{name}",
        "CreateDate": "2026-01-01",
    }


def test_pagination_is_followed() -> None:
    reader, client = _stubbed_iam(
        [
            {"Roles": [_role("a"), _role("b")], "IsTruncated": True, "Marker": "m1"},
            {"Roles": [_role("c")], "IsTruncated": True, "Marker": "m2"},
            {"Roles": [_role("d")], "IsTruncated": False},
        ]
    )
    names = [r["RoleName"] for r in reader.pages(client, "list_roles", "Roles")]
    assert names == ["a", "b", "c", "d"]


class _Throttling(BaseHTTPRequestHandler):
    """An IAM endpoint that throttles the first two calls."""

    calls = 0
    ROLES = (
        "<ListRolesResponse><ListRolesResult><IsTruncated>false</IsTruncated><Roles>"
        "<member><Path>/</Path><RoleName>app</RoleName><RoleId>AROAXXXXXXXXXXXXXXXX</RoleId>"
        "<Arn>arn:aws:iam::123456789012:role/app</Arn><CreateDate>2026-01-01T00:00:00Z"
        "</CreateDate></member></Roles></ListRolesResult></ListRolesResponse>"
    )
    THROTTLED = (
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
        "<Message>Rate exceeded</Message></Error></ErrorResponse>"
    )

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).calls += 1
        throttled = type(self).calls <= 2
        body = (self.THROTTLED if throttled else self.ROLES).encode()
        self.send_response(400 if throttled else 200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def throttling_endpoint() -> Iterator[str]:
    _Throttling.calls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Throttling)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_throttled_calls_are_retried_with_backoff(throttling_endpoint: str) -> None:
    boto3 = import_boto3()
    session = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    )
    reader = AwsReader(session, throttling_endpoint)
    assert reader.config.retries == {"mode": "adaptive", "max_attempts": MAX_ATTEMPTS}
    client = reader.client("iam", "us-east-1")
    assert [r["RoleName"] for r in reader.pages(client, "list_roles", "Roles")] == ["app"]
    assert _Throttling.calls == 3


def test_missing_boto3_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(ProviderError) as caught:
        collect("aws", CollectOptions(("us-east-1",)), SilentProgress())
    assert str(caught.value) == (
        "reading AWS needs boto3, which is not installed: pip install 'iacscan[drift]'"
    )


def test_no_credentials_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dummy_aws_env(monkeypatch, tmp_path)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    for name in (
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
    ):
        monkeypatch.delenv(name, raising=False)
    options = CollectOptions(("us-east-1",), endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ProviderError, match=r"^no AWS credentials found: set AWS_PROFILE"):
        collect("aws", options, SilentProgress())


def test_no_region_and_unknown_profile_and_provider(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dummy_aws_env(monkeypatch, tmp_path)
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION")
    with pytest.raises(ProviderError, match=r"^no AWS region: pass --region"):
        collect("aws", CollectOptions(), SilentProgress())
    with pytest.raises(ProviderError, match=r"^AWS profile: The config profile \(nope\)"):
        collect("aws", CollectOptions(("us-east-1",), profile="nope"), SilentProgress())
    with pytest.raises(ProviderError, match=r"^unknown provider 'azure': use one of aws$"):
        collect("azure", CollectOptions(), SilentProgress())
