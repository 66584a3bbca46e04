"""IAM policy documents, however they are written, as a list of statements.

A policy reaches a check in one of three shapes:
- a mapping (CloudFormation `PolicyDocument`), where every key has its own line;
- a JSON string (a Terraform heredoc, `jsonencode(...)`, a variable), decoded and read like a
  mapping under the attribute's path: keys have lines where the adapter recorded them (Terraform
  does inside `jsonencode` and heredocs), else they point at the attribute;
- the `statement` blocks of a Terraform `aws_iam_policy_document` data source.

Each becomes `Statement`s in the JSON vocabulary (Effect, Action, NotAction, Resource,
Principal, Condition, ...), each key remembering the field to point at. Single values and lists
are both accepted; unknown parts stay `Unknown`, and every question asked of a statement answers
False when the answer depends on an unknown part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import MISSING, AttrPath, Field, Framework, Resource, Unknown
from iacscan.graph.values import as_str

POLICY_DOCUMENT = "data.aws_iam_policy_document"
# The data source merges these other documents' statements into its own.
_SOURCE_DOCS = "source_policy_documents"
_OVERRIDE_DOCS = "override_policy_documents"
# Terraform data source argument -> JSON policy key.
_DOCUMENT_KEYS = {
    "sid": "Sid",
    "effect": "Effect",
    "actions": "Action",
    "not_actions": "NotAction",
    "resources": "Resource",
    "not_resources": "NotResource",
}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement. `data` uses the JSON keys; `fields` says where each key is written, and
    `anchor` is where to point for anything else (the statement itself). `origin` is `mapping`
    (a policy mapping or decoded JSON string) or `document` (a data source `statement` block)."""

    data: Mapping[str, Any]
    anchor: Field
    origin: str
    fields: Mapping[str, Field] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.data.get(key, MISSING)

    def field(self, key: str) -> Field:
        """Where `key` is written (the anchor when it has no line of its own)."""
        return self.fields.get(key, self.anchor)

    def element(self, key: str, value: str) -> Field:
        """Where one element of a list-valued key is written, e.g. the `"*"` in `Action`."""
        return _element(self.field(key), value)

    @property
    def sid(self) -> str:
        return as_str(self.get("Sid")) or ""

    @property
    def allows(self) -> bool:
        """Known to be an Allow statement (IAM spells the effect exactly `Allow`)."""
        return as_str(self.get("Effect")) == "Allow"

    @property
    def has_condition(self) -> bool:
        """A condition is written (or may be: an unknown condition counts as one)."""
        condition = self.get("Condition")
        if condition is MISSING or condition is None:
            return False
        if isinstance(condition, (dict, list)):
            return len(condition) > 0
        return True

    def grants(self, action: str) -> bool:
        """True when the statement's Action (or NotAction) surely covers `action`."""
        return self.granting(action) is not None

    def granting(self, action: str) -> Field | None:
        """Where the statement grants `action`: the Action element whose pattern covers it, or
        the NotAction list that leaves it out. None when it does not, or may not."""
        actions = self.get("Action")
        if actions is not MISSING:
            for pattern in known_strings(actions):
                if wildcard_match(pattern, action):
                    return self.element("Action", pattern)
            return None
        not_actions = self.get("NotAction")
        if not_actions is MISSING or not fully_known(not_actions):
            return None
        if any(wildcard_match(p, action) for p in known_strings(not_actions)):
            return None
        return self.field("NotAction")

    def public_principals(self) -> list[Field]:
        """Where the statement names everyone as its principal: `"*"`, `{"AWS": "*"}` (or a
        data source `principals` block of type `*` or `AWS` with identifier `*`)."""
        where = self.field("Principal")
        if self.origin == "document":
            return _public_principal_blocks(where)
        principal = self.get("Principal")
        if principal == "*":
            return [where]
        if not isinstance(principal, dict) or "*" not in known_strings(principal.get("AWS")):
            return []
        return [_element(where.get("AWS"), "*")]


