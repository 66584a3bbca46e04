"""A hand-written reader for the HCL that Terraform files are made of: the fast path of
`hcl_syntax.parse_hcl`.

It returns exactly the nodes and spans that the Lark reader (python-hcl2's grammar plus
`hcl_expressions`) returns for the same text, about five times faster and without importing
Lark. It is deliberately narrower than the grammar: wherever the grammar does something unusual
(a new line before `?`, `a -1`, a comment between `=` and its value, provider functions,
interpolated block labels, a syntax error of any kind) it raises `OutsideSubset` and the caller
hands the whole file to the Lark reader, which then decides and writes the error message. So an
error or an oddity costs one extra parse, never a different answer; tests compare both readers
on every Terraform file we have and on generated text.

Spans follow the Lark reader's rules: a container's span runs from its first to its last
*kept* token (the grammar drops brackets, commas of tuples, quotes and `${`), and a new-line
token ends on the line after it. `kept` records the first line of every kept token and
`last_end` the line the latest one ends on.
"""

from __future__ import annotations

import dataclasses
import re

from iacscan.frameworks.terraform.hcl_nodes import (
    CONSTANTS,
    DIRECTIVE,
    DIRECTIVE_REASON,
    ParseExpression,
    append_text,
    by_precedence,
    duplicate_attribute,
    heredoc,
    join_spans,
    number_text,
    parts_to_expr,
    traverse,
    unescape,
)
from iacscan.frameworks.terraform.syntax_tree import (
    NO_SPAN,
    Attribute,
    Block,
    Body,
    Conditional,
    Expr,
    ForObject,
    ForTuple,
    FunctionCall,
    GetAttr,
    HclSyntaxError,
    Index,
    Literal,
    ObjectExpr,
    ObjectItem,
    Reference,
    Splat,
    Step,
    TupleExpr,
    UnaryOp,
    Unsupported,
)
from iacscan.graph.model import Span


class OutsideSubset(Exception):
    """Text this reader does not handle exactly as the grammar does."""


_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_-]*")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_SPACES = re.compile(r"[ \t]+")
# A run of the grammar's NL_OR_COMMENT tokens, with the spaces it ignores between them.
_NEWLINES = re.compile(r"(?:[ \t]*(?:\n[ \t]*|#[^\n]*\n|//[^\n]*\n|/\*[\s\S]*?\*/))+[ \t]*")
# The grammar's own string and heredoc terminals, so a match is the same token.
_STRING_CHARS = re.compile(r'(?:(?!\$\$\{)(?!\$\{)[^"\\]|\\.|(?:\$(?!\$?\{)))+')
_ESCAPED_INTERPOLATION = re.compile(r"\$\$\{[^}]*\}")
_HEREDOC = re.compile(r"<<(?P<heredoc>[a-zA-Z][a-zA-Z0-9._-]+)\n?(?:.|\n)*?\n\s*(?P=heredoc)\n")
_HEREDOC_TRIM = re.compile(
    r"<<-(?P<heredoc_trim>[a-zA-Z][a-zA-Z0-9._-]+)\n?(?:.|\n)*?\n\s*(?P=heredoc_trim)\n"
)
_OPERATOR = re.compile(r"==|!=|<=|>=|&&|\|\||[<>+*/%-]")
_FOR_START = re.compile(r"(?:[ \t\n]|#[^\n]*\n|//[^\n]*\n|/\*[\s\S]*?\*/)*for[ \t\n]")
_ITEM_END = frozenset("\n#/}")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_UNSUPPORTED_TEXT = re.compile(r"[\r\f\v\x00]")


def read_hcl(text: str, parse_expression: ParseExpression) -> tuple[Body, list[HclSyntaxError]]:
    """The body of a whole file (BOM and CRLF already normalised), or `OutsideSubset`."""
    if _UNSUPPORTED_TEXT.search(text):
        raise OutsideSubset("control characters")
    reader = _Reader(text + "\n", parse_expression)
    try:
        body = reader.body(closing=False)
    except (IndexError, RecursionError, ValueError, HclSyntaxError) as error:
        raise OutsideSubset(str(error)) from None
    return body, reader.problems


