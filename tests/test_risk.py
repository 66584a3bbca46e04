"""Contextual severity on multi-resource fixtures: exposure meets sensitive data."""

from __future__ import annotations

from pathlib import Path

from iacscan.registry import load_checks
from iacscan.scan import ScanConfig, scan

CHECKS = load_checks()

ESTATE = """
resource "aws_security_group" "web" {
  description = "web"
  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "behind_open_group" {
  identifier             = "orders"
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  storage_encrypted      = false
  vpc_security_group_ids = [aws_security_group.web.id]
}

resource "aws_db_instance" "private" {
  identifier        = "billing"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = false
}
"""


def severities(tmp_path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    (tmp_path / "main.tf").write_text(ESTATE)
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=CHECKS))
    return {
        (f.check.id, f.resource.address): (f.base_severity.value, f.severity.value, f.context)
        for f in result.findings
    }


def test_reachable_data_store_is_raised_one_level_and_says_why(tmp_path: Path) -> None:
    found = severities(tmp_path)
    assert found[("IAC-AWS-RDS-001", "aws_db_instance.behind_open_group")] == (
        "high",
        "critical",
        "reachable from the internet via aws_security_group.web; holds data (aws_db_instance)",
    )


def test_the_same_misconfiguration_in_private_keeps_its_severity(tmp_path: Path) -> None:
    found = severities(tmp_path)
    assert found[("IAC-AWS-RDS-001", "aws_db_instance.private")] == ("high", "high", "")


def test_the_open_group_itself_is_raised_for_reaching_the_database(tmp_path: Path) -> None:
    base, effective, context = severities(tmp_path)[("IAC-AWS-EC2-001", "aws_security_group.web")]
    assert (base, effective) == ("high", "critical")
    assert context.startswith("internet-exposed (")
    assert context.endswith("reaches sensitive data in aws_db_instance.behind_open_group")


def test_publicly_accessible_database_raises_its_own_findings(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n'
        "  storage_encrypted = false\n}\n"
    )
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=CHECKS))
    encrypted = next(f for f in result.findings if f.check.id == "IAC-AWS-RDS-001")
    assert (encrypted.base_severity.value, encrypted.severity.value) == ("high", "critical")
    assert encrypted.context.startswith("internet-exposed (")


def test_a_public_access_finding_does_not_raise_itself(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'
        'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n'
    )
    result = scan([tmp_path], ScanConfig(root=tmp_path, checks=CHECKS))
    own = {f.check.id: f for f in result.findings}
    assert (own["IAC-AWS-RDS-002"].severity, own["IAC-AWS-RDS-002"].context) == (
        own["IAC-AWS-RDS-002"].base_severity,
        "",
    )
    assert (own["IAC-AWS-S3-001"].severity, own["IAC-AWS-S3-001"].context) == (
        own["IAC-AWS-S3-001"].base_severity,
        "",
    )
