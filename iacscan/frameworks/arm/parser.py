"""Tokenizer and parser for the ARM template expression language.

An expression is the text between the outer brackets of `"[concat('a', parameters('b'))]"`:
function calls (optionally `namespace.function`), string literals in single quotes with `''`
as an escaped quote, integers, `true`/`false`/`null`, and property access `.name` or `['name']`
/ `[0]` after any value. The parser returns a small tree; evaluation lives in `expressions.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<string>'(?:[^']|'')*')"
    r"|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z_$][\w$]*)"
    r"|(?P<punct>[()\[\],.])"
    r")"
)


class ExpressionError(ValueError):
    """The expression text is not valid."""


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # lower-cased; user-defined functions keep their `namespace.` prefix
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Member:
    target: Node
    key: Node  # `.name` is stored as a string literal key


Node = Literal | Call | Member


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    position: int


def tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"unexpected {text[position:].strip()[:20]!r}")
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    return tokens


def parse_expression(text: str) -> Node:
    """Parse the inside of `[...]` into a tree; raises `ExpressionError`."""
    parser = _Parser(tokenize(text))
    node = parser.expression()
    if parser.peek() is not None:
        raise ExpressionError(f"unexpected {parser.peek_text()!r} after the expression")
    return node


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._index = 0

    def peek(self) -> _Token | None:
        return self._tokens[self._index] if self._index < len(self._tokens) else None

    def peek_text(self) -> str:
        token = self.peek()
        return token.text if token is not None else "end of expression"

    def take(self, text: str | None = None) -> _Token:
        token = self.peek()
        if token is None or (text is not None and token.text != text):
            wanted = repr(text) if text else "a value"
            raise ExpressionError(f"expected {wanted}, found {self.peek_text()!r}")
        self._index += 1
        return token

    def expression(self) -> Node:
        node = self._primary()
        while (token := self.peek()) is not None and token.text in (".", "["):
            self.take()
            if token.text == ".":
                node = Member(node, Literal(self.take_name()))
            else:
                node = Member(node, self.expression())
                self.take("]")
        return node

    def take_name(self) -> str:
        token = self.take()
        if token.kind != "name":
            raise ExpressionError(f"expected a property name, found {token.text!r}")
        return token.text

    def _primary(self) -> Node:
        token = self.take()
        if token.kind == "string":
            return Literal(token.text[1:-1].replace("''", "'"))
        if token.kind == "number":
            number = float(token.text)
            return Literal(int(number) if number.is_integer() else number)
        if token.kind != "name":
            raise ExpressionError(f"unexpected {token.text!r}")
        name = token.text
        nxt = self.peek()
        if nxt is not None and nxt.text == "." and self._is_namespaced_call():
            self.take(".")
            name = f"{name}.{self.take_name()}"
            nxt = self.peek()
        if nxt is None or nxt.text != "(":
            constants = {"true": True, "false": False, "null": None}
            if name.lower() in constants:
                return Literal(constants[name.lower()])
            raise ExpressionError(f"{name!r} is not a function call")
        return Call(name.lower(), self._arguments())

    def _is_namespaced_call(self) -> bool:
        """`ns.fn(` is a user-defined function; `a().b` is property access."""
        ahead = self._tokens[self._index : self._index + 3]
        return len(ahead) == 3 and ahead[1].kind == "name" and ahead[2].text == "("

    def _arguments(self) -> tuple[Node, ...]:
        self.take("(")
        args: list[Node] = []
        if self.peek_text() == ")":
            self.take(")")
            return ()
        while True:
            args.append(self.expression())
            token = self.take()
            if token.text == ")":
                return tuple(args)
            if token.text != ",":
                raise ExpressionError(f"expected ',' or ')', found {token.text!r}")
