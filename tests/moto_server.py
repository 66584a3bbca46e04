"""A real moto server for the drift tests: a subprocess on 127.0.0.1, on a free port.

`moto_endpoint` (session-scoped) starts `python -m moto.server`, waits until it answers,
yields its URL and stops the process by its id at the end. `aws_env` gives every test dummy
credentials and points the AWS config files at paths that do not exist, so nothing can reach a
real account. `reset(endpoint)` empties the server between scenarios.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REGION = "us-east-1"
START_TIMEOUT = 60.0
DUMMY_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
}
UNSET_ENV = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(endpoint: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def start(
    log: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server; raise with its log when it does not answer in time. `extra_env`
    configures moto (e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to enforce IAM permissions)."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in UNSET_ENV}
    env.update(DUMMY_ENV)
    env.update(extra_env or {})
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(endpoint):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"moto server did not start: {log.read_text(errors='replace')}")
        time.sleep(0.1)
    return process, endpoint


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started, by its process id."""
    # SIGINT first: werkzeug stops serving at once, but then waits for the clients' open
    # keep-alive connections; a test server has nothing to save, so it is killed soon after.
    for signal_number, wait in ((signal.SIGINT, 2), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        os.kill(process.pid, signal_number)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def reset(endpoint: str) -> None:
    request = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


class _Shared:
    """One server for the whole session: test modules import the fixture, and pytest makes
    one session fixture per importing module, so they share the process (counted users)."""

    process: subprocess.Popen[bytes] | None = None
    endpoint = ""
    users = 0


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("moto.server", reason="moto[server] is a test dependency of drift")
    if _Shared.process is None:
        log = tmp_path_factory.mktemp("moto") / "moto.log"
        _Shared.process, _Shared.endpoint = start(log)
    _Shared.users += 1
    try:
        yield _Shared.endpoint
    finally:
        _Shared.users -= 1
        if _Shared.users == 0 and _Shared.process is not None:
            stop(_Shared.process)
            _Shared.process = None


def dummy_aws_env(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Dummy credentials; no config or credentials file can be read."""
    for name in UNSET_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in DUMMY_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(folder / "no-such-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "no-such-credentials"))


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dummy_aws_env(monkeypatch, tmp_path)
