from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks import yaml_positions
from iacscan.frameworks.yaml_positions import (
    YamlError,
    YamlLimits,
    load_document,
    load_documents,
    load_stream,
)
from iacscan.graph.model import AttrPath, PathPart, Span

DATA = Path(__file__).parent / "data" / "kubernetes"
CONTAINERS: AttrPath = ("spec", "template", "spec", "containers")


def only(text: str) -> yaml_positions.YamlDocument:
    (document,) = load_documents(text)
    return document


def at(spans: dict[AttrPath, Span], *path: PathPart) -> Span:
    return spans[path]


def error_of(text: str, limits: YamlLimits = yaml_positions.DEFAULT_LIMITS) -> YamlError:
    with pytest.raises(YamlError) as caught:
        load_documents(text, limits)
    return caught.value


def test_spans_of_keys_nested_values_and_list_items() -> None:
    document = only((DATA / "deployment.yaml").read_text())
    spans = document.spans
    assert at(spans, *CONTAINERS, 0, "image") == Span(17, 17, 11)
    assert at(spans, *CONTAINERS, 0, "securityContext", "privileged") == Span(19, 19, 13)
    # A nested value runs from its key to its last content line, not to the next key.
    assert at(spans, *CONTAINERS, 0, "securityContext") == Span(18, 19, 11)
    assert at(spans, *CONTAINERS, 0) == Span(16, 19, 11)
    assert at(spans, *CONTAINERS, 1) == Span(22, 24, 11)
    assert at(spans, *CONTAINERS, 1, "command", 2) == Span(24, 24, 33)
    assert spans[CONTAINERS] == Span(15, 24, 7)
    assert spans[("spec", "template", "spec", "initContainers", 0, "image")] == Span(27, 27, 11)
    # The trailing blank line and comment belong to nothing.
    assert spans[("spec",)] == Span(6, 27, 1)
    assert (document.start_line, document.end_line) == (1, 27)
    assert spans[("metadata", "name")] == Span(4, 4, 3)


def test_block_scalars_end_on_their_last_content_line() -> None:
    text = (
        "a:\n  script: |\n    echo one\n\n    echo two\n\n\n  # note\n"
        "b: >-\n  folded\n  text\nc: 1\n"
    )
    document = only(text)
    assert document.data["a"]["script"] == "echo one\n\necho two\n"
    assert document.spans[("a", "script")] == Span(2, 5, 3)
    assert document.spans[("a",)] == Span(1, 5, 1)
    assert document.spans[("b",)] == Span(9, 11, 1)
    assert document.data["b"] == "folded text"


def test_flow_collections_and_multiline_values() -> None:
    document = only('ports: [80,\n  443]\nenv: {A: "1", B: x}\nmsg: "one\n  two"\nempty:\n')
    assert document.data == {
        "ports": [80, 443],
        "env": {"A": "1", "B": "x"},
        "msg": "one two",
        "empty": None,
    }
    assert document.spans[("ports",)] == Span(1, 2, 1)
    assert document.spans[("ports", 1)] == Span(2, 2, 3)
    assert document.spans[("env", "B")] == Span(3, 3, 15)
    assert document.spans[("msg",)] == Span(4, 5, 1)
    assert document.spans[("empty",)] == Span(6, 6, 1)


def test_multi_document_lines_and_indexes() -> None:
    text = "# header\na: 1\n---\n# nothing but a comment\n---\nb:\n  - x\n...\n---\nc: 3\n"
    documents = load_documents(text)
    assert [(d.index, d.data, d.start_line, d.end_line) for d in documents] == [
        (0, {"a": 1}, 2, 2),
        (1, None, 5, 5),
        (2, {"b": ["x"]}, 6, 7),
        (3, {"c": 3}, 10, 10),
    ]
    assert documents[2].spans[("b", 0)] == Span(7, 7, 5)


