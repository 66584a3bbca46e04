"""HCL native syntax -> the typed syntax tree, through python-hcl2's Lark grammar.

The fallback reader (see `hcl_syntax`), and the only module that touches python-hcl2 or Lark.
We use the grammar file python-hcl2 7.3.1 ships (`hcl2/hcl2.lark`) but our own LALR parser
instance built *without*
`propagate_positions`: Lark then parses about twice as fast, and every position we need is on the
tokens anyway (attribute, block, object element and tuple element lines come from their first
and last tokens). hcl2's DictTransformer is not used: it turns expressions into strings.

The grammar is right-associative and precedence-free for binary operators (`2 * 3 + 1` parses
as `2 * (3 + 1)`, `a == b ? x : y` as `a == (b ? x : y)`), so operator chains are flattened and
rebuilt here with HCL's precedence.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iacscan.frameworks.terraform import hcl_expressions, hcl_nodes, hcl_tokens
from iacscan.frameworks.terraform.hcl_nodes import ParseExpression
from iacscan.frameworks.terraform.syntax_tree import Attribute, Block, Body, HclSyntaxError
from iacscan.graph.model import Span

if TYPE_CHECKING:
    from lark import Lark


# python-hcl2's grammar drops the `...` of `f(list...)`: we name that one terminal so it stays
# in the tree. Everything else is the grammar as shipped.
_ARGUMENTS_END = '("," | "...")?'
_ARGUMENTS_END_KEPT = '("," | ELLIPSIS)?'


@functools.lru_cache(maxsize=1)
def lark_parser() -> Lark:
    """The LALR parser for python-hcl2's grammar, built once (and cached on disk when we can)."""
    from lark import Lark

    spec = importlib.util.find_spec("hcl2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("python-hcl2 is not installed")
    grammar_file = Path(next(iter(spec.submodule_search_locations))) / "hcl2.lark"
    grammar = grammar_file.read_text(encoding="utf-8")
    if _ARGUMENTS_END not in grammar:
        raise RuntimeError(f"unexpected python-hcl2 grammar in {grammar_file}")
    grammar = grammar.replace(_ARGUMENTS_END, _ARGUMENTS_END_KEPT) + '\nELLIPSIS : "..."\n'
    return Lark(grammar, parser="lalr", propagate_positions=False, cache=_cache_file() or False)


def _cache_file() -> str | None:
    """A private cache file for the compiled grammar (building it takes ~2 s, loading ~0.1 s).
    Never a file in a shared folder: Lark loads it with pickle, and a planted file would run
    someone else's code. So: the user's cache folder, else a folder in the temp directory that
    we own and only we can write."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates = [Path(base) / "iacscan"]
    if hasattr(os, "getuid"):
        import tempfile

        candidates.append(Path(tempfile.gettempdir()) / f"iacscan-{os.getuid()}")
    for folder in candidates:
        if _private_folder(folder):
            return str(folder / "hcl2-grammar.lark-cache")
    return None


def _private_folder(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
        return False
    return os.access(folder, os.W_OK)


def read_with_lark(
    text: str, parse_expression: ParseExpression
) -> tuple[Body, list[HclSyntaxError]]:
    """Parse a whole file (BOM and CRLF already normalised) with the grammar."""
    try:
        tree = _parse_tree(text)
        converter = _Converter(parse_expression)
        body = converter.body(tree.children[0])
    except RecursionError:
        raise HclSyntaxError("expressions are nested too deeply to read", 1) from None
    return body, converter.problems


_MAX_REPAIRS = 100
_LEADING_OPERATORS = frozenset({"QMARK", "BINARY_OP", "MINUS"})


def _parse_tree(text: str) -> Any:
    """The Lark tree of a text. HCL ignores new lines inside parentheses, the grammar does not
    before `?` and binary operators (`(\n  a\n  ? b\n  : c\n)`): at such an error the operator
    is moved to the end of the previous line, which keeps every line number, and we retry."""
    from lark.exceptions import UnexpectedInput

    first_error: UnexpectedInput | None = None
    for _ in range(_MAX_REPAIRS + 1):
        try:
            return lark_parser().parse(text + "\n")
        except UnexpectedInput as error:
            first_error = first_error or error
            repaired = _move_leading_operator(text, error)
            if repaired is None:
                break
            text = repaired
    assert first_error is not None
    raise HclSyntaxError(_describe(first_error), first_error.line, first_error.column)


def _move_leading_operator(text: str, error: Any) -> str | None:
    token = getattr(error, "token", None)
    if token is None or token.type not in _LEADING_OPERATORS or token.start_pos is None:
        return None
    start = int(token.start_pos)
    line_start = text.rfind("\n", 0, start)
    indent = text[line_start + 1 : start]
    if line_start < 0 or indent.strip():
        return None  # the operator does not start its line: a real error
    end = start + len(token)
    return f"{text[:line_start]} {token}\n{indent}{text[end:]}"


class _Converter:
    """Walks the Lark tree of one text into `Body` / `Block` / `Attribute` nodes."""

    def __init__(self, parse_expression: ParseExpression) -> None:
        self.problems: list[HclSyntaxError] = []
        self.expressions = hcl_expressions.ExpressionConverter(parse_expression)

    def body(self, tree: Any) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen: dict[str, int] = {}
        for child in tree.children:
            data = child.data
            if data == "attribute":
                attribute = self.attribute(child)
                if attribute.name in seen:
                    self.problems.append(
                        hcl_nodes.duplicate_attribute(attribute, seen[attribute.name])
                    )
                    continue
                seen[attribute.name] = attribute.span.line
                attributes.append(attribute)
            elif data == "block":
                blocks.append(self.block(child))
        return Body(tuple(attributes), tuple(blocks))

    def attribute(self, tree: Any) -> Attribute:
        name_token = tree.children[0].children[0]
        expr = self.expressions.expr(tree.children[2])
        line = name_token.line
        end = max(line, expr.span.end_line)
        return Attribute(str(name_token), expr, Span(line, end, name_token.column))

    def block(self, tree: Any) -> Block:
        children = tree.children
        type_token = children[0].children[0]
        labels: list[str] = []
        for child in children[1:-1]:
            if child.data == "identifier":
                labels.append(str(child.children[0]))
            elif child.data == "string":
                labels.append(self.expressions.plain_string(child))
        body_tree = children[-1]
        body = self.body(body_tree)
        end = hcl_tokens.last_line(body_tree, type_token.line)
        return Block(
            str(type_token), tuple(labels), body, Span(type_token.line, end, type_token.column)
        )


_TERMINAL_NAMES = {
    "NAME": "a name",
    "NL_OR_COMMENT": "a new line",
    "STRING_CHARS": "string text",
    "DECIMAL": "a number",
    "EQ": '"="',
    "$END": "the end of the file",
    "BINARY_OP": "an operator",
}
_IGNORED_TERMINALS = frozenset({"ESCAPED_INTERPOLATION", "NEGATIVE_DECIMAL", "__ANON_2"})
_KEYWORDS = frozenset({"IF", "IN", "FOR", "FOR_EACH"})
# Terminals that can start an expression: when a parser state accepts most of them, the
# message says "an expression" instead of listing punctuation.
_EXPRESSION_STARTS = frozenset(
    {"DBLQUOTE", "LSQB", "LBRACE", "LPAR", "NAME", "DECIMAL", "NEGATIVE_DECIMAL", "MINUS", "BANG"}
    | {"__ANON_1", "__ANON_2"}
    | _KEYWORDS
)


def _describe(error: Any) -> str:
    """`expected "}" or a name, got "="` from a Lark error."""
    expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    names: set[str] = set()
    if len(expected & _EXPRESSION_STARTS) >= 4:
        names.add("an expression")
        expected -= _EXPRESSION_STARTS
    names.update(_terminal(name) for name in expected if name not in _IGNORED_TERMINALS)
    token = getattr(error, "token", None)
    if token is not None:
        got = _shown(str(token), token.type)
    elif getattr(error, "char", None) is not None:
        got = _shown(error.char, "")
    else:
        got = "the end of the file"
    if not names:
        return f"unexpected {got}"
    shown = sorted(names)[:8] + (["..."] if len(names) > 8 else [])
    choices = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return f"expected {choices}, got {got}"


def _terminal(name: str) -> str:
    if name in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[name]
    if name in _KEYWORDS:
        return "a name"
    if name.startswith("__ANON_") and name != "__ANON_0":
        return "a heredoc" if name in ("__ANON_1", "__ANON_2") else name.lower()
    for terminal in lark_parser().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            return _quote(terminal.pattern.value)
    return name.lower()


def _shown(text: str, kind: str) -> str:
    if kind == "$END" or not text:
        return "the end of the file"
    if text.startswith("\n"):
        return "a new line"
    if kind == "NL_OR_COMMENT":
        return "a comment"
    first = text.split("\n", 1)[0].strip()
    return _quote(first if len(first) <= 30 else first[:27] + "...")


def _quote(text: str) -> str:
    return f"'{text}'" if '"' in text else f'"{text}"'
