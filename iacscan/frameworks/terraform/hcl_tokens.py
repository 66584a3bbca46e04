"""Positions and text of python-hcl2 Lark tokens: spans from first and last tokens, string
escapes. Lark drops anonymous tokens such as brackets, but the new-line tokens inside a bracketed
expression end on the line of its closing bracket, which is what a span needs."""

from __future__ import annotations

from typing import Any

from lark import Token

from iacscan.frameworks.terraform.syntax_tree import NO_SPAN
from iacscan.graph.model import Span


def last_token(node: Any) -> Token | None:
    if isinstance(node, Token):
        return node
    for child in reversed(node.children):
        found = last_token(child)
        if found is not None:
            return found
    return None


def first_token(node: Any) -> Token | None:
    if isinstance(node, Token):
        return node
    for child in node.children:
        found = first_token(child)
        if found is not None:
            return found
    return None


def last_line(node: Any, default: int) -> int:
    """The last line a node's tokens reach; a trailing new line reaches the closing bracket."""
    token = last_token(node)
    return default if token is None else max(default, token.end_line or default)


def container_span(tree: Any) -> Span:
    first = first_token(tree)
    if first is None or first.line is None:
        return NO_SPAN
    return Span(first.line, last_line(tree, first.line))


def token_span(tokens: list[Token]) -> Span:
    line = tokens[0].line or 0
    return Span(line, max(line, tokens[-1].end_line or line))
