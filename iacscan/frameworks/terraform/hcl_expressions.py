"""Lark expression trees (python-hcl2's grammar) -> typed expression nodes with spans."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from lark import Token, Tree

from iacscan.frameworks.terraform.hcl_nodes import (
    CONSTANTS,
    DIRECTIVE,
    DIRECTIVE_REASON,
    ParseExpression,
    append_text,
    by_precedence,
    heredoc,
    join_spans,
    number_text,
    parts_to_expr,
    template,
    traverse,
    unescape,
)
from iacscan.frameworks.terraform.hcl_tokens import (
    container_span,
    first_token,
    last_line,
    token_span,
)
from iacscan.frameworks.terraform.syntax_tree import (
    NO_SPAN,
    Conditional,
    Expr,
    ForObject,
    ForTuple,
    FunctionCall,
    GetAttr,
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


def _is_nl(node: Any) -> bool:
    return isinstance(node, Tree) and node.data == "new_line_or_comment"


def _exprs(children: list[Any]) -> list[Any]:
    """Children that are expressions: no new-line trees, no punctuation tokens."""
    return [c for c in children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


class ExpressionConverter:
    def __init__(self, parse_expression: ParseExpression) -> None:
        self.parse_expression = parse_expression
        self.terms: dict[str, Callable[[Any], Expr]] = {
            "int_lit": self._number,
            "float_lit": self._number,
            "string": self._string,
            "tuple": self._tuple,
            "object": self._object,
            "function_call": self._function_call,
            "provider_function_call": self._function_call,
            "identifier": self._identifier,
            "index_expr_term": self._index,
            "get_attr_expr_term": self._get_attr,
            "attr_splat_expr_term": self._splat,
            "full_splat_expr_term": self._splat,
            "heredoc_template": self._heredoc,
            "heredoc_template_trim": self._heredoc,
            "for_tuple_expr": self._for_tuple,
            "for_object_expr": self._for_object,
        }

    def expr(self, tree: Any) -> Expr:
        data = tree.data
        if data == "expr_term":
            children = tree.children
            if len(children) == 1:
                return self.terms[children[0].data](children[0])
            inner = self.expr(_exprs(children)[0])  # ( expression ): span the parentheses
            span = Span(children[0].line, max(children[0].line, children[-1].line))
            return dataclasses.replace(inner, span=span)
        if data == "binary_op":
            return self._binary(tree)
        if data == "conditional":
            condition, true, false = (self.expr(c) for c in _exprs(tree.children))
            return Conditional(condition, true, false, join_spans(condition.span, false.span))
        if data == "unary_op":
            op_token, operand_tree = tree.children
            operand = self.expr(operand_tree)
            span = Span(op_token.line, max(op_token.line, operand.span.end_line))
            return UnaryOp(str(op_token), operand, span)
        return self.terms[data](tree)

    # literals and strings

    def _number(self, tree: Any) -> Expr:
        text = "".join(str(t) for t in tree.children)
        line = tree.children[0].line
        value: int | float = float(text) if tree.data == "float_lit" else int(text)
        return Literal(value, Span(line, line))

    def _identifier(self, tree: Any) -> Expr:
        token = tree.children[0]
        name = str(token)
        span = Span(token.line, token.line)
        if name in CONSTANTS:
            return Literal(CONSTANTS[name], span)
        return Reference(name, (), span)

    def plain_string(self, tree: Any) -> str:
        """A block label: its text, interpolations left as written."""
        return "".join(unescape(str(t)) for t in tree.scan_values(lambda v: True))

    def _string(self, tree: Any) -> Expr:
        parts: list[str | Expr] = []
        tokens: list[Token] = []
        for part in tree.children:
            inner = part.children[0]
            if isinstance(inner, Token):
                tokens.append(inner)
                if inner.type == "ESCAPED_INTERPOLATION":
                    append_text(parts, str(inner)[1:])
                elif DIRECTIVE.search(inner):
                    span = Span(inner.line or 0, inner.end_line or 0)
                    parts.append(Unsupported(DIRECTIVE_REASON, span))
                else:
                    append_text(parts, unescape(str(inner)).replace("%%{", "%{"))
            else:
                expr = self.expr(inner.children[0])
                tokens.append(first_token(inner) or Token("X", ""))
                parts.append(expr)
        return parts_to_expr(parts, token_span(tokens) if tokens else NO_SPAN)

    def _heredoc(self, tree: Any) -> Expr:
        token = tree.children[0]
        trim = tree.data == "heredoc_template_trim"
        return heredoc(str(token), trim, token.line, token.end_line, self.parse_expression)

    def template(self, content: str, first_line: int, span: Span) -> Expr:
        return template(content, first_line, span, self.parse_expression)

    # collections

    def _tuple(self, tree: Any) -> Expr:
        items = tuple(self.expr(c) for c in _exprs(tree.children))
        return TupleExpr(items, container_span(tree))

    def _object(self, tree: Any) -> Expr:
        items: list[ObjectItem] = []
        for child in tree.children:
            if isinstance(child, Tree) and child.data == "object_elem":
                key_tree, _, value_tree = child.children
                key = self._object_key(key_tree.children[0])
                value = self.expr(value_tree)
                items.append(ObjectItem(key, value, join_spans(key.span, value.span)))
        return ObjectExpr(tuple(items), container_span(tree))

    def _object_key(self, tree: Any) -> Expr:
        data = tree.data
        if data == "identifier":
            token = tree.children[0]
            return Literal(str(token), Span(token.line, token.line))
        if data == "object_elem_key_dot_accessor":
            tokens = list(tree.scan_values(lambda v: isinstance(v, Token)))
            return Literal("".join(tokens), Span(tokens[0].line, tokens[0].line))
        if data == "object_elem_key_expression":
            return self.expr(_exprs(tree.children)[0])
        key = self.terms[data](tree)
        if isinstance(key, Literal) and not isinstance(key.value, str):
            return Literal(number_text(key.value), key.span)
        return key

    # calls and traversals

    def _function_call(self, tree: Any) -> Expr:
        children = tree.children
        names = [str(c.children[0]) for c in children if c.data == "identifier"]
        name = "::".join(names)
        arguments = next((c for c in children if c.data == "arguments"), None)
        args: tuple[Expr, ...] = ()
        expand = False
        if arguments is not None:
            args = tuple(self.expr(c) for c in _exprs(arguments.children))
            expand = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in arguments.children)
        line = children[0].children[0].line
        return FunctionCall(name, args, expand, Span(line, last_line(tree, line)))

    def _index(self, tree: Any) -> Expr:
        base_tree, index_tree = tree.children
        base = self.expr(base_tree)
        return traverse(base, self._index_step(index_tree), last_line(index_tree, 0))

    def _index_step(self, tree: Any) -> Step:
        keys = _exprs(tree.children)
        if keys:
            return Index(self.expr(keys[0]))
        digits = "".join(str(t) for t in tree.children if isinstance(t, Token))
        line = tree.children[0].line
        return Index(Literal(int(digits), Span(line, line)))  # legacy `list.0`

    def _get_attr(self, tree: Any) -> Expr:
        base_tree, attr_tree = tree.children
        token = attr_tree.children[0].children[0]
        return traverse(self.expr(base_tree), GetAttr(str(token)), token.line)

    def _splat(self, tree: Any) -> Expr:
        base_tree, splat_tree = tree.children
        base = self.expr(base_tree)
        steps: list[Step] = []
        for step in splat_tree.children:
            if not isinstance(step, Tree):
                continue
            if step.data == "get_attr":
                steps.append(GetAttr(str(step.children[0].children[0])))
            elif step.data == "index":
                steps.append(self._index_step(step))
        span = Span(base.span.line, last_line(splat_tree, base.span.end_line))
        return Splat(base, tuple(steps), span)

    # for expressions and operators

    def _for_intro(self, tree: Any) -> tuple[str | None, str, Expr]:
        names = [str(c.children[0]) for c in tree.children if _rule(c) == "identifier"]
        collection = self.expr(_exprs([c for c in tree.children if _rule(c) != "identifier"])[0])
        if len(names) == 2:
            return names[0], names[1], collection
        return None, names[0], collection

    def _for_parts(self, tree: Any) -> tuple[Any, list[Expr], Expr | None, Span]:
        children = tree.children
        intro = next(c for c in children if _rule(c) == "for_intro")
        cond_tree = next((c for c in children if _rule(c) == "for_cond"), None)
        values = [self.expr(c) for c in _exprs(children) if c.data not in ("for_intro", "for_cond")]
        condition = self.expr(_exprs(cond_tree.children)[0]) if cond_tree is not None else None
        return intro, values, condition, Span(children[0].line, children[-1].line)

    def _for_tuple(self, tree: Any) -> Expr:
        intro, values, condition, span = self._for_parts(tree)
        key_var, value_var, collection = self._for_intro(intro)
        return ForTuple(key_var, value_var, collection, values[0], condition, span)

    def _for_object(self, tree: Any) -> Expr:
        intro, values, condition, span = self._for_parts(tree)
        key_var, value_var, collection = self._for_intro(intro)
        group = any(isinstance(c, Token) and c == "..." for c in tree.children)
        return ForObject(
            key_var, value_var, collection, values[0], values[1], condition, group, span
        )

    def _binary(self, tree: Any) -> Expr:
        """Flatten the grammar's right-leaning chain and rebuild it with HCL precedence.
        A conditional met on the right swallowed the chain's end: it becomes the outer node."""
        operands: list[Expr] = []
        operators: list[str] = []
        tails: list[tuple[Expr, Expr]] = []
        node = tree
        while True:
            left, term = _exprs(node.children)[:2]
            operands.append(self.expr(left))
            op_tree, right = _exprs(term.children)
            operators.append(str(op_tree.children[0]))
            while right.data == "conditional":
                condition, true, false = _exprs(right.children)
                tails.append((self.expr(true), self.expr(false)))
                right = condition
            if right.data != "binary_op":
                operands.append(self.expr(right))
                break
            node = right
        result = by_precedence(operands, operators)
        for true, false in reversed(tails):
            result = Conditional(result, true, false, join_spans(result.span, false.span))
        return result


def _rule(node: Any) -> str:
    return str(node.data) if isinstance(node, Tree) else ""
