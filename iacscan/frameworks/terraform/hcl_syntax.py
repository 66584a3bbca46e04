"""HCL native syntax -> the typed syntax tree.

Two readers give the same nodes and spans: `hcl_reader`, hand-written and fast, for the HCL
Terraform files are made of, and `hcl_lark`, python-hcl2's grammar through Lark, for everything
the first one leaves (unusual syntax and every syntax error, so error messages come from the
grammar). Lark is imported only when a file needs it.
"""

from __future__ import annotations

import functools
import gc

from iacscan.frameworks.terraform.hcl_reader import OutsideSubset, read_hcl
from iacscan.frameworks.terraform.syntax_tree import Body, Expr, HclSyntaxError


def parse_hcl(text: str) -> tuple[Body, list[HclSyntaxError]]:
    """Parse a `.tf` or `.tfvars` file. Raises `HclSyntaxError` when the text is not HCL; the
    returned list holds softer problems (duplicate attributes) that leave the body usable."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    relax_gc()
    try:
        return read_hcl(text, parse_expression)
    except OutsideSubset:
        from iacscan.frameworks.terraform.hcl_lark import read_with_lark

        return read_with_lark(text, parse_expression)


_GC_FIRST_GENERATION = 50_000


@functools.cache
def relax_gc() -> None:
    """Once per process: parsing allocates many small objects that all stay alive until the
    tree is converted, so cyclic garbage collection at the default threshold (700) only costs
    time. Collections are made rarer, and what start-up loaded (modules, the grammar) is frozen
    out of them. Switching collection off per file did not help: the next collection after
    switching it back on walked everything the parse had allocated (bench corpus, 2,000 files
    in one process: 2.1 s of collections before, 1.1 s after)."""
    first, second, third = gc.get_threshold()
    if 0 < first < _GC_FIRST_GENERATION:
        gc.freeze()
        gc.set_threshold(_GC_FIRST_GENERATION, second, third)


def parse_expression(source: str, first_line: int = 1) -> Expr:
    """Parse one expression (an interpolation of a heredoc or JSON string, a `--var` value);
    positions are counted from `first_line`."""
    prefix = "\n" * max(first_line - 1, 0)
    body, _ = parse_hcl(f"{prefix}x = {source}\n")
    if len(body.attributes) != 1 or body.blocks:
        raise HclSyntaxError(f"not a single expression: {source!r}", first_line)
    return body.attributes[0].expr