def test_scalars_keep_iac_meaning() -> None:
    text = (
        "date: 2024-01-01\nstamp: 2024-01-01T10:00:00Z\nquoted: 'true'\nyes_word: yes\n"
        "count: 0x1F\nratio: 1.5\nnothing: ~\non: push\n80: http\ntagged: !!str 12\n"
        "octal: 0o17\nversion: 1.10\n"
    )
    assert only(text).data == {
        "date": "2024-01-01",
        "stamp": "2024-01-01T10:00:00Z",
        "quoted": "true",
        "yes_word": True,
        "count": 31,
        "ratio": 1.5,
        "nothing": None,
        "on": "push",  # keys are the text as written, never booleans or numbers
        "80": "http",
        "tagged": "12",
        "octal": "0o17",  # YAML 1.1 has no 0o prefix: PyYAML keeps it as text
        "version": 1.1,
    }


def test_aliases_share_data_and_are_located_at_the_alias() -> None:
    text = (
        "defaults: &d\n  cpu: 1\n  memory: 2Gi\n"
        "small:\n  <<: *d\n  cpu: 2\n"
        "copy: *d\n"
        "items:\n  - *d\n"
        "inline:\n  <<: {x: 1}\n"
    )
    document = only(text)
    assert document.data["small"] == {"memory": "2Gi", "cpu": 2}
    assert document.data["copy"] == {"cpu": 1, "memory": "2Gi"}
    assert document.data["inline"] == {"x": 1}
    assert document.spans[("small", "memory")] == Span(5, 5, 3)  # the merge line
    assert document.spans[("small", "cpu")] == Span(6, 6, 3)  # the written key wins
    assert document.spans[("copy",)] == Span(7, 7, 1)
    assert document.spans[("items", 0)] == Span(9, 9, 5)
    assert ("copy", "cpu") not in document.spans  # located through ("copy",)
    assert ("inline", "<<") not in document.spans
    assert document.spans[("inline", "x")] == Span(11, 11, 3)


def test_merge_needs_mappings() -> None:
    error = error_of("a: &a 1\nb:\n  <<: *a\n")
    assert (error.line, error.message) == (3, "a '<<' merge needs a mapping or a list of mappings")


def test_duplicate_key_names_both_lines() -> None:
    error = error_of("metadata:\n  name: a\n  labels: {}\n  name: b\n")
    assert (error.line, error.column) == (4, 3)
    assert error.message == "duplicate key 'name' (first defined at line 2)"
    assert str(error) == "line 4: duplicate key 'name' (first defined at line 2)"


def test_unhashable_keys_from_helm_templates() -> None:
    error = error_of('metadata:\n  name: {{ include "app.fullname" . }}\n')
    assert (error.line, error.column, error.kind) == (2, 10, "parse")
    assert error.message == "a mapping cannot be a mapping key (unhashable key)"
    error = error_of("? [a, b]\n: 1\n")
    assert (error.line, error.message) == (1, "a list cannot be a mapping key (unhashable key)")


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
        ("a:\n  - b\n c: d\n", 3, 2, "(while parsing a block mapping that starts at line 1)"),
        ("a:\n\tb: 1\n", 2, 1, "found a tab character: YAML indents with spaces only"),
        ("a: 'open\n", 2, 1, "found unexpected end of stream"),
        ("x: !Ref y\n", 1, 4, "unsupported YAML tag '!Ref'"),
        ("x: !!int ten\n", 1, 4, "'ten' is not a valid int"),
        ("a: *nope\n", 1, 4, "alias *nope refers to an undefined anchor"),
        ("a: &r [1, *r]\n", 1, 11, "recursive alias *r refers to a node that contains it"),
        ("a: \x00\n", 1, 0, "unacceptable character #x0000"),
    ],
)
def test_yaml_errors_carry_line_column_and_message(
    text: str, line: int, column: int, message: str
) -> None:
    error = error_of(text)
    assert (error.line, error.column, error.kind) == (line, column, "parse")
    assert message in error.message


def billion_laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected() -> None:
    error = error_of(billion_laughs(9))
    assert error.kind == "limit"
    assert error.line == 5  # 9 * 10 * 91 * 820 nodes: the fifth line's aliases pass 10,000
    assert "aliases expand to more than 10000 nodes" in error.message


def test_alias_limit_counts_across_the_stream_and_is_configurable() -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n---\nc: &c [1, 2, 3]\nd: [*c, *c]\n"
    assert len(load_documents(text, YamlLimits(max_alias_nodes=16))) == 2
    error = error_of(text, YamlLimits(max_alias_nodes=15))
    assert (error.line, error.kind) == (5, "limit")


