"""Ignore rules for drift: things a team manages elsewhere on purpose.

`.iacscanignore-drift` holds one rule a line: `[KIND:]TYPE [ID [ATTRIBUTE]]`, each a glob
(`*`, `?`, `[...]`); `#` starts a comment. A rule without an attribute drops whole resources;
with one, it drops that attribute path (and everything under it) from changed resources.
KIND (`missing`, `unmanaged`, `changed`) limits a rule to one kind of drift.

    unmanaged:aws_iam_role  OrganizationAccountAccessRole
    aws_s3_bucket           cdk-*-assets-*
    *                       *                 tags
    aws_security_group      sg-0123abcd       egress

Built-in rules (`DEFAULT_RULES`, off with `--no-default-ignores`) drop what exists in every
account without anyone writing it: default VPCs and security groups, service-linked roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from iacscan.drift.result import KINDS, DriftEntry

IGNORE_FILE = ".iacscanignore-drift"


class IgnoreFileError(Exception):
    """A rule that cannot be read: the message names the file and line."""


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    type: str
    id: str = "*"
    attribute: str | None = None
    kind: str | None = None
    source: str = "built-in"
    """Where the rule was written (`file:line`), for reports and errors."""

    def matches(self, entry: DriftEntry) -> bool:
        """The rule applies to the entry's kind, type and id (attribute aside)."""
        return (
            (self.kind is None or self.kind == entry.kind)
            and fnmatchcase(entry.resource_type, self.type)
            and fnmatchcase(entry.id, self.id)
        )

    def covers(self, path: str) -> bool:
        """The attribute path is the rule's, or lies under it."""
        if self.attribute is None:
            return True
        return any(fnmatchcase(prefix, self.attribute) for prefix in _prefixes(path))


def _prefixes(path: str) -> Iterable[str]:
    """`a.b[0].c`, then `a`, `a.b`, `a.b[0]`: the path and the paths it lies under."""
    yield path
    for index, char in enumerate(path):
        if char in ".[" and index > 0:
            yield path[:index]


DEFAULT_RULES: tuple[IgnoreRule, ...] = (
    # The VPC and security group AWS creates in every region, and every VPC's default group:
    # Terraform adopts them (aws_default_vpc, aws_default_security_group) but rarely does.
    IgnoreRule("aws_default_vpc", kind="unmanaged"),
    IgnoreRule("aws_default_security_group", kind="unmanaged"),
    # Service-linked roles (created and owned by AWS services) and the `aws-*` roles that
    # consoles create for services.
    IgnoreRule("aws_iam_role", "AWSServiceRoleFor*", kind="unmanaged"),
    IgnoreRule("aws_iam_role", "aws-*", kind="unmanaged"),
    IgnoreRule("aws_iam_role", "AWSReservedSSO_*", kind="unmanaged"),
    # Attachments of AWS-managed policies to roles nobody manages in code.
    IgnoreRule("aws_iam_role_policy_attachment", "AWSServiceRoleFor*/*", kind="unmanaged"),
)


def parse_rules(text: str, source: str) -> list[IgnoreRule]:
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        fields = line.split()
        where = f"{source}:{number}"
        if len(fields) > 3:
            raise IgnoreFileError(
                f"{where}: expected `[KIND:]TYPE [ID [ATTRIBUTE]]`, got {len(fields)} fields "
                "(globs cannot contain spaces)"
            )
        kind, _, type_ = fields[0].rpartition(":")
        if kind and kind not in KINDS:
            raise IgnoreFileError(
                f"{where}: unknown drift kind {kind!r}; use one of {', '.join(KINDS)}"
            )
        rules.append(
            IgnoreRule(
                type=type_,
                id=fields[1] if len(fields) > 1 else "*",
                attribute=fields[2] if len(fields) > 2 else None,
                kind=kind or None,
                source=where,
            )
        )
    return rules


def load_rules(path: Path) -> list[IgnoreRule]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IgnoreFileError(f"{path}: cannot read the ignore file: {exc}") from exc
    return parse_rules(text, str(path))


def find_ignore_file(*folders: Path) -> Path | None:
    for folder in folders:
        candidate = folder / IGNORE_FILE
        if candidate.is_file():
            return candidate
    return None


def apply_rules(
    entries: Sequence[DriftEntry], rules: Sequence[IgnoreRule]
) -> tuple[list[DriftEntry], int]:
    """The entries the rules leave, and how many (entries and attribute differences) they
    dropped. A changed entry left with no difference is dropped."""
    kept: list[DriftEntry] = []
    dropped = 0
    for entry in entries:
        applying = [r for r in rules if r.matches(entry)]
        if any(r.attribute is None for r in applying):
            dropped += 1
            continue
        if entry.kind == "changed" and applying:
            attributes = tuple(
                a for a in entry.attributes if not any(r.covers(a.path) for r in applying)
            )
            dropped += len(entry.attributes) - len(attributes)
            if not attributes:
                continue
            entry = replace(entry, attributes=attributes)
        kept.append(entry)
    return kept, dropped
