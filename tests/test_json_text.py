"""`dumps_indented` writes exactly what `json.dumps(value, indent=2, ensure_ascii=True)` does."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.report.json_text import dumps_indented

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
        # Keys that are not strings go to json.dumps, which converts them.
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), inner, max_size=3),
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(_VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=True)


def test_a_report_shaped_document() -> None:
    document = {
        "version": "1",
        "summary": {"findings": 2, "by_severity": {"high": 1, "low": 1}, "seconds": 0.25},
        "findings": [
            {"check_id": "A", "message": "caf\u00e9 \u201cquoted\u201d\n\ttab", "line": 3},
            {"check_id": "B", "compliance": {}, "ids": [], "until": None, "on": True},
        ],
        "errors": [],
        "nan": math.nan,
    }
    assert dumps_indented(document) == json.dumps(document, indent=2, ensure_ascii=True)
