"""The ARM expression language: parsing and evaluating every supported function."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacscan.frameworks.arm.expressions import ArmEvaluator
from iacscan.frameworks.arm.parser import Call, ExpressionError, Literal, Member, parse_expression
from iacscan.graph.model import Unknown

DECLARED = {
    "prefix": {"type": "string", "defaultValue": "acme"},
    "count": {"type": "int", "defaultValue": 3},
    "enabled": {"type": "bool", "defaultValue": True},
    "tags": {"type": "object", "defaultValue": {"env": "dev", "team": "data"}},
    "zones": {"type": "array", "defaultValue": ["1", "2"]},
    "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
    "derived": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-x')]"},
    "required": {"type": "string"},
}
VARIABLES = {
    "name": "[concat(parameters('prefix'), '-', 'sql')]",
    "nested": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]", "n": 1},
    "chained": "[toUpper(variables('name'))]",
    "loopA": "[variables('loopB')]",
    "loopB": "[variables('loopA')]",
}


def evaluator(
    given_text: dict[str, str] | None = None, given: dict[str, Any] | None = None
) -> ArmEvaluator:
    return ArmEvaluator(DECLARED, given_text or {}, given or {}, VARIABLES)


def ev(expression: str, **kwargs: Any) -> Any:
    return evaluator(**kwargs).string(expression)


def test_parser_builds_calls_literals_and_member_access() -> None:
    tree = parse_expression("concat('it''s', parameters('a').b[0], 5, true)")
    assert tree == Call(
        "concat",
        (
            Literal("it's"),
            Member(Member(Call("parameters", (Literal("a"),)), Literal("b")), Literal(0)),
            Literal(5),
            Literal(True),
        ),
    )
    assert parse_expression("  resourceGroup ( ) . location ") == Member(
        Call("resourcegroup", ()), Literal("location")
    )
    assert parse_expression("ns.myFunc('x')") == Call("ns.myfunc", (Literal("x"),))
    assert parse_expression("sub(1, -2)") == Call("sub", (Literal(1), Literal(-2)))


@pytest.mark.parametrize("text", ["concat('a'", "concat('a' 'b')", "parameters", "'open", "a()b"])
def test_parser_rejects_invalid_expressions(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_invalid_expression_is_unknown_not_an_exception() -> None:
    assert isinstance(ev("[concat('a']"), Unknown)
    assert isinstance(ev("[]"), Unknown)


def test_strings_that_are_not_expressions_and_escapes() -> None:
    assert ev("plain") == "plain"
    assert ev("[[not evaluated]") == "[not evaluated]"
    assert ev("[[parameters('prefix')]") == "[parameters('prefix')]"
    assert ev(" [parameters('prefix')]") == " [parameters('prefix')]"
    assert ev("[parameters('prefix')] ") == "[parameters('prefix')] "


def test_parameters_from_text_files_and_defaults() -> None:
    assert ev("[parameters('prefix')]") == "acme"
    assert ev("[parameters('PREFIX')]") == "acme"  # names are case-insensitive
    assert ev("[parameters('derived')]") == "acme-x"
    assert isinstance(ev("[parameters('location')]"), Unknown)
    assert isinstance(ev("[parameters('required')]"), Unknown)
    assert isinstance(ev("[parameters('undeclared')]"), Unknown)
    assert ev("[parameters('prefix')]", given={"prefix": "files"}) == "files"
    given_text = {"prefix": "cli", "count": "7", "enabled": "false", "tags": '{"a": 1}'}
    both = evaluator(given_text=given_text, given={"prefix": "files"})
    assert both.string("[parameters('prefix')]") == "cli"
    assert both.string("[parameters('count')]") == 7
    assert both.string("[parameters('enabled')]") is False
    assert both.string("[parameters('tags')]") == {"a": 1}
    assert both.string("[parameters('derived')]") == "cli-x"
    assert isinstance(ev("[parameters('count')]", given_text={"count": "many"}), Unknown)


def test_variables_are_recursive_and_cycle_safe() -> None:
    assert ev("[variables('name')]") == "acme-sql"
    assert ev("[variables('chained')]") == "ACME-SQL"
    assert ev("[variables('nested').n]") == 1
    assert isinstance(ev("[variables('loopA')]"), Unknown)
    assert isinstance(ev("[variables('missing')]"), Unknown)


def test_variable_naming_a_resource_reports_it_at_every_use() -> None:
    evaluation = evaluator()
    assert evaluation.string("[variables('nested').id]") == (
        "/providers/Microsoft.Network/virtualNetworks/vnet"
    )
    assert evaluation.take_targets() == ["/providers/Microsoft.Network/virtualNetworks/vnet"]
    evaluation.string("[variables('nested')]")  # cached, still reported
    assert evaluation.take_targets() == ["/providers/Microsoft.Network/virtualNetworks/vnet"]


CASES: list[tuple[str, Any]] = [
    ("[concat('a', 'b', 1)]", "ab1"),
    ("[concat(createArray(1), createArray(2, 3))]", [1, 2, 3]),
    ("[format('{0}-{1}-{{x}}', 'a', 2)]", "a-2-{x}"),
    ("[toLower('AbC')]", "abc"),
    ("[toUpper('AbC')]", "ABC"),
    ("[if(equals(1, 1), 'yes', 'no')]", "yes"),
    ("[if(parameters('enabled'), 'on', 'off')]", "on"),
    ("[equals('a', 'A')]", False),
    ("[equals(createArray(1), createArray(1))]", True),
    ("[not(true)]", False),
    ("[and(true, false)]", False),
    ("[or(false, true)]", True),
    ("[empty('')]", True),
    ("[empty(createArray())]", True),
    ("[empty(createObject('a', 1))]", False),
    ("[contains('hello', 'ell')]", True),
    ("[contains(createArray('a', 'b'), 'c')]", False),
    ("[contains(parameters('tags'), 'ENV')]", True),
    ("[length('abc')]", 3),
    ("[length(parameters('zones'))]", 2),
    ("[string(5)]", "5"),
    ("[string(true)]", "True"),
    ("[string(createObject('a', 1))]", '{"a":1}'),
    ("[int('42')]", 42),
    ("[bool('TRUE')]", True),
    ("[bool(0)]", False),
    ("[replace('a-b-c', '-', '.')]", "a.b.c"),
    ("[split('a,b;c', createArray(',', ';'))]", ["a", "b", "c"]),
    ("[split('a/b', '/')]", ["a", "b"]),
    ("[substring('abcdef', 1, 3)]", "bcd"),
    ("[substring('abcdef', 4)]", "ef"),
    (
        "[union(createObject('a', 1, 'n', createObject('x', 1)),"
        " createObject('b', 2, 'n', createObject('y', 2)))]",
        {"a": 1, "n": {"x": 1, "y": 2}, "b": 2},
    ),
    ("[union(createArray(1, 2), createArray(2, 3))]", [1, 2, 3]),
    ("[createArray('a', 1)]", ["a", 1]),
    ("[createObject('k', 'v', 'n', 2)]", {"k": "v", "n": 2}),
    ("[json('{\"a\": [1, null]}')]", {"a": [1, None]}),
    ("[json('null')]", None),
    ("[parameters('tags').team]", "data"),
    ("[parameters('tags')['env']]", "dev"),
    ("[parameters('zones')[1]]", "2"),
    ("[first(parameters('zones'))]", "1"),
    ("[last('abc')]", "c"),
    ("[trim('  x ')]", "x"),
    ("[startsWith('Hello', 'he')]", True),
    ("[endsWith('Hello', 'LO')]", True),
    ("[indexOf('abcb', 'B')]", 1),
    ("[lastIndexOf('abcb', 'b')]", 3),
    ("[take(createArray(1, 2, 3), 2)]", [1, 2]),
    ("[skip('abc', 1)]", "bc"),
    ("[coalesce(null(), 'x')]", "x"),
    ("[greater(2, 1)]", True),
    ("[lessOrEquals('a', 'b')]", True),
    ("[add(1, 2)]", 3),
    ("[sub(1, 2)]", -1),
    ("[mul(3, 4)]", 12),
    ("[div(-7, 2)]", -3),
    ("[mod(7, 3)]", 1),
    ("[min(createArray(3, 1, 2))]", 1),
    ("[max(3, 9, 2)]", 9),
    ("[range(2, 3)]", [2, 3, 4]),
    ("[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", [2, 3]),
    ("[base64ToString(base64('hi'))]", "hi"),
    ("[padLeft('7', 3, '0')]", "007"),
    ("[array('a')]", ["a"]),
    ("[resourceId('Microsoft.Sql/servers', 'acme')]", "/providers/Microsoft.Sql/servers/acme"),
    (
        "[resourceId('sub-id', 'rg', 'Microsoft.Network/virtualNetworks/subnets', 'vnet', 's1')]",
        "/providers/Microsoft.Network/virtualNetworks/subnets/vnet/s1",
    ),
    (
        "[resourceId(subscription().subscriptionId, 'rg', 'Microsoft.Web/sites', 'app')]",
        "/providers/Microsoft.Web/sites/app",
    ),
    ("[true()]", True),
]


@pytest.mark.parametrize(("expression", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_functions(expression: str, expected: Any) -> None:
    assert ev(expression) == expected


UNKNOWN = [
    "[resourceGroup().location]",
    "[resourceGroup().name]",
    "[subscription().subscriptionId]",
    "[uniqueString(resourceGroup().id)]",
    "[guid('a')]",
    "[newGuid()]",
    "[utcNow()]",
    "[reference('acme').state]",
    "[listKeys('acme', '2021-01-01').keys[0].value]",
    "[concat('a', resourceGroup().location)]",
    "[toLower(parameters('location'))]",
    "[if(equals(parameters('location'), 'x'), 'a', 'b')]",
    "[and(true, equals(parameters('location'), 'x'))]",
    "[equals(createArray(parameters('location')), createArray('x'))]",
    "[resourceId('Microsoft.Sql/servers', parameters('location'))]",
    "[substring('abc', 2, 5)]",
    "[div(1, 0)]",
    "[json('{broken')]",
    "[format('{0:N2}', 1)]",
    "[createArray(1)[5]]",
    "[parameters('tags').missing]",
    "[mystery('x')]",
    "[ns.custom('x')]",
]


@pytest.mark.parametrize("expression", UNKNOWN)
def test_deploy_time_and_failing_expressions_are_unknown(expression: str) -> None:
    assert isinstance(ev(expression), Unknown)


def test_unknown_does_not_hide_known_parts_it_does_not_touch() -> None:
    assert ev("[or(true, equals(parameters('location'), 'x'))]") is True
    assert ev("[and(false, equals(parameters('location'), 'x'))]") is False
    value = ev("[createArray('a', resourceGroup().location)]")
    assert value[0] == "a"
    assert isinstance(value[1], Unknown)
    assert ev("[if(true, 'a', resourceGroup().location)]") == "a"


def test_resource_naming_functions_record_their_targets() -> None:
    evaluation = evaluator()
    evaluation.string("[reference(resourceId('Microsoft.Sql/servers', 'acme')).fqdn]")
    evaluation.string("[listKeys('storage1', '2021-01-01')]")
    evaluation.string("[if(equals(parameters('location'), 'x'), reference('a'), reference('b'))]")
    assert evaluation.take_targets() == [
        "/providers/Microsoft.Sql/servers/acme",
        "/providers/Microsoft.Sql/servers/acme",
        "storage1",
        "a",
        "b",
    ]
    assert evaluation.take_targets() == []


def test_value_evaluates_nested_structures() -> None:
    evaluated = evaluator().value(
        {"a": ["[parameters('prefix')]", 1, None], "b": {"c": "[[x]"}, "d": True}
    )
    assert evaluated == {"a": ["acme", 1, None], "b": {"c": "[x]"}, "d": True}


def test_base64() -> None:
    assert base64.b64decode(ev("[base64('abc')]")) == b"abc"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="()[].,' abcdefilmnoprstuvxyz0123456789-", max_size=60))
def test_any_expression_text_evaluates_without_raising(text: str) -> None:
    value = ev(f"[{text}]")  # an exception here fails the test
    assert value is None or isinstance(value, (str, int, float, bool, list, dict, Unknown))


def test_hostile_expressions_are_bounded() -> None:
    assert isinstance(ev("[range(0, 1000000000)]"), Unknown)
    assert isinstance(ev("[padLeft('x', 1000000000)]"), Unknown)
    deep = "concat(" * 3000 + "'x'" + ")" * 3000
    assert isinstance(ev(f"[{deep}]"), Unknown)
