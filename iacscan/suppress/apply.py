"""Match findings to suppression directives and apply the gate's rules.

A directive matches a finding of a check it names when it is written
- on the finding's line, or on comment lines directly above it;
- on the header line of the finding's resource, or on comment lines directly above it (then it
  covers the whole resource);
- anywhere inside the resource, for Checkov's `checkov:skip` (Checkov's own rule);
- in the resource's metadata (CloudFormation `Metadata`, ARM `metadata`).
Our own comments name checks by id, name, alias or another scanner's id; Checkov, tfsec and Trivy
comments name the ids that scanner uses, as declared in each check's `equivalents`.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from iacscan.check import CheckMeta
from iacscan.findings import Finding
from iacscan.frameworks.base import FileError
from iacscan.graph.model import Resource
from iacscan.suppress.comments import comment_only, directives_in
from iacscan.suppress.metadata import metadata_directives
from iacscan.suppress.model import Directive, DirectiveUse, Scope, Status

# The `equivalents` keys whose ids each foreign syntax may name (tfsec ids live on in Trivy).
_VOCABULARY = {"checkov": ("checkov",), "tfsec": ("tfsec", "trivy"), "trivy": ("trivy", "tfsec")}


@dataclass(frozen=True, slots=True)
class SuppressionPolicy:
    """The gate: suppressions on or off, a reason and/or expiry required, checks that can never
    be suppressed (ids, names or equivalent ids), and the date expiries are judged against."""

    enabled: bool = True
    require_reason: bool = False
    require_expiry: bool = False
    mandatory: tuple[str, ...] = ()
    today: date = field(default_factory=date.today)


@dataclass(slots=True)
class Outcome:
    active: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    notices: list[FileError] = field(default_factory=list)
    uses: list[DirectiveUse] = field(default_factory=list)


def collect_directives(
    sources: Mapping[str, str], resources: Iterable[Resource]
) -> list[Directive]:
    """Every directive in the scanned files' texts and in resource metadata."""
    found = [d for rel, text in sorted(sources.items()) for d in directives_in(rel, text)]
    found.extend(metadata_directives(resources))
    return found


def names_check(directive: Directive, check: CheckMeta) -> bool:
    vocabulary = _VOCABULARY.get(directive.source)
    if vocabulary is None:
        return any(check.matches_id(i) for i in directive.ids)
    known = {i.lower() for key in vocabulary for i in check.equivalents.get(key, ())}
    return any(i.lower() in known for i in directive.ids)


def apply_suppressions(
    findings: Iterable[Finding],
    directives: list[Directive],
    sources: Mapping[str, str],
    policy: SuppressionPolicy,
) -> Outcome:
    index = _Index(directives, sources)
    outcome = Outcome()
    matches: dict[Directive, list[Finding]] = defaultdict(list)
    rejections: dict[Directive, dict[str, None]] = defaultdict(dict)  # ordered, unique
    for finding in findings:
        chosen = None
        for directive in index.candidates(finding):
            if not names_check(directive, finding.check):
                continue
            matches[directive].append(finding)
            refusal = _refusal(directive, finding.check, policy)
            if refusal:
                rejections[directive][refusal] = None
            elif chosen is None:
                chosen = directive
        if chosen is None:
            outcome.active.append(finding)
        else:
            outcome.suppressed.append(dataclasses.replace(finding, suppression=chosen))
    used = {f.suppression for f in outcome.suppressed}
    for directive in directives:
        use = _use(directive, matches.get(directive, []), directive in used, rejections, policy)
        outcome.uses.append(use)
        outcome.notices.extend(
            FileError(directive.file, directive.line, note, kind="suppression")
            for note in use.notes
        )
    return outcome


def _refusal(directive: Directive, check: CheckMeta, policy: SuppressionPolicy) -> str:
    """Why the directive may not silence this check, or "" when it may."""
    if directive.problem:
        return f"suppression ignored: {directive.problem}"
    if directive.expired(policy.today):
        return (
            f"suppression of {check.id} expired on {directive.until}; the finding is reported "
            "again (fix it, or renew the suppression with a new date)"
        )
    if not policy.enabled:
        return "suppression ignored: inline suppressions are turned off by the configuration"
    if any(check.matches_id(m) for m in policy.mandatory):
        return f"suppression ignored: {check.id} is a mandatory check and cannot be suppressed"
    if policy.require_reason and not directive.reason:
        return 'suppression ignored: the configuration requires a reason (add reason="...")'
    if policy.require_expiry and directive.until is None:
        return "suppression ignored: the configuration requires an expiry (add until=YYYY-MM-DD)"
    return ""


def _use(
    directive: Directive,
    matched: list[Finding],
    in_use: bool,
    rejections: Mapping[Directive, Mapping[str, None]],
    policy: SuppressionPolicy,
) -> DirectiveUse:
    """The audit verdicts of one directive and the notices it earns: why it was refused, or
    that it works without a reason."""
    statuses = []
    notes = list(rejections.get(directive, {}))
    if directive.problem:
        statuses.append(Status.INVALID)
        notes = [f"suppression ignored: {directive.problem}"]
    elif directive.expired(policy.today):
        statuses.append(Status.EXPIRED)
    elif notes:
        statuses.append(Status.REJECTED)
    if not matched:
        statuses.append(Status.UNUSED)
    if not directive.reason:
        statuses.append(Status.NO_REASON)
        if in_use:
            notes.append('suppression without a reason: add reason="..." to say why it is safe')
    if in_use:
        statuses.append(Status.IN_USE)
    pairs = tuple(dict.fromkeys((f.check.id, f.resource.address) for f in matched))
    return DirectiveUse(directive, pairs, tuple(statuses), tuple(notes))


class _Index:
    """Directives by file and line, by resource (metadata), and Checkov's block-wide ones."""

    def __init__(self, directives: list[Directive], sources: Mapping[str, str]) -> None:
        self.sources = sources
        self.lines: dict[str, list[str]] = {}
        self.by_line: dict[tuple[str, int], list[Directive]] = defaultdict(list)
        self.blocks: dict[str, list[Directive]] = defaultdict(list)
        self.by_resource: dict[str, list[Directive]] = defaultdict(list)
        for directive in directives:
            if directive.scope is Scope.RESOURCE:
                self.by_resource[directive.resource_id].append(directive)
                continue
            self.by_line[(directive.file, directive.line)].append(directive)
            if directive.scope is Scope.BLOCK:
                self.blocks[directive.file].append(directive)

    def candidates(self, finding: Finding) -> list[Directive]:
        resource = finding.resource
        found = self._anchored(finding.file, finding.start_line)
        found += self._anchored(resource.file, resource.span.line)
        found += [
            d
            for d in self.blocks.get(resource.file, ())
            if resource.span.line <= d.line <= resource.span.end_line
        ]
        found += self.by_resource.get(resource.id, [])
        return list(dict.fromkeys(found))

    def _anchored(self, file: str, line: int) -> list[Directive]:
        """Directives on `line` and on the comment-only lines directly above it."""
        if not self.by_line or line <= 0:
            return []
        found = list(self.by_line.get((file, line), ()))
        lines = self._lines(file)
        above = line - 1
        while 0 < above <= len(lines) and comment_only(lines[above - 1]):
            found.extend(self.by_line.get((file, above), ()))
            above -= 1
        return found

    def _lines(self, file: str) -> list[str]:
        if file not in self.lines:
            self.lines[file] = self.sources.get(file, "").splitlines()
        return self.lines[file]
