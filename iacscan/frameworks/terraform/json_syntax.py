"""Terraform JSON syntax (`.tf.json`) -> the same `Body` / `Block` / `Attribute` tree as HCL.

JSON cannot say whether `"versioning": {...}` is a nested block or a map attribute; Terraform
asks the provider schema. Without schemas we read an object (or a list of objects) as nested
block(s), except under names that are maps in practice (`tags`, `labels`, ...), and read every
value of module, variable, output and locals blocks as an attribute. Strings are templates: their
`${...}` parts are parsed with the HCL grammar.
"""

from __future__ import annotations

from iacscan.frameworks.terraform.hcl_nodes import template
from iacscan.frameworks.terraform.hcl_syntax import parse_expression
from iacscan.frameworks.terraform.json_positions import (
    JArray,
    JMember,
    JObject,
    JScalar,
    JsonPositionError,
    JValue,
    parse_json,
)
from iacscan.frameworks.terraform.syntax_tree import (
    Attribute,
    Block,
    Body,
    Expr,
    HclSyntaxError,
    Literal,
    ObjectExpr,
    ObjectItem,
    TupleExpr,
    Unsupported,
)
from iacscan.graph.model import Span

# Top-level block types and how many labels each has.
_LABELS = {
    "resource": 2,
    "data": 2,
    "module": 1,
    "variable": 1,
    "output": 1,
    "provider": 1,
    "locals": 0,
    "terraform": 0,
    "moved": 0,
    "import": 0,
    "removed": 0,
    "check": 1,
}
# Blocks whose values are all attributes (module inputs, locals, outputs, variable settings).
_ATTRIBUTE_BLOCKS = frozenset({"module", "locals", "output", "variable"})
# Blocks kept as blocks inside attribute-only blocks.
_NESTED_IN_ATTRIBUTE_BLOCKS = frozenset({"validation", "precondition", "postcondition"})
# Names that are map attributes, not nested blocks, wherever they appear.
MAP_ATTRIBUTES = frozenset(
    {
        "tags",
        "tags_all",
        "labels",
        "annotations",
        "variables",
        "environment_variables",
        "triggers",
        "parameters",
    }
)
_COMMENT = "//"


def parse_tf_json(text: str) -> tuple[Body, list[HclSyntaxError]]:
    """Parse a `.tf.json` file; raises `HclSyntaxError` when it is not valid JSON."""
    try:
        root = parse_json(text.replace("\r\n", "\n"))
    except JsonPositionError as error:
        raise HclSyntaxError(error.message, error.line, error.column) from None
    except RecursionError:
        raise HclSyntaxError("the document is nested too deeply", 1) from None
    if not isinstance(root, JObject):
        raise HclSyntaxError("a .tf.json file must hold a JSON object", root.line)
    reader = _JsonBodyReader()
    blocks: list[Block] = []
    for member in root.members:
        if member.key == _COMMENT:
            continue
        if member.key not in _LABELS:
            reader.problem(f"unknown block type {member.key!r}", member.key_line)
            continue
        blocks.extend(reader.blocks(member.key, member, _LABELS[member.key], ()))
    return Body((), tuple(blocks)), reader.problems


class _JsonBodyReader:
    def __init__(self) -> None:
        self.problems: list[HclSyntaxError] = []
        self.parse_expression = parse_expression

    def problem(self, message: str, line: int) -> None:
        self.problems.append(HclSyntaxError(message, line))

    def blocks(
        self, block_type: str, member: JMember, labels_left: int, labels: tuple[str, ...]
    ) -> list[Block]:
        """The block(s) under a member: labels are nested object keys, then one body or a
        list of bodies."""
        value = member.value
        if labels_left > 0:
            if not isinstance(value, JObject):
                self.problem(f"expected an object of {block_type} labels", value.line)
                return []
            found: list[Block] = []
            for inner in value.members:
                if inner.key != _COMMENT:
                    inner_labels = (*labels, inner.key)
                    found.extend(self.blocks(block_type, inner, labels_left - 1, inner_labels))
            return found
        bodies = value.items if isinstance(value, JArray) else (value,)
        result = []
        for body in bodies:
            if not isinstance(body, JObject):
                self.problem(f"expected an object for the {block_type} block", body.line)
                continue
            span = Span(member.key_line if body is value else body.line, body.end_line)
            result.append(Block(block_type, labels, self.body(body, block_type), span))
        return result

    def body(self, node: JObject, block_type: str) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        only_attributes = block_type in _ATTRIBUTE_BLOCKS
        for member in node.members:
            key, value = member.key, member.value
            if key == _COMMENT:
                continue
            if key == "depends_on":
                attributes.append(self._references(member))
            elif key == "provider" and not only_attributes and isinstance(value, JScalar):
                span = Span(member.key_line, value.end_line)
                attributes.append(Attribute(key, self._traversal(value), span))
            elif key == "dynamic" and isinstance(value, JObject):
                for inner in value.members:
                    blocks.extend(self.blocks("dynamic", inner, 0, (inner.key,)))
            elif self._is_block(key, value, only_attributes):
                blocks.extend(self.blocks(key, member, 0, ()))
            else:
                span = Span(member.key_line, max(member.key_line, value.end_line))
                attributes.append(Attribute(key, self.expr(value), span))
        return Body(tuple(attributes), tuple(blocks))

    @staticmethod
    def _is_block(key: str, value: JValue, only_attributes: bool) -> bool:
        if only_attributes and key not in _NESTED_IN_ATTRIBUTE_BLOCKS:
            return False
        if key in MAP_ATTRIBUTES:
            return False
        if isinstance(value, JObject):
            return True
        return (
            isinstance(value, JArray)
            and bool(value.items)
            and all(isinstance(item, JObject) for item in value.items)
        )

    def _references(self, member: JMember) -> Attribute:
        """`depends_on` lists addresses as strings: read them as HCL traversals."""
        value = member.value
        items: list[Expr] = []
        if isinstance(value, JArray):
            for item in value.items:
                if isinstance(item, JScalar) and isinstance(item.value, str):
                    items.append(self._traversal(item))
        expr = TupleExpr(tuple(items), Span(value.line, value.end_line))
        return Attribute("depends_on", expr, Span(member.key_line, value.end_line))

    def _traversal(self, item: JScalar) -> Expr:
        if not isinstance(item.value, str):
            return Literal(item.value, Span(item.line, item.end_line))
        try:
            return parse_expression(str(item.value), item.line)
        except HclSyntaxError as error:
            self.problem(f"depends_on entry {item.value!r}: {error.message}", item.line)
            return Literal(item.value, Span(item.line, item.end_line))

    def expr(self, node: JValue) -> Expr:
        span = Span(node.line, node.end_line)
        if isinstance(node, JScalar):
            if isinstance(node.value, str):
                return self._template(node.value, span)
            return Literal(node.value, span)
        if isinstance(node, JArray):
            return TupleExpr(tuple(self.expr(item) for item in node.items), span)
        items = tuple(
            ObjectItem(
                Literal(m.key, Span(m.key_line, m.key_line)),
                self.expr(m.value),
                Span(m.key_line, max(m.key_line, m.value.end_line)),
            )
            for m in node.members
            if m.key != _COMMENT
        )
        return ObjectExpr(items, span)

    def _template(self, text: str, span: Span) -> Expr:
        try:
            return template(text, span.line, span, self.parse_expression)
        except HclSyntaxError as error:
            self.problem(f"in template {text[:60]!r}: {error.message}", error.line)
            return Unsupported(f"template that does not parse: {error.message}", span)