class _Reader:
    def __init__(self, text: str, parse_expression: ParseExpression) -> None:
        self.text = text + "\x00"  # a sentinel: looking one character ahead never fails
        self.end = len(text)
        self.pos = 0
        self.line = 1
        self.kept: list[int] = []
        self.last_end = 0
        self.heredoc_end = -1
        self.problems: list[HclSyntaxError] = []
        self.parse_expression = parse_expression

    # tokens

    def keep(self) -> None:
        """A one-line token the grammar keeps starts here."""
        self.kept.append(self.line)
        self.last_end = self.line

    def spaces(self) -> None:
        if self.text[self.pos] in " \t":
            self.pos = _SPACES.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def newlines(self) -> bool:
        """Skip new lines and comments where the grammar allows them."""
        match = _NEWLINES.match(self.text, self.pos)
        if match is None:
            return False
        self.kept.append(self.line)
        self.line += match.group().count("\n")
        self.last_end = self.line
        self.pos = match.end()
        return True

    def expect(self, char: str) -> None:
        if self.text[self.pos] != char:
            raise OutsideSubset(f"expected {char!r} at line {self.line}")
        self.pos += 1

    def name(self) -> str:
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise OutsideSubset(f"expected a name at line {self.line}")
        self.keep()
        self.pos = match.end()
        return match.group()

    def column(self) -> int:
        return self.pos - self.text.rfind("\n", 0, self.pos)

    def span_since(self, mark: int) -> Span:
        """First to last kept token since `mark`, as the grammar's container spans are."""
        if len(self.kept) == mark:
            return NO_SPAN
        first = self.kept[mark]
        return Span(first, max(first, self.last_end))

    def end_of_item(self) -> None:
        """An attribute or block ends at a new line, a comment, `}` or the end of the text."""
        self.spaces()
        if self.text[self.pos] in _ITEM_END or self.pos >= self.end:
            return
        if self.heredoc_end >= 0 and not self.text[self.heredoc_end : self.pos].strip(" \t"):
            return  # a heredoc's closing marker took the new line
        raise OutsideSubset(f"two items on line {self.line}")

    # bodies

    def body(self, closing: bool) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen: dict[str, int] = {}
        text = self.text
        while True:
            self.newlines()
            self.spaces()
            char = text[self.pos]
            if char == "}" or self.pos >= self.end:
                if closing != (char == "}"):
                    raise OutsideSubset(f"unbalanced braces at line {self.line}")
                return Body(tuple(attributes), tuple(blocks))
            line, column = self.line, self.column()
            name = self.name()
            self.spaces()
            if text[self.pos] == "=" and text[self.pos + 1] not in "=>":
                self.keep()
                self.pos += 1
                self.spaces()
                expr = self.expression()
                self.end_of_item()
                attribute = Attribute(name, expr, Span(line, max(line, expr.span.end_line), column))
                if name in seen:
                    self.problems.append(duplicate_attribute(attribute, seen[name]))
                    continue
                seen[name] = line
                attributes.append(attribute)
            else:
                blocks.append(self.block(name, line, column))
                self.end_of_item()

    def block(self, type_name: str, line: int, column: int) -> Block:
        labels: list[str] = []
        text = self.text
        while True:
            self.spaces()
            char = text[self.pos]
            if char == '"':
                labels.append(self.label())
            elif char in _NAME_CHARS and not char.isdigit() and char != "-":
                labels.append(self.name())
            else:
                break
        self.newlines()
        self.expect("{")
        mark = len(self.kept)
        body = self.body(closing=True)
        end = line if len(self.kept) == mark else max(line, self.last_end)
        self.pos += 1  # the closing brace
        return Block(type_name, tuple(labels), body, Span(line, end, column))

    def label(self) -> str:
        self.pos += 1
        chars = ""
        if self.text[self.pos] != '"':
            match = _STRING_CHARS.match(self.text, self.pos)
            if match is None:
                raise OutsideSubset(f"interpolated block label at line {self.line}")
            chars = match.group()
            self.keep()
            self.line += chars.count("\n")
            self.last_end = self.line
            self.pos = match.end()
        self.expect('"')
        return unescape(chars)

    # expressions

    def expression(self) -> Expr:
        condition = self.binary()
        if self.text[self.pos] != "?":
            return condition
        self.pos += 1
        self.spaces()
        self.newlines()
        true = self.expression()
        self.newlines()
        self.spaces()
        self.expect(":")
        self.spaces()
        self.newlines()
        false = self.expression()
        return Conditional(condition, true, false, join_spans(condition.span, false.span))

    def binary(self) -> Expr:
        left = self.unary()
        self.spaces()
        match = _OPERATOR.match(self.text, self.pos)
        if match is None:
            return left
        operands = [left]
        operators: list[str] = []
        while match is not None:
            op = match.group()
            if op == "/" and self.text[self.pos + 1] in "/*":
                break  # a comment, not a division
            if op == "-" and self.text[self.pos + 1].isdigit():
                raise OutsideSubset("`a -1`: the grammar reads a negative number")
            self.keep()
            self.pos = match.end()
            self.spaces()
            self.newlines()
            operators.append(op)
            operands.append(self.unary())
            self.spaces()
            match = _OPERATOR.match(self.text, self.pos)
        return by_precedence(operands, operators) if operators else left

    def unary(self) -> Expr:
        char = self.text[self.pos]
        if char == "!" or (char == "-" and not self.text[self.pos + 1].isdigit()):
            if self.text[self.pos + 1] == "=":
                raise OutsideSubset(f"operator without a left operand at line {self.line}")
            line = self.line
            self.keep()
            self.pos += 1
            self.spaces()
            operand = self.term()
            return UnaryOp(char, operand, Span(line, max(line, operand.span.end_line)))
        return self.term()

    def term(self) -> Expr:
        char = self.text[self.pos]
        if char == '"':
            base = self.string()
        elif char.isdigit() or char == "-":
            base = self.number()
        elif char == "[":
            base = self.for_tuple() if self.for_follows() else self.tuple_expr()
        elif char == "{":
            base = self.for_object() if self.for_follows() else self.object_expr()
        elif char == "(":
            base = self.parenthesised()
        elif char == "<":
            base = self.heredoc()
        else:
            base = self.identifier()
        return self.postfix(base)

    def for_follows(self) -> bool:
        return _FOR_START.match(self.text, self.pos + 1) is not None

    def number(self) -> Literal:
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            raise OutsideSubset(f"expected a number at line {self.line}")
        written = match.group()
        self.keep()
        self.pos = match.end()
        self.spaces()
        after = self.text[self.pos]
        if after.isalnum() or after in "._" or (after == "-" and self.text[self.pos + 1].isdigit()):
            raise OutsideSubset(f"number followed by {after!r} at line {self.line}")
        is_float = "." in written or "e" in written or "E" in written
        return Literal(float(written) if is_float else int(written), Span(self.line, self.line))

    def identifier(self) -> Expr:
        line = self.line
        name = self.name()
        self.spaces()
        if self.text[self.pos] == "(":
            return self.call(name, line)
        if self.text[self.pos] == ":" and self.text[self.pos + 1] == ":":
            raise OutsideSubset("provider function")
        if name in CONSTANTS:
            return Literal(CONSTANTS[name], Span(line, line))
        return Reference(name, (), Span(line, line))

    def call(self, name: str, line: int) -> Expr:
        self.pos += 1
        self.spaces()
        self.newlines()
        args: list[Expr] = []
        expand = False
        text = self.text
        while text[self.pos] != ")":
            args.append(self.expression())
            self.newlines()
            char = text[self.pos]
            if char == ",":
                self.pos += 1
                self.spaces()
                self.newlines()
            elif text.startswith("...", self.pos):
                self.keep()
                self.pos += 3
                self.spaces()
                self.newlines()
                expand = True
                break
            else:
                break
        self.expect(")")
        return FunctionCall(name, tuple(args), expand, Span(line, max(line, self.last_end)))

    def parenthesised(self) -> Expr:
        first = self.line
        self.keep()
        self.pos += 1
        self.spaces()
        self.newlines()
        inner = self.expression()
        self.newlines()
        self.spaces()
        last = self.line
        self.expect(")")
        self.keep()
        return _with_span(inner, Span(first, max(first, last)))

    def postfix(self, base: Expr) -> Expr:
        text = self.text
        while True:
            self.spaces()
            char = text[self.pos]
            if char == "[":
                if text.startswith("[*]", self.pos):
                    self.pos += 3
                    base = self.splat(base, full=True)
                else:
                    mark = len(self.kept)
                    step = self.index()
                    base = traverse(base, step, self.last_end if len(self.kept) > mark else 0)
            elif char == "." and text[self.pos + 1] != ".":  # `...` ends an argument list
                if text[self.pos + 1] == "*":
                    self.pos += 2
                    base = self.splat(base, full=False)
                elif text[self.pos + 1].isdigit():
                    step = self.legacy_index()
                    base = traverse(base, step, self.line)
                else:
                    self.pos += 1
                    self.spaces()
                    base = traverse(base, GetAttr(self.name()), self.line)
            else:
                return base

    def index(self) -> Index:
        self.pos += 1
        self.spaces()
        self.newlines()
        key = self.expression()
        self.newlines()
        self.spaces()
        self.expect("]")
        return Index(key)

    def legacy_index(self) -> Index:
        """`list.0`: the grammar's `"." DECIMAL+`."""
        self.pos += 1
        match = _NUMBER.match(self.text, self.pos)
        if match is None or not match.group().isdigit():
            raise OutsideSubset(f"unusual index at line {self.line}")
        self.keep()
        self.pos = match.end()
        if self.text[self.pos] in _NAME_CHARS:
            raise OutsideSubset(f"unusual index at line {self.line}")
        return Index(Literal(int(match.group()), Span(self.line, self.line)))

    def splat(self, base: Expr, full: bool) -> Expr:
        """`[*]` takes every attribute and index step after it; `.*` every attribute step."""
        mark = len(self.kept)
        steps: list[Step] = []
        text = self.text
        while True:
            self.spaces()
            char = text[self.pos]
            if char == "." and text[self.pos + 1] != "*":
                if text[self.pos + 1].isdigit():
                    if not full:
                        break
                    steps.append(self.legacy_index())
                else:
                    self.pos += 1
                    self.spaces()
                    steps.append(GetAttr(self.name()))
            elif full and char == "[" and not text.startswith("[*]", self.pos):
                steps.append(self.index())
            else:
                break
        end = base.span.end_line
        if len(self.kept) > mark:
            end = max(end, self.last_end)
        return Splat(base, tuple(steps), Span(base.span.line, end))

    # strings

    def string(self) -> Expr:
        """A quoted string; its span runs over its text tokens and each interpolation's first
        token, as the grammar's does."""
        self.pos += 1
        parts: list[str | Expr] = []
        first = last = 0
        text = self.text
        while True:
            char = text[self.pos]
            if char == '"':
                self.pos += 1
                break
            start = self.line
            if char == "$" and text.startswith("$${", self.pos):
                match = _ESCAPED_INTERPOLATION.match(text, self.pos)
                if match is None:
                    raise OutsideSubset(f"unclosed $${{ at line {self.line}")
                self.keep()
                self.line += match.group().count("\n")
                self.last_end = self.line
                self.pos = match.end()
                append_text(parts, match.group()[1:])
            elif char == "$" and text[self.pos + 1] == "{":
                self.pos += 2
                self.spaces()
                mark = len(self.kept)
                parts.append(self.expression())
                self.spaces()
                self.expect("}")
                if len(self.kept) == mark or self.line != start:
                    raise OutsideSubset(f"unusual interpolation at line {start}")
                start = self.kept[mark]
            else:
                match = _STRING_CHARS.match(text, self.pos)
                if match is None:
                    raise OutsideSubset(f"unusual string at line {self.line}")
                chars = match.group()
                self.keep()
                self.line += chars.count("\n")
                self.last_end = self.line
                self.pos = match.end()
                if DIRECTIVE.search(chars):
                    parts.append(Unsupported(DIRECTIVE_REASON, Span(start, self.line)))
                else:
                    append_text(parts, unescape(chars).replace("%%{", "%{"))
            first = first or start
            last = self.line
        span = Span(first, max(first, last)) if first else NO_SPAN
        return parts_to_expr(parts, span)

    def heredoc(self) -> Expr:
        trim = self.text.startswith("<<-", self.pos)
        match = (_HEREDOC_TRIM if trim else _HEREDOC).match(self.text, self.pos)
        if match is None:
            raise OutsideSubset(f"unusual heredoc at line {self.line}")
        written = match.group()
        line = self.line
        self.kept.append(line)
        self.line += written.count("\n")
        self.last_end = self.line
        self.pos = self.heredoc_end = match.end()
        return heredoc(written, trim, line, self.line, self.parse_expression)

    # collections

    def tuple_expr(self) -> Expr:
        self.pos += 1
        mark = len(self.kept)
        items: list[Expr] = []
        text = self.text
        while True:
            self.spaces()
            self.newlines()
            if text[self.pos] == "]":
                break
            items.append(self.expression())
            self.newlines()
            self.spaces()
            if text[self.pos] == ",":
                self.pos += 1
            elif text[self.pos] != "]":
                raise OutsideSubset(f"expected ',' or ']' at line {self.line}")
        self.pos += 1
        return TupleExpr(tuple(items), self.span_since(mark))

    def object_expr(self) -> Expr:
        self.pos += 1
        mark = len(self.kept)
        items: list[ObjectItem] = []
        text = self.text
        while True:
            self.spaces()
            self.newlines()
            if text[self.pos] == "}":
                break
            key = self.object_key()
            self.spaces()
            char = text[self.pos]
            if not (char == ":" or (char == "=" and text[self.pos + 1] not in "=>")):
                raise OutsideSubset(f"expected '=' at line {self.line}")
            self.keep()
            self.pos += 1
            self.spaces()
            value = self.expression()
            items.append(ObjectItem(key, value, join_spans(key.span, value.span)))
            self.spaces()
            if text[self.pos] == ",":
                self.keep()
                self.pos += 1
            elif text[self.pos] not in _ITEM_END:
                raise OutsideSubset(f"two object elements on line {self.line}")
        self.pos += 1
        return ObjectExpr(tuple(items), self.span_since(mark))

    def object_key(self) -> Expr:
        char = self.text[self.pos]
        if char == '"':
            return self.string()
        if char.isdigit() or char == "-":
            number = self.number()
            return Literal(number_text(number.value), number.span)
        if char == "(":
            self.keep()
            self.pos += 1
            self.spaces()
            key = self.expression()
            self.spaces()
            self.expect(")")
            self.keep()
            return key
        line = self.line
        written = self.name()
        self.spaces()
        while self.text[self.pos] == "." and self.text[self.pos + 1] != "*":
            self.keep()
            self.pos += 1
            self.spaces()
            written += "." + self.name()
            self.spaces()
        return Literal(written, Span(line, line))

    def for_intro(self) -> tuple[int, str | None, str, Expr]:
        """`[`/`{` through the `:` after the collection. The grammar keeps every token of a
        `for` expression, brackets included."""
        first = self.line
        self.keep()
        self.pos += 1
        self.spaces()
        self.newlines()
        if self.name() != "for":
            raise OutsideSubset("for")
        self.spaces()
        self.newlines()
        names = [self.name()]
        self.spaces()
        if self.text[self.pos] == ",":
            self.keep()
            self.pos += 1
            self.spaces()
            names.append(self.name())
            self.spaces()
        self.newlines()
        if self.name() != "in":
            raise OutsideSubset(f"expected 'in' at line {self.line}")
        self.spaces()
        self.newlines()
        collection = self.expression()
        self.newlines()
        self.spaces()
        self.expect(":")
        self.keep()
        self.spaces()
        self.newlines()
        if len(names) == 2:
            return first, names[0], names[1], collection
        return first, None, names[0], collection

    def for_condition(self) -> Expr | None:
        match = _NAME.match(self.text, self.pos)
        if match is None or match.group() != "if":
            return None
        self.keep()
        self.pos = match.end()
        self.spaces()
        self.newlines()
        condition = self.expression()
        self.newlines()
        self.spaces()
        return condition

    def close(self, char: str) -> int:
        self.newlines()
        self.spaces()
        line = self.line
        self.expect(char)
        self.keep()
        return line

    def for_tuple(self) -> Expr:
        first, key_var, value_var, collection = self.for_intro()
        value = self.expression()
        self.newlines()
        self.spaces()
        condition = self.for_condition()
        last = self.close("]")
        return ForTuple(key_var, value_var, collection, value, condition, Span(first, last))

    def for_object(self) -> Expr:
        first, key_var, value_var, collection = self.for_intro()
        key = self.expression()
        self.spaces()
        if not self.text.startswith("=>", self.pos):
            raise OutsideSubset(f"expected '=>' at line {self.line}")
        self.keep()
        self.pos += 2
        self.spaces()
        self.newlines()
        value = self.expression()
        self.newlines()
        self.spaces()
        group = self.text.startswith("...", self.pos)
        if group:
            self.keep()
            self.pos += 3
            self.spaces()
            self.newlines()
        condition = self.for_condition()
        last = self.close("}")
        return ForObject(
            key_var, value_var, collection, key, value, condition, group, Span(first, last)
        )


def _with_span(expr: Expr, span: Span) -> Expr:
    return dataclasses.replace(expr, span=span)
