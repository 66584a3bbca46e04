"""`data "aws_iam_policy_document"` -> the JSON policy its `.json` attribute holds.

IAM checks read policies as JSON whether they are written with `jsonencode`, a heredoc or a
policy document data source; this builds the third form from the evaluated blocks, the way the
AWS provider renders it (single values as strings, sets sorted, Effect defaulting to Allow).
"""

from __future__ import annotations

import json
from typing import Any

from iacscan.frameworks.terraform.conversions import EvalError, json_ready, to_string
from iacscan.graph.model import PartlyKnown, Unknown, is_unknown

_MERGED = ("source_json", "override_json", "source_policy_documents", "override_policy_documents")
_LISTS = (
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)


def policy_document_json(attributes: dict[str, Any], *, minified: bool = False) -> Any:
    """The policy as a JSON string, or `Unknown` when any part of it is not known."""
    for name in _MERGED:
        if name in attributes:
            return Unknown(f"{name}: merged policy documents are not evaluated")
    try:
        document = _document(attributes)
    except EvalError as error:
        return Unknown(f"policy document: {error}")
    if is_unknown(document):
        return PartlyKnown(json_ready(document), "the policy document has parts that are not known")
    if minified:
        return json.dumps(json_ready(document), separators=(",", ":"))
    return json.dumps(json_ready(document), indent=2)


def _document(attributes: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {"Version": _given(attributes, "version", "2012-10-17")}
    if _written(attributes, "policy_id"):
        document["Id"] = attributes["policy_id"]
    statements = attributes.get("statement", [])
    if isinstance(statements, Unknown):
        return {"Statement": statements}
    document["Statement"] = [_statement(s) for s in statements]
    return document


def _statement(block: Any) -> Any:
    if not isinstance(block, dict):
        return block  # an unknown dynamic statement
    statement: dict[str, Any] = {}
    if _written(block, "sid"):
        statement["Sid"] = block["sid"]
    statement["Effect"] = _given(block, "effect", "Allow")
    for attribute, key in _LISTS:
        if attribute in block and block[attribute] is not None:
            statement[key] = _string_set(block[attribute])
    for attribute, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        if _written(block, attribute):
            statement[key] = _principals(block[attribute])
    if _written(block, "condition"):
        statement["Condition"] = _conditions(block["condition"])
    return statement


def _string_set(value: Any) -> Any:
    if isinstance(value, Unknown) or is_unknown(value):
        return value
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise EvalError("expected a list of strings")
    items = sorted({to_string(v) for v in value})
    return items[0] if len(items) == 1 else items


def _principals(blocks: Any) -> Any:
    if is_unknown(blocks):
        return Unknown("principals are not known")
    merged: dict[str, list[str]] = {}
    for block in blocks:
        kind = to_string(block.get("type"))
        identifiers = _given(block, "identifiers", [])
        if not isinstance(identifiers, list):
            raise EvalError("principal identifiers must be a list")
        merged.setdefault(kind, []).extend(to_string(i) for i in identifiers)
    if set(merged) == {"*"} and set(merged["*"]) == {"*"}:
        return "*"
    return {kind: _string_set(ids) for kind, ids in merged.items()}


def _conditions(blocks: Any) -> Any:
    if is_unknown(blocks):
        return Unknown("conditions are not known")
    result: dict[str, dict[str, Any]] = {}
    for block in blocks:
        test = to_string(block.get("test"))
        variable = to_string(block.get("variable"))
        values = _given(block, "values", [])
        if not isinstance(values, list):
            raise EvalError("condition values must be a list")
        shown: Any = [to_string(v) for v in values]
        result.setdefault(test, {})[variable] = shown[0] if len(shown) == 1 else shown
    return result


def _written(block: dict[str, Any], key: str) -> bool:
    """Set to something other than null or empty (an unknown value counts as set). Never
    truth-tests the value: an unknown refuses that."""
    value = block.get(key)
    if value is None:
        return False
    return not (isinstance(value, (str, list, dict)) and len(value) == 0)


def _given(block: dict[str, Any], key: str, default: Any) -> Any:
    return block[key] if _written(block, key) else default
