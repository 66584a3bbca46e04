"""The cfn-lint-free template reader (`template_reader`) against cfn-lint's YAML decoder.

Wherever the reader accepts a text it must return what `cfnlint.decode.cfn_yaml.loads` returns:
equal values of the same kinds, keys in the same order, and the same `start_mark`/`end_mark`
on every mapping, list and string (the adapters turn those into finding lines). Where it is
unsure it raises `OutsideSubset` and cfn-lint reads the text. Compared on every template in the
repository, on a generated benchmark corpus, on YAML quirks and on randomly mutated templates.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import cfn_yaml

from bench import corpus
from iacscan.frameworks.json_marks import decode, strip_json_comments
from iacscan.frameworks.template_reader import OutsideSubset, read_template
from tests.mutations import for_seeds, mutated

ROOT = Path(__file__).resolve().parent.parent


def _template_texts(*folders: Path) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json", ".template") and path.is_file():
                text = path.read_text(encoding="utf-8-sig", errors="replace")
                found.append((str(path.relative_to(folder)), strip_json_comments(text)))
    return found


REPOSITORY_TEXTS = _template_texts(ROOT / "fixtures" / "cloudformation", ROOT / "fixtures" / "arm")


def _marks(node: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
    start, end = getattr(node, "start_mark", None), getattr(node, "end_mark", None)
    if start is None or end is None:
        return None
    return (start.line, start.column), (end.line, end.column)


def _kind(node: Any) -> tuple[str, bool]:
    """The plain kind of a value and whether it is a marked subclass."""
    for base in (dict, list, str):
        if isinstance(node, base):
            return base.__name__, type(node) is not base
    return type(node).__name__, False


def difference(mine: Any, theirs: Any, path: str = "$") -> str | None:
    """Where two decoded templates differ, or None."""
    if _kind(mine) != _kind(theirs):
        return f"{path}: {_kind(mine)} vs {_kind(theirs)}"
    if _marks(mine) != _marks(theirs):
        return f"{path}: marks {_marks(mine)} vs {_marks(theirs)}"
    if isinstance(mine, dict):
        if len(mine) != len(theirs):
            return f"{path}: keys {list(mine)} vs {list(theirs)}"
        for (key, value), (their_key, their_value) in zip(
            mine.items(), theirs.items(), strict=True
        ):
            found = difference(key, their_key, f"{path} key {key!r}") or difference(
                value, their_value, f"{path}.{key}"
            )
            if found:
                return found
        return None
    if isinstance(mine, list):
        if len(mine) != len(theirs):
            return f"{path}: {len(mine)} vs {len(theirs)} items"
        for index, (item, their_item) in enumerate(zip(mine, theirs, strict=True)):
            found = difference(item, their_item, f"{path}[{index}]")
            if found:
                return found
        return None
    if isinstance(mine, float) and math.isnan(mine) and math.isnan(theirs):
        return None
    if mine != theirs or repr(mine) != repr(theirs):  # repr: 1 and True differ
        return f"{path}: {mine!r} vs {theirs!r}"
    return None


def assert_same_or_outside(text: str, name: str = "text") -> bool:
    """True when the reader accepted the text (and then agreed with cfn-lint)."""
    try:
        mine = read_template(text)
    except OutsideSubset:
        return False
    try:
        theirs = cfn_yaml.loads(text)
    except Exception as exc:
        pytest.fail(f"{name}: cfn-lint rejects ({exc!r}) what the reader accepted:\n{text}")
    found = difference(mine, theirs)
    assert found is None, f"{name}: {found}\n{text}"
    return True


def test_repository_templates_read_the_same_and_fast() -> None:
    accepted = [assert_same_or_outside(text, name) for name, text in REPOSITORY_TEXTS]
    assert len(accepted) > 300
    # The rest are deliberate syntax errors and YAML oddities in the adapters' fixtures.
    assert sum(accepted) >= 0.97 * len(accepted)


def test_generated_corpus_templates_read_the_same_and_all_fast(tmp_path: Path) -> None:
    corpus.generate(tmp_path, files=150, seed=3)
    texts = _template_texts(tmp_path / "cloudformation", tmp_path / "arm")
    assert len(texts) > 20
    for name, text in texts:
        assert assert_same_or_outside(text, name), f"{name} left to cfn-lint"


COMMON = [
    "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref N\n",
    "a: !GetAtt Role.Arn\nb: !GetAtt [Role, Arn]\nc: !GetAtt a.b.c\n",
    "a: !Sub 'arn:${AWS::Partition}:s3:::${B}/*'\nb: !Sub\n  - x-${y}\n  - y: !Ref z\n",
    "a: !If [c, !Ref b, !Ref AWS::NoValue]\nb: !Join ['', [a, !Ref b]]\n",
    "a: !Select [0, !GetAZs '']\nb: !Base64 {'Fn::Sub': x}\nc: !Equals [!Ref a, b]\n",
    "a: !Transform {Name: AWS::Include, Parameters: {Location: s3://x}}\n",
    "a: !Not [!Condition c]\nb: !FindInMap [M, !Ref r, k]\nc: !ImportValue x\n",
    "a: 1\nb: 2.5\nc: true\nd: yes\ne: off\nf: null\ng: ~\nh:\ni: 2024-01-01\nj: 0x1F\n",
    "k: 1_000\nl: 1:20\nm: .nan\nn: -.inf\no: 1e3\np: 0o17\nq: 'yes'\nr: \"80\"\n",
    "'80': x\n\"yes\": 1\na: |\n  block\n  text\nb: >-\n  folded\n  text\n# comment\n",
    "---\na: [1, {b: c}, []]\nd: {}\n...\n",
    '{"a": {"b": [1, 2.5, true, null, "s\\n\\u00e9"]}, "c": "d"}',
    '{\n  "$schema": "https://schema.management.azure.com/x/deploymentTemplate.json#",\n'
    '  "resources": [\n    {"type": "A.B/c", "name": "[parameters(\'n\')]"}\n  ]\n}\n',
    "",
    "just text",
    "a: !Ref\nb: !GetAtt\nc: !GetAtt []\nd: !Ref []\ne: ! x\n",
]


@pytest.mark.parametrize("text", COMMON)
def test_common_forms_are_read_fast_and_the_same(text: str) -> None:
    assert assert_same_or_outside(text), "left to cfn-lint"


QUIRKS = [
    "a: &x 1\nb: *x\n",
    "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n",
    "a: {<<: {b: 1}}\n",
    "a: 1\na: 2\n",
    "a: !Sub {x: 1, x: 2}\n",
    '{"a": 1, "a": 2}',
    "80: x\n",
    "Yes: x\n",
    "~: x\n",
    "1.5: x\n",
    "a: !!str 1\n",
    "a: !!int '3'\n",
    "? [a]\n: b\n",
    "? {a: b}\n: c\n",
    "a: !GetAtt {b: c}\n",
    "!Ref x: y\n",
    "a: =\n",
    "a: [\n",
    "a: b: c\n",
    "--- a\n--- b\n",
    "a:\n\t- b\n",
    "a: ! {b: c}\n",
    "a: !<tag:example.com,2000:x> b\n",
    "a: !e!x b\n",
    "a: '\\x'\n",
    '"a": "\\ud83d\\ude00"\n',
]


@pytest.mark.parametrize("text", QUIRKS)
def test_yaml_quirks_never_read_differently(text: str) -> None:
    assert_same_or_outside(text)


def test_quirks_cfn_lint_must_decide_are_left_to_it() -> None:
    for text in ("a: &x 1\nb: *x\n", "a: 1\na: 2\n", "80: x\n", "a: !!str 1\n", "a: [\n"):
        with pytest.raises(OutsideSubset):
            read_template(text)


_PIECES = [
    *["!Ref x", "!GetAtt a.b", "!GetAtt [a, b]", "!Sub 'x-${y}'", "!If [c, 1, 2]", "&a x"],
    *["*a", "<<: *a", "123", "0x1F", "1:20", ".nan", "yes", "~", "2024-01-01", "'q'", '"d\\n"'],
    *["|\n  block\n", ">-\n  x\n", "!!str 1", "! x", "=", "[a, {b: c}]", "{k: v, k: w}", "\n"],
    *["!Base64 !Sub x", "!GetAtt {a: b}", "? a\n  : b", "!Ref", "[]", "{}", ": ", "- ", "#"],
    *["\t", " ", '"', "'", ",", "[", "]", "{", "}", "\\", "\u00e9", "\u2028", "\r\n", "\ufeff"],
    *["Dup:", "80:", "Yes:", "---\n", "...\n", '"k": ', "null", "true", "-1.5e+3", "1e3"],
]
_SOURCES = [text for _, text in REPOSITORY_TEXTS if 0 < len(text) < 4000]


def _run_mutations(examples: int, derandomize: bool) -> None:
    def case(seed: int) -> None:
        assert_same_or_outside(mutated(seed, _SOURCES, _PIECES), f"mutation {seed}")

    for_seeds(examples, derandomize, case)


def test_mutated_templates_never_read_differently() -> None:
    _run_mutations(300, derandomize=True)


@pytest.mark.slow
def test_many_mutated_templates_never_read_differently() -> None:
    _run_mutations(10_000, derandomize=False)


def test_decode_uses_the_reader_and_cfn_lint_only_for_the_rest(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from iacscan.frameworks.json_marks import decode\n"
        f"assert decode({COMMON[0]!r}).data['Resources']['B']['Type'] == 'AWS::S3::Bucket'\n"
        "assert 'cfnlint' not in sys.modules, 'cfn-lint imported'\n"
        "assert decode('a: &x 1\\nb: *x\\n').data == {'a': 1, 'b': 1}\n"
        "assert 'cfnlint' in sys.modules, 'the alias did not reach cfn-lint'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)


def test_errors_still_come_from_cfn_lint() -> None:
    decoded = decode("Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n")
    assert decoded.data is None
    assert [(e.line, e.message) for e in decoded.errors] == [
        (2, "Duplicate found 'A' (line 2)"),
        (4, "Duplicate found 'A' (line 4)"),
    ]