def _element(where: Field, value: str) -> Field:
    """The list element equal to `value` at `where`, else `where` itself."""
    if isinstance(where.value, list):
        for index, item in enumerate(where.value):
            if item == value:
                return where.get(index)
    return where


def _public_principal_blocks(where: Field) -> list[Field]:
    blocks = where.value
    if not isinstance(blocks, list):
        return []
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, dict) or block.get("type") not in ("*", "AWS"):
            continue
        if "*" in known_strings(block.get("identifiers")):
            found.append(_element(where.get(index, "identifiers"), "*"))
    return found


def known_strings(value: Any) -> list[str]:
    """The string values of a single value or a list; unknown and other values are left out."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def fully_known(value: Any) -> bool:
    """Every element is a known string."""
    items = value if isinstance(value, list) else [value]
    return all(isinstance(item, str) for item in items)


def wildcard_match(pattern: str, text: str) -> bool:
    """IAM wildcard matching: `*` any run of characters, `?` one; case-insensitive."""
    return _compile(pattern).fullmatch(text.lower()) is not None


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.lower())
    return re.compile("".join(parts), re.DOTALL)


def parse_policy(where: Field) -> list[Statement]:
    """The statements of the policy at `where`: a mapping or a JSON string. Anything unreadable
    or unknown gives no statements (nothing can be said about it).

    A JSON string is decoded and read like a mapping under the attribute's path: adapters that
    know where the keys inside the string are written (Terraform does for `jsonencode` and
    heredocs) record spans there, and other lookups fall back to the attribute's line."""
    value = where.value
    if isinstance(value, Unknown):
        # An adapter may keep the known parts of a value that is not fully known (e.g.
        # `jsonencode` of a policy whose Resource is an ARN known only after apply) as
        # `partial`, with `Unknown` leaves: the Principal or Action may still be known.
        value = getattr(value, "partial", None)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if not isinstance(value, dict):
        return []
    return list(_statements(Field(where.resource, where.path, value)))


def _statements(where: Field) -> Iterator[Statement]:
    raw = where.value.get("Statement", MISSING)
    items = list(enumerate(raw)) if isinstance(raw, list) else [(None, raw)]
    for index, item in items:
        if not isinstance(item, dict):
            continue
        path: AttrPath = ("Statement",) if index is None else ("Statement", index)
        anchor = where.get(*path)
        fields = {key: anchor.get(key) for key in item}
        yield Statement(data=item, anchor=anchor, origin="mapping", fields=fields)


def document_statements(document: Resource, graph: ResourceGraph) -> list[Statement]:
    """The statements an `aws_iam_policy_document` data source renders: those of its source
    documents, then its own, then its override documents, a later statement replacing an
    earlier one with the same non-empty Sid (the data source's merge rules)."""
    return _merged(document, graph, frozenset())


def _merged(document: Resource, graph: ResourceGraph, outer: frozenset[str]) -> list[Statement]:
    # `outer`: the documents that include this one, so a cycle of references ends.
    seen = outer | {document.id}
    merged: list[Statement] = []
    for statement in _included(document, _SOURCE_DOCS, graph, seen):
        _merge(merged, statement)
    for statement in own_document_statements(document):
        _merge(merged, statement)
    for statement in _included(document, _OVERRIDE_DOCS, graph, seen):
        _merge(merged, statement)
    return merged


def _merge(merged: list[Statement], statement: Statement) -> None:
    if statement.sid:
        for index, earlier in enumerate(merged):
            if earlier.sid == statement.sid:
                merged[index] = statement
                return
    merged.append(statement)


