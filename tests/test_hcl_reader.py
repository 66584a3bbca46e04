"""The hand-written HCL reader (`hcl_reader`) against the grammar reader (`hcl_lark`).

Wherever the fast reader accepts a text, it must give the very nodes, spans and problems the
grammar reader gives; where it is unsure it steps aside (`OutsideSubset`) and `parse_hcl` uses
the grammar. Compared here on every Terraform file in the repository, on a generated benchmark
corpus, on grammar quirks and on randomly mutated files. It must also accept the ordinary
Terraform we ship, or it would be no fast path at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from iacscan.frameworks.terraform.hcl_lark import read_with_lark
from iacscan.frameworks.terraform.hcl_reader import OutsideSubset, read_hcl
from iacscan.frameworks.terraform.hcl_syntax import parse_expression, parse_hcl
from iacscan.frameworks.terraform.syntax_tree import Body, HclSyntaxError
from tests.mutations import for_seeds, mutated

ROOT = Path(__file__).resolve().parent.parent
Outcome = tuple[Body, list[tuple[str, int, int]]]


def _terraform_texts(*folders: Path) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".tf", ".tfvars") and path.is_file():
                found.append((str(path.relative_to(folder)), path.read_text(encoding="utf-8")))
    return found


REPOSITORY_TEXTS = _terraform_texts(ROOT / "fixtures", ROOT / "tests")


def fast(text: str) -> Outcome | None:
    try:
        body, problems = read_hcl(text, parse_expression)
    except OutsideSubset:
        return None
    return body, [(p.message, p.line, p.column) for p in problems]


def grammar(text: str) -> Outcome | None:
    try:
        body, problems = read_with_lark(text, parse_expression)
    except HclSyntaxError:
        return None
    return body, [(p.message, p.line, p.column) for p in problems]


def assert_same_or_outside(text: str, name: str = "text") -> bool:
    """True when the fast reader accepted the text (and then agreed with the grammar)."""
    mine = fast(text)
    if mine is None:
        return False
    assert grammar(text) == mine, f"{name}: the two readers differ on\n{text}"
    return True


def test_repository_terraform_reads_the_same_and_fast() -> None:
    accepted = [assert_same_or_outside(text, name) for name, text in REPOSITORY_TEXTS]
    assert len(accepted) > 300
    assert sum(accepted) >= 0.97 * len(accepted)


def test_generated_corpus_reads_the_same_and_all_fast(tmp_path: Path) -> None:
    corpus.generate(tmp_path, files=150, seed=3)
    texts = _terraform_texts(tmp_path)
    assert len(texts) > 40
    for name, text in texts:
        assert assert_same_or_outside(text, name), f"{name} left to the grammar"


# What the fast reader must take itself: the forms real modules are written in.
COMMON = [
    'resource "aws_s3_bucket" "logs" {\n  bucket = "${var.name}-logs"\n  tags   = {}\n}\n',
    'a "b" {\n  x = 1\n  x = 2\n}\n',  # a duplicate is a problem, not a syntax error
    "x = a == b ? c : d\ny = a + b * c - d / e % f\nz = !a && b || -c\n",
    "x = a ? b : c ? d : e\ny = (a + b) * c\nz = -1.5e3\n",
    "x = a[0].b[*].c\ny = a.*.b[0]\nz = a.0\nw = a[*][*]\n",
    "x = f(a, b...)\ny = f(\n  a, # note\n  b,\n)\nz = f()\n",
    'x = [for k, v in var.m : k if v != ""]\ny = {for k, v in m : k => v...}\n',
    'x = { "a" = 1, 1 = 2, 1.0 = 3, -1 = 4, (var.k) = 5, a.b = 6, true = 7 }\n',
    'x = [{}, "", [], 1]\ny = ["", "a"]\nz = [\n  1,\n  2,\n]\n',
    'x = "a${b}c$${d}%%{e}"\ny = "%{ if a }b%{ endif }"\nz = "\\n\\"\\u00e9"\n',
    "x = <<EOT\nhello ${a}\nEOT\ny = <<-EOT\n    a\n      b\n    EOT\n",
    "x = jsonencode(<<EOT\n{}\nEOT\n)\n",
    '# c\n// d\n/* e\n f */\nx = 1 # g\na {\n}\nb {}\nc "d"\n{\n}\n',
    'x = "multi\nline"\ny = a.if\nz = true.a\n',
]

# Oddities of the grammar: either side may decide, but never differently.
QUIRKS = [
    "x = a -1\n",
    "x = 1-1\n",
    "x = 1 2\n",
    "x = 1.foo\n",
    "x = a /* c */ + b\n",
    "x = a\n  + b\n",
    "x = (\n  a\n  ? b\n  : c\n)\n",
    "x = provider::aws::arn_parse(a)\n",
    'x = "${a\n}"\n',
    "x = 1 y = 2\n",
    'a "${b}" {}\n',
    "x = 1\n}\n",
    "a {\n",
    'x = "a\n',
    "x = for\n",
    "x = { for = 1 }\n",
    "x = a.b-c\n",
    "x = 01\n",
    "x = 1 /* multi\nline */ y = 2\n",
    "x = [1,,2]\n",
    "x = !-a\n",
    "x = - -1\n",
    "x = a[\n  0\n]\n",
    "x = {\n  a = 1\n  b = 2 }\n",
    "x = {a = 1 b = 2}\n",
    "x = \u00e9\n",
    "x = 1\r\ny = 2\n",
]


@pytest.mark.parametrize("text", COMMON)
def test_common_forms_are_read_fast_and_the_same(text: str) -> None:
    assert assert_same_or_outside(text), "left to the grammar"


@pytest.mark.parametrize("text", QUIRKS)
def test_grammar_quirks_never_read_differently(text: str) -> None:
    assert_same_or_outside(text)


_PIECES = [
    *["-", "-1", "!", "?", ":", "=", "==", "=>", "...", ".", ".*", "[*]", "[", "]", "{", "}"],
    *["(", ")", ",", "\n", " ", "#c\n", "//c\n", "/*c*/", "/*\n*/", '"', "${", "$${", "%{"],
    *["<<EOT\n", "\nEOT\n", "<<-EOT\n", "for", "in", "if", "a", "1", "1.5", "1e3", "true"],
    *["null", "\t", "\\", "\\n", "::", "<=", "&&", "x = 1\n", "a {\n", "[for x in y : x]"],
    *["{for k, v in m : k => v}", "f(a, b)", '"a"', '"${a}"', "a.b[0]", "a[*].b", "\u00e9"],
]
_SOURCES = [text for _, text in REPOSITORY_TEXTS if 0 < len(text) < 4000]


def _run_mutations(examples: int, derandomize: bool) -> None:
    def case(seed: int) -> None:
        assert_same_or_outside(mutated(seed, _SOURCES, _PIECES), f"mutation {seed}")

    for_seeds(examples, derandomize, case)


def test_mutated_files_never_read_differently() -> None:
    _run_mutations(300, derandomize=True)


@pytest.mark.slow
def test_many_mutated_files_never_read_differently() -> None:
    _run_mutations(10_000, derandomize=False)


def test_ordinary_file_does_not_import_lark(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from iacscan.frameworks.terraform.hcl_syntax import parse_hcl\n"
        f"parse_hcl({COMMON[0]!r})\n"
        "assert 'lark' not in sys.modules, 'lark imported'\n"
        "parse_hcl('x = a -1\\n')\n"
        "assert 'lark' in sys.modules, 'the quirk did not reach the grammar'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)


def test_errors_still_come_from_the_grammar() -> None:
    with pytest.raises(HclSyntaxError) as error:
        parse_hcl('resource "a" "b" {\n  x = 1\n')
    assert error.value.message == 'expected "}", got the end of the file'
    assert error.value.line == 3
