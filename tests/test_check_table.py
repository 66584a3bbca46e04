from __future__ import annotations

import dataclasses

from iacscan.check import Severity
from iacscan.check_table import (
    EACH,
    AtLeast,
    Disabled,
    Doc,
    Enabled,
    NoneOf,
    OneOf,
    Present,
    SettingRule,
    setting_check,
)
from iacscan.engine import run_checks
from iacscan.graph import Framework, Resource, ResourceGraph, Span, Unknown

DOC = Doc("Flags x.", "Because y.", "```hcl\nbad\n```", "```hcl\ngood\n```")


def rule(expect: object, where: dict[str, tuple[object, ...]]) -> SettingRule:
    return SettingRule(
        id="IAC-TEST-TABLE-001",
        name="test-setting",
        title="Test setting",
        severity=Severity.MEDIUM,
        category="test",
        what="the setting",
        where={Framework.TERRAFORM: where},  # type: ignore[dict-item]
        expect=expect,  # type: ignore[arg-type]
        doc=DOC,
        remediation="```hcl\ngood\n```",
        compliance={"nist-800-53-r5": ["SC-28"]},
    )


def resource(name: str, **attributes: object) -> Resource:
    spans = {(key,): Span(index + 2, index + 2) for index, key in enumerate(attributes)}
    spans[("rule", 1, "port")] = Span(20, 20)
    return Resource(
        id=f"m::{name}",
        address=f"aws_thing.{name}",
        framework=Framework.TERRAFORM,
        type="aws_thing",
        name=name,
        file="main.tf",
        span=Span(1, 30),
        attributes=dict(attributes),
        spans=spans,
    )


def lines(
    expect: object, *resources: Resource, path: tuple[object, ...] = ("flag",)
) -> list[tuple[str, int, str]]:
    the_check = setting_check(rule(expect, {"aws_thing": path}))
    findings, errors = run_checks([the_check], ResourceGraph(resources))
    assert errors == []
    return [(f.resource.name, f.start_line, f.message) for f in findings]


def test_enabled_reports_false_and_unwritten_but_not_unknown() -> None:
    assert lines(
        Enabled(),
        resource("off", flag=False),
        resource("unset"),
        resource("unknown", flag=Unknown()),
        resource("on", flag="true"),
    ) == [
        ("unset", 1, "the setting is not enabled (the default is off)"),
        ("off", 2, "the setting is disabled"),
    ]


def test_enabled_by_default_only_reports_explicit_false() -> None:
    assert lines(Enabled(default=True), resource("unset"), resource("off", flag="false")) == [
        ("off", 2, "the setting is disabled")
    ]


def test_disabled() -> None:
    assert lines(Disabled(), resource("on", flag=True), resource("unset")) == [
        ("on", 2, "the setting is enabled")
    ]
    assert lines(Disabled(default=True), resource("unset")) == [
        ("unset", 1, "the setting is enabled (the default is on)")
    ]


def test_one_of_none_of_at_least_present() -> None:
    assert lines(
        OneOf(frozenset({"TLS1_2"})), resource("old", flag="TLS1_0"), resource("ok", flag="tls1_2")
    ) == [("old", 2, "the setting is 'TLS1_0'")]
    assert lines(NoneOf(frozenset({"NONE"})), resource("bad", flag="none"), resource("u")) == [
        ("bad", 2, "the setting is 'none'")
    ]
    assert lines(AtLeast(90), resource("short", flag="30"), resource("long", flag=365)) == [
        ("short", 2, "the setting is 30, below 90")
    ]
    assert lines(Present(), resource("absent"), resource("here", flag={"a": 1})) == [
        ("absent", 1, "the setting is not configured")
    ]


def test_each_visits_every_block_and_judges_a_missing_list_once() -> None:
    blocks = resource("two", rule=[{"port": 22, "open": True}, {"port": 80, "open": True}])
    blocks.spans[("rule", 0, "open")] = Span(10, 10)
    blocks.spans[("rule", 1, "open")] = Span(21, 21)
    assert lines(Disabled(), blocks, path=("rule", EACH, "open")) == [
        ("two", 10, "the setting is enabled"),
        ("two", 21, "the setting is enabled"),
    ]
    assert lines(Present(), resource("none"), path=("rule", EACH, "open")) == [
        ("none", 1, "the setting is not configured")
    ]


def test_row_becomes_a_documented_check() -> None:
    meta = setting_check(rule(Enabled(), {"aws_thing": ("flag",)})).meta
    assert meta.description.startswith("## What it does\nFlags x.")
    assert meta.targets == {Framework.TERRAFORM: ("aws_thing",)}
    assert meta.source == __name__


def test_arm_rows_match_types_case_insensitively() -> None:
    vault = Resource(
        id="t.json::v", address="Microsoft.KeyVault/Vaults/v", framework=Framework.ARM,
        type="Microsoft.KeyVault/Vaults", name="v", file="t.json", span=Span(1, 9),
        attributes={"properties": {"flag": False}}, spans={},
    )  # fmt: skip
    where = {Framework.ARM: {"Microsoft.KeyVault/vaults": ("properties", "flag")}}
    row = dataclasses.replace(rule(Enabled(), {}), where=where)
    findings, _ = run_checks([setting_check(row)], ResourceGraph([vault]))
    assert [f.message for f in findings] == ["the setting is disabled"]