def _included(
    document: Resource, attribute: str, graph: ResourceGraph, seen: frozenset[str]
) -> list[Statement]:
    """Statements of the documents listed in `attribute`, in list order: other data sources
    it refers to (read from the data source, for its lines) and JSON strings written in place.
    A reference the adapter did not place at a list index makes the strings ambiguous: then
    only the referenced data sources are read."""
    by_index: dict[int, Resource] = {}
    unplaced: list[Resource] = []
    for edge in graph.edges_from(document, "reference"):
        target = graph.get(edge.target)
        if edge.path[:1] != (attribute,) or target is None or target.type_key != POLICY_DOCUMENT:
            continue
        if len(edge.path) > 1 and isinstance(edge.path[1], int):
            by_index[edge.path[1]] = target
        else:
            unplaced.append(target)
    found: list[Statement] = []
    if unplaced:
        for target in unplaced:
            found.extend(_merged(target, graph, seen) if target.id not in seen else [])
        return found
    for item in document.blocks(attribute):
        index = item.path[-1]
        target = by_index.get(index) if isinstance(index, int) else None
        if target is not None:
            found.extend(_merged(target, graph, seen) if target.id not in seen else [])
        elif isinstance(item.value, str):
            found.extend(parse_policy(item))
    return found


def own_document_statements(document: Resource) -> list[Statement]:
    """The data source's own `statement` blocks in the JSON vocabulary (Effect defaults to
    Allow); principals and conditions become JSON-shaped values."""
    found = []
    for block in document.blocks("statement"):
        if not isinstance(block.value, dict):
            continue
        data: dict[str, Any] = {"Effect": "Allow"}
        fields: dict[str, Field] = {}
        for argument, key in _DOCUMENT_KEYS.items():
            written = block.get(argument)
            if written.present:
                data[key] = written.value
                fields[key] = written
        for argument, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            written = block.get(argument)
            if written.present:
                data[key] = _principal_value(written.value)
                fields[key] = written
        condition = block.get("condition")
        if condition.present:
            data["Condition"] = condition.value
            fields["Condition"] = condition
        found.append(Statement(data=data, anchor=block, origin="document", fields=fields))
    return found


def _principal_value(blocks: Any) -> Any:
    """`principals { type = "AWS" identifiers = ["*"] }` blocks as a JSON Principal value."""
    if not isinstance(blocks, list):
        return blocks if isinstance(blocks, Unknown) else MISSING
    principal: dict[str, Any] = {}
    for block in blocks:
        if not isinstance(block, dict):
            return Unknown("principals block")
        kind, identifiers = block.get("type"), block.get("identifiers")
        if not isinstance(kind, str):
            return Unknown("principal type")
        if kind == "*" and "*" in known_strings(identifiers):
            return "*"
        principal[kind] = identifiers
    return principal


def policy_statements(resource: Resource, path: AttrPath, graph: ResourceGraph) -> list[Statement]:
    """The statements of the policy written at `path` on `resource`. When Terraform takes the
    policy from an `aws_iam_policy_document` data source, the statements come from the data
    source itself, so findings point at its blocks rather than at the reference."""
    document = backing_document(resource, path, graph)
    if document is not None:
        return document_statements(document, graph)
    return parse_policy(resource.field(*path))


def backing_document(resource: Resource, path: AttrPath, graph: ResourceGraph) -> Resource | None:
    """The `aws_iam_policy_document` data source whose JSON fills `path`, if exactly one does
    (with several, e.g. a conditional choosing one, the rendered value is read instead)."""
    if resource.framework is not Framework.TERRAFORM:
        return None
    found = {
        target.id: target
        for edge in graph.edges_from(resource, "reference")
        if edge.path == path
        and (target := graph.get(edge.target)) is not None
        and target.type_key == POLICY_DOCUMENT
    }
    return next(iter(found.values())) if len(found) == 1 else None


def policy_paths(resource: Resource, locations: Mapping[str, tuple[str, ...]]) -> list[AttrPath]:
    """Paths of the policies a resource holds, from a table of `type_key -> location`: a
    location is `(key,)` for one policy, or `(list_key, key)` for a list of inline policies
    (`Policies[*].PolicyDocument`, `inline_policy[*].policy`)."""
    location = locations.get(resource.type_key)
    if location is None:
        return []
    if len(location) == 1:
        return [location] if resource.field(*location).present else []
    list_key, key = location
    return [
        (*block.path, key)
        for block in resource.blocks(list_key)
        if isinstance(block.value, dict) and key in block.value
    ]


