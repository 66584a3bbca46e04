"""LabelSelector matching for NetworkPolicy podSelectors: three-valued, never guessing."""

from __future__ import annotations

from typing import Any

import pytest

from iacscan.graph.model import Unknown
from iacscan.model.kubernetes_network_policy import selector_matches

LABELS = {"app": "api", "tier": "backend", "version": 3}


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (None, True),
        ({}, True),
        ({"matchLabels": {"app": "api"}}, True),
        ({"matchLabels": {"app": "web"}}, False),
        ({"matchLabels": {"app": "api", "missing": "x"}}, False),
        ({"matchLabels": {"version": "3"}}, True),
        ({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["backend"]}]}, True),
        (
            {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["backend"]}]},
            False,
        ),
        ({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, False),
        ({"matchExpressions": [{"key": "app", "operator": "Gt", "values": ["1"]}]}, None),
        ({"matchLabels": {"app": Unknown("template")}}, None),
        ({"matchLabels": {"app": Unknown("template"), "tier": "frontend"}}, False),
        (Unknown("template"), None),
        ("app=api", None),
    ],
)
def test_selector_matches(selector: Any, expected: bool | None) -> None:
    assert selector_matches(selector, LABELS) is expected


def test_unknown_labels_match_only_the_empty_selector() -> None:
    assert selector_matches({}, Unknown("labels")) is True
    assert selector_matches({"matchLabels": {"app": "api"}}, Unknown("labels")) is None
    assert selector_matches({"matchLabels": {"app": "api"}}, {"app": Unknown("x")}) is None
