"""A scan never touches the network: the command line scans every fixture (and Terraform module
sources that point at git and the registry) in a child process whose sockets refuse to connect
or resolve, and an audit hook reports any attempt even where a caller would swallow the error.
Forked parse workers inherit both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CHILD = textwrap.dedent(
    """
    import os, socket, sys

    def refuse(*args, **kwargs):
        sys.__stderr__.write(f"NETWORK-ATTEMPT pid={os.getpid()}: {args!r:.200}\\n")
        raise OSError("network access attempted during a scan")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.socket.sendto = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    socket.gethostbyname = refuse
    socket.gethostbyname_ex = refuse

    def hook(event, args):
        if event.startswith(("socket.connect", "socket.getaddrinfo", "socket.gethostby",
                             "socket.sendto", "urllib.Request", "http.client")):
            sys.__stderr__.write(f"NETWORK-ATTEMPT pid={os.getpid()}: {event} {args!r:.200}\\n")

    sys.addaudithook(hook)

    from iacscan.cli import main
    sys.argv = ["iacscan", *sys.argv[1:]]
    main()
    """
)

MODULES = """\
module "git" {
  source = "git::https://github.com/example/terraform-aws-vpc.git?ref=v1.0.0"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}

module "http" {
  source = "https://example.com/vpc-module.zip"
}

module "s3" {
  source = "s3::https://s3.amazonaws.com/bucket/vpc.zip"
}
"""


def test_a_scan_of_every_fixture_never_opens_a_socket(tmp_path: Path) -> None:
    (tmp_path / "remote").mkdir()
    (tmp_path / "remote" / "main.tf").write_text(MODULES)
    sarif = tmp_path / "out.sarif"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "scan", str(FIXTURES), str(tmp_path / "remote"),
         "--root", str(tmp_path.parent), "-o", "json", "-o", f"sarif={sarif}"],
        capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path,
    )  # fmt: skip
    attempts = [line for line in done.stderr.splitlines() if "NETWORK-ATTEMPT" in line]
    assert attempts == []
    assert done.returncode in (1, 3), done.stderr[-2000:]  # findings (and fixtures that err)
    report = json.loads(done.stdout)
    assert [e for e in report["errors"] if e["kind"] in ("internal", "check", "read")] == []
    assert report["summary"]["files_scanned"] > 200
    assert report["summary"]["findings"] > 200
    remote = [n for n in report["notices"] if n["file"].endswith("remote/main.tf")]
    assert [n["line"] for n in remote] == [1, 5, 10, 14]
    assert all("not evaluated" in n["message"] for n in remote)
    assert json.loads(sarif.read_text())["runs"][0]["tool"]["driver"]["name"] == "iacscan"