# Where each resource keeps its policies (see `policy_paths`).
IDENTITY_POLICIES: dict[str, tuple[str, ...]] = {
    "aws_iam_policy": ("policy",),
    "aws_iam_role_policy": ("policy",),
    "aws_iam_user_policy": ("policy",),
    "aws_iam_group_policy": ("policy",),
    "aws_iam_role": ("inline_policy", "policy"),
    "AWS::IAM::Policy": ("PolicyDocument",),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument",),
    "AWS::IAM::RolePolicy": ("PolicyDocument",),
    "AWS::IAM::UserPolicy": ("PolicyDocument",),
    "AWS::IAM::GroupPolicy": ("PolicyDocument",),
    "AWS::IAM::Role": ("Policies", "PolicyDocument"),
    "AWS::IAM::User": ("Policies", "PolicyDocument"),
    "AWS::IAM::Group": ("Policies", "PolicyDocument"),
}
RESOURCE_POLICIES: dict[str, tuple[str, ...]] = {
    "aws_s3_bucket": ("policy",),
    "aws_s3_bucket_policy": ("policy",),
    "aws_iam_role": ("assume_role_policy",),
    "aws_sqs_queue": ("policy",),
    "aws_sqs_queue_policy": ("policy",),
    "aws_sns_topic": ("policy",),
    "aws_sns_topic_policy": ("policy",),
    "aws_kms_key": ("policy",),
    "aws_ecr_repository_policy": ("policy",),
    "aws_secretsmanager_secret": ("policy",),
    "aws_secretsmanager_secret_policy": ("policy",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
    "AWS::IAM::Role": ("AssumeRolePolicyDocument",),
    "AWS::SQS::QueuePolicy": ("PolicyDocument",),
    "AWS::SNS::TopicPolicy": ("PolicyDocument",),
    "AWS::KMS::Key": ("KeyPolicy",),
    "AWS::ECR::Repository": ("RepositoryPolicyText",),
    "AWS::SecretsManager::ResourcePolicy": ("ResourcePolicy",),
}


# Types whose identity policies `identity_statements` reads, per framework.
IDENTITY_POLICY_TARGETS: dict[Framework, tuple[str, ...]] = {
    Framework.TERRAFORM: (
        *(t for t in IDENTITY_POLICIES if not t.startswith("AWS::")),
        POLICY_DOCUMENT,
    ),
    Framework.CLOUDFORMATION: tuple(t for t in IDENTITY_POLICIES if t.startswith("AWS::")),
}


def identity_statements(resource: Resource, graph: ResourceGraph) -> Iterator[Statement]:
    """The identity policy statements a resource writes, each reported once: a data source's
    own statements (merged-in ones belong to the documents that write them), and the policies
    of the other types unless a data source renders them. Statements naming a `Principal`
    belong to resource policies and are left out."""
    if resource.type_key == POLICY_DOCUMENT:
        merged = document_statements(resource, graph)
        found: Iterator[Statement] = (s for s in merged if s.anchor.resource is resource)
    else:
        found = (
            statement
            for path in policy_paths(resource, IDENTITY_POLICIES)
            if backing_document(resource, path, graph) is None
            for statement in parse_policy(resource.field(*path))
        )
    for statement in found:
        if "Principal" not in statement.data and "NotPrincipal" not in statement.data:
            yield statement


FULL_ACCESS_ACTIONS = ("*", "*:*")
"""Action patterns that grant every action of every service."""


def on_any_resource(statement: Statement) -> bool:
    """The statement's Resource surely includes `"*"`."""
    return "*" in known_strings(statement.get("Resource"))
