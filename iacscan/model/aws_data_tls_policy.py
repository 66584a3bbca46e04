"""Does a resource policy refuse requests that do not use TLS?

The usual statement denies every request whose `aws:SecureTransport` is false:

    {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [...],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

A deny on `s3:TlsVersion` below a version also refuses plain HTTP (HTTP has no TLS version,
and `NumericLessThan` on a missing key does not match, so only with `...IfExists`); only the
`aws:SecureTransport` form is recognised, as AWS Config and Security Hub do.
"""

from __future__ import annotations

from typing import Any

from iacscan.graph.model import Unknown, is_unknown
from iacscan.graph.values import as_bool, as_str
from iacscan.model.iam_policy import Statement

_KEY = "aws:securetransport"
_OPERATORS = frozenset({"bool", "boolifexists"})


def denies_insecure_transport(statement: Statement) -> bool | None:
    """True when the statement denies requests without TLS; None when that cannot be told
    (an unknown effect or condition); False otherwise."""
    effect = statement.get("Effect")
    if isinstance(effect, Unknown):
        return None
    if as_str(effect) != "Deny":
        return False
    condition = statement.get("Condition")
    if is_unknown(condition):
        return None
    if statement.origin == "document":
        return _document_denies(condition)
    return _mapping_denies(condition)


def _mapping_denies(condition: Any) -> bool:
    if not isinstance(condition, dict):
        return False
    for operator, tests in condition.items():
        if str(operator).lower() not in _OPERATORS or not isinstance(tests, dict):
            continue
        for key, value in tests.items():
            if str(key).lower() == _KEY and _is_false(value):
                return True
    return False


def _document_denies(condition: Any) -> bool:
    """`condition { test = "Bool" variable = "aws:SecureTransport" values = ["false"] }`."""
    if not isinstance(condition, list):
        return False
    for block in condition:
        if not isinstance(block, dict):
            continue
        test = as_str(block.get("test"))
        variable = as_str(block.get("variable"))
        if test is None or variable is None:
            continue
        matches = test.lower() in _OPERATORS and variable.lower() == _KEY
        if matches and _is_false(block.get("values")):
            return True
    return False


def _is_false(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(as_bool(v) is False for v in values)