def nested_blocks(depth: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(depth - 1)) + (
        "  " * (depth - 1) + "leaf: 1\n"
    )


def test_nesting_depth_is_bounded() -> None:
    assert only(nested_blocks(200)).spans[tuple(f"k{n}" for n in range(199))] == Span(199, 200, 397)
    error = error_of(nested_blocks(201))
    assert (error.line, error.kind, error.message) == (
        201,
        "limit",
        "nesting deeper than 200 levels",
    )
    error = error_of("[" * 50_000 + "]" * 50_000)
    assert (error.line, error.column, error.kind) == (1, 201, "limit")


def test_load_stream_keeps_the_documents_that_parse() -> None:
    text = "a: 1\n---\nb: [\n---\nc: 3\nc: 4\n---\nd: 4\n"
    stream = load_stream(text)
    assert [(d.index, d.data, d.start_line) for d in stream.documents] == [
        (0, {"a": 1}, 1),
        (3, {"d": 4}, 8),
    ]
    assert [(e.line, e.message) for e in stream.errors] == [
        (4, "did not find expected node content (while parsing a flow node that starts at line 4)"),
        (6, "duplicate key 'c' (first defined at line 5)"),
    ]


def test_load_stream_without_markers_is_one_error() -> None:
    stream = load_stream("a: 1\nb: [\n")
    assert stream.documents == []
    assert [(e.line, e.kind) for e in stream.errors] == [(3, "parse")]
    assert load_stream("").documents == []
    assert load_stream("").errors == []


def test_load_document() -> None:
    assert load_document("a: 1\n").data == {"a": 1}
    assert load_document("# empty\n").data is None
    with pytest.raises(YamlError) as caught:
        load_document("a: 1\n---\nb: 2\n")
    error = caught.value
    assert (error.line, error.message) == (3, "expected a single YAML document, found several")


def test_byte_order_mark_and_crlf() -> None:
    document = only("\ufeffa: 1\r\nb: |\r\n  x\r\n\r\nc: 2\r\n")
    assert document.data == {"a": 1, "b": "x\n", "c": 2}
    assert document.spans[("b",)] == Span(2, 3, 1)
    assert document.spans[("c",)] == Span(5, 5, 1)


def test_pure_python_parser_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DATA / "deployment.yaml").read_text() + "---\na: &x {b: [1, 2]}\nc: *x\nd: |\n  z\n\n"
    fast = load_documents(text)
    monkeypatch.setattr(yaml_positions, "LOADER", yaml.SafeLoader)
    slow = load_documents(text)
    assert [(d.data, d.spans, d.start_line, d.end_line) for d in slow] == [
        (d.data, d.spans, d.start_line, d.end_line) for d in fast
    ]
    assert error_of("a: b: c\n").message == "mapping values are not allowed here"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)
keys = st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def all_paths(value: Any, path: AttrPath = ()) -> list[AttrPath]:
    found: list[AttrPath] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for part, item in items:
        found.append((*path, part))
        if isinstance(item, (dict, list)):
            found.extend(all_paths(item, (*path, part)))
    return found


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5), st.booleans())
def test_round_trip_gives_data_and_a_span_for_every_path(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    document = only(text)
    assert document.data == data
    lines = text.count("\n")
    assert set(document.spans) == set(all_paths(data))
    for span in document.spans.values():
        assert 1 <= span.line <= span.end_line <= lines


def test_a_5000_line_manifest_keeps_every_document_and_line() -> None:
    # Speed is measured by bench/, not here (~43 ms, 120,000 lines/s with libyaml).
    document = (DATA / "deployment.yaml").read_text().replace("name: web\n", "name: web-{n}\n", 1)
    text = "---\n".join(document.replace("{n}", str(n)) for n in range(190))
    assert text.count("\n") > 5000
    documents = load_documents(text)
    assert [d.data["metadata"]["name"] for d in documents] == [f"web-{n}" for n in range(190)]
    last = documents[-1]
    assert (
        last.spans[("spec", "template", "spec", "containers", 0, "image")].line == 189 * 30 + 17
    )  # 29 lines and a `---` each
