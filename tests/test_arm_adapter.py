"""The ARM adapter: nested children, addresses, exact lines, parameters, edges, errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from iacscan.frameworks.arm import ArmAdapter
from iacscan.frameworks.base import ParseOptions, ParseResult, ScanUnit, SourceFile
from iacscan.graph.graph import Edge, ResourceGraph
from iacscan.graph.model import Framework, Resource, Span, Unknown

DATA = Path(__file__).parent / "data" / "arm"
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
SQL = "arm/sql.json::"


def parse_fixture(name: str, **options: Any) -> ParseResult:
    path = DATA / name
    source = SourceFile(path, f"arm/{name}", path.read_text(encoding="utf-8"))
    unit = ScanUnit(Framework.ARM, "arm", (source,), DATA.parent)
    return ArmAdapter().parse(unit, ParseOptions(**options))


def parse_text(text: str, **options: Any) -> ParseResult:
    source = SourceFile(Path("t.json"), "t.json", textwrap.dedent(text))
    unit = ScanUnit(Framework.ARM, ".", (source,), Path("."))
    return ArmAdapter().parse(unit, ParseOptions(**options))


def template(*resources: dict[str, Any], **sections: Any) -> str:
    return json.dumps({"$schema": SCHEMA, **sections, "resources": list(resources)}, indent=2)


def by_address(result: ParseResult) -> dict[str, Resource]:
    return {resource.address: resource for resource in result.resources}


def test_resources_nested_children_types_names_and_addresses() -> None:
    result = parse_fixture("sql.json")
    assert result.errors == []
    assert [(r.type, r.name, r.address) for r in result.resources] == [
        (
            "Microsoft.Network/networkSecurityGroups",
            "acme-sql-nsg",
            "Microsoft.Network/networkSecurityGroups/acme-sql-nsg",
        ),
        ("Microsoft.Sql/servers", "acme-sql", "Microsoft.Sql/servers/acme-sql"),
        (
            "Microsoft.Sql/servers/firewallRules",
            "acme-sql/AllowAll",
            "Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll",
        ),
        (
            "Microsoft.Sql/servers/auditingSettings",
            "acme-sql/default",
            "Microsoft.Sql/servers/auditingSettings/acme-sql/default",
        ),
        (
            "Microsoft.Sql/servers/databases",
            "acme-sql/reports",
            "Microsoft.Sql/servers/databases/acme-sql/reports",
        ),
    ]
    rule = by_address(result)["Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"]
    assert rule.id == SQL + "Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"
    assert (rule.file, rule.framework, rule.kind) == ("arm/sql.json", Framework.ARM, "resource")


def test_attributes_are_evaluated_without_nested_resources() -> None:
    server = by_address(parse_fixture("sql.json"))["Microsoft.Sql/servers/acme-sql"]
    assert "resources" not in server.attributes
    assert server.get("name") == "acme-sql"
    assert isinstance(server.get("location"), Unknown)
    assert server.get("properties") == {
        "minimalTlsVersion": "1.2",
        "publicNetworkAccess": "Enabled",
        "networkSecurityGroup": "/providers/Microsoft.Network/networkSecurityGroups/acme-sql-nsg",
    }
    assert server.get("dependsOn") == [
        "/providers/Microsoft.Network/networkSecurityGroups/acme-sql-nsg"
    ]
    rule = by_address(parse_fixture("sql.json"))[
        "Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"
    ]
    assert rule.attributes == {
        "type": "firewallRules",
        "apiVersion": "2021-11-01",
        "name": "AllowAll",
        "dependsOn": ["acme-sql"],
        "properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"},
    }


def test_exact_lines() -> None:
    resources = by_address(parse_fixture("sql.json"))
    nsg = resources["Microsoft.Network/networkSecurityGroups/acme-sql-nsg"]
    assert nsg.span == Span(14, 31, 5)
    rule = nsg.field("properties", "securityRules", 0)
    assert rule.span == Span(21, 28, 11)
    assert rule.get("properties", "sourceAddressPrefix").span == Span(25, 25, 15)
    server = resources["Microsoft.Sql/servers/acme-sql"]
    assert server.field("properties", "publicNetworkAccess").span == Span(42, 42, 9)
    assert server.field("dependsOn", 0).span.line == 38
    firewall = resources["Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"]
    assert firewall.span == Span(46, 55, 9)
    assert firewall.field("properties", "endIpAddress").span == Span(53, 53, 13)


def test_parent_depends_on_and_reference_edges() -> None:
    result = parse_fixture("sql.json")
    nsg = SQL + "Microsoft.Network/networkSecurityGroups/acme-sql-nsg"
    server = SQL + "Microsoft.Sql/servers/acme-sql"
    firewall = SQL + "Microsoft.Sql/servers/firewallRules/acme-sql/AllowAll"
    auditing = SQL + "Microsoft.Sql/servers/auditingSettings/acme-sql/default"
    database = SQL + "Microsoft.Sql/servers/databases/acme-sql/reports"
    assert result.edges == [
        Edge(server, nsg, "depends_on"),
        Edge(server, nsg, "reference", ("properties", "networkSecurityGroup")),
        Edge(firewall, server, "parent"),
        Edge(firewall, server, "depends_on"),
        Edge(auditing, server, "parent"),
        Edge(auditing, server, "depends_on"),
        # A top-level child finds its parent by type and name.
        Edge(database, server, "parent"),
        Edge(database, server, "reference", ("properties", "serverState")),
    ]
    graph = ResourceGraph(result.resources, result.edges)
    server_node = graph.get(server)
    assert server_node is not None
    children = graph.referenced_by(server_node, "Microsoft.Sql/servers/firewallRules")
    assert [child.name for child in children] == ["acme-sql/AllowAll"]


def test_parameters_file_and_command_line_values() -> None:
    params = DATA / "sql.parameters.json"
    result = parse_fixture("sql.json", parameter_files=(params,))
    assert result.errors == []
    resources = by_address(result)
    assert list(resources)[1] == "Microsoft.Sql/servers/prod-sql"
    auditing = resources["Microsoft.Sql/servers/auditingSettings/prod-sql/default"]
    assert auditing.get("properties", "state") == "Enabled"
    cli = parse_fixture("sql.json", parameter_files=(params,), cfn_parameters={"tlsVersion": "1.0"})
    server = by_address(cli)["Microsoft.Sql/servers/prod-sql"]
    assert server.get("properties", "minimalTlsVersion") == "1.0"
    overridden = parse_fixture(
        "sql.json", parameter_files=(params,), cfn_parameters={"serverName": "cli-sql"}
    )
    assert "Microsoft.Sql/servers/cli-sql" in by_address(overridden)


def test_key_vault_reference_in_parameters_file_is_unknown(tmp_path: Path) -> None:
    text = template(
        {"type": "Microsoft.Sql/servers", "name": "s", "properties": {"p": "[parameters('pw')]"}},
        parameters={"pw": {"type": "securestring", "defaultValue": "hunter2"}},
    )
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"parameters": {"pw": {"reference": {"secretName": "x"}}}}))
    [server] = parse_text(text, parameter_files=(params,)).resources
    assert isinstance(server.get("properties", "p"), Unknown)
    assert parse_text(text).resources[0].get("properties", "p") == "hunter2"


def test_unknown_names_keep_the_expression_text_and_stay_unique() -> None:
    result = parse_text(
        template(
            {"type": "Microsoft.Storage/storageAccounts", "name": "[uniqueString('a')]"},
            {"type": "Microsoft.Storage/storageAccounts", "name": "[uniqueString('a')]"},
            {
                "type": "Microsoft.Web/sites",
                "name": "[parameters('app')]",
                "resources": [{"type": "config", "name": "web", "properties": {}}],
            },
            parameters={"app": {"type": "string"}},
        )
    )
    assert [r.address for r in result.resources] == [
        "Microsoft.Storage/storageAccounts/[uniqueString('a')]",
        "Microsoft.Storage/storageAccounts/[uniqueString('a')]#2",
        "Microsoft.Web/sites/[parameters('app')]",
        "Microsoft.Web/sites/config/[parameters('app')]/web",
    ]
    assert len({r.id for r in result.resources}) == 4
    assert isinstance(result.resources[0].get("name"), Unknown)
    assert result.edges == [
        Edge(
            "t.json::Microsoft.Web/sites/config/[parameters('app')]/web",
            "t.json::Microsoft.Web/sites/[parameters('app')]",
            "parent",
        )
    ]


def test_depends_on_forms_resolve_to_resources_of_the_template() -> None:
    result = parse_text(
        template(
            {"type": "Microsoft.Network/networkSecurityGroups", "name": "nsg"},
            {"type": "Microsoft.Network/virtualNetworks", "name": "vnet"},
            {
                "type": "Microsoft.Network/virtualNetworks/subnets",
                "name": "vnet/s1",
                "dependsOn": [
                    "nsg",
                    "Microsoft.Network/virtualNetworks/vnet",
                    "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/"
                    "networkSecurityGroups/nsg",
                    "[resourceId('Microsoft.Network/networkSecurityGroups', 'missing')]",
                ],
                "properties": {
                    "nsg": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg')]"}
                },
            },
        )
    )
    subnet = "t.json::Microsoft.Network/virtualNetworks/subnets/vnet/s1"
    nsg = "t.json::Microsoft.Network/networkSecurityGroups/nsg"
    vnet = "t.json::Microsoft.Network/virtualNetworks/vnet"
    assert result.edges == [
        Edge(subnet, vnet, "parent"),
        Edge(subnet, nsg, "depends_on"),
        Edge(subnet, vnet, "depends_on"),
        Edge(subnet, nsg, "reference", ("properties", "nsg", "id")),
    ]


def test_false_condition_drops_the_resource_and_its_children() -> None:
    result = parse_text(
        template(
            {
                "condition": "[equals(parameters('env'), 'prod')]",
                "type": "Microsoft.Sql/servers",
                "name": "s",
                "resources": [{"type": "databases", "name": "d"}],
            },
            {"condition": "[equals(resourceGroup().location, 'x')]", "type": "A.B/c", "name": "u"},
            parameters={"env": {"type": "string", "defaultValue": "dev"}},
        )
    )
    assert [r.address for r in result.resources] == ["A.B/c/u"]


def test_symbolic_name_resources() -> None:
    text = json.dumps(
        {
            "$schema": SCHEMA,
            "languageVersion": "2.0",
            "resources": {
                "store": {"type": "Microsoft.Storage/storageAccounts", "name": "st1"},
                "container": {
                    "type": "Microsoft.Storage/storageAccounts/blobServices",
                    "name": "st1/default",
                    "dependsOn": ["store"],
                },
            },
        },
        indent=2,
    )
    result = parse_text(text)
    container = by_address(result)["Microsoft.Storage/storageAccounts/blobServices/st1/default"]
    assert container.meta == {"symbolic_name": "container"}
    assert container.span == Span(9, 15, 5)  # from the symbolic name to the closing brace
    store = "t.json::Microsoft.Storage/storageAccounts/st1"
    assert [(e.target, e.kind) for e in result.edges] == [(store, "parent"), (store, "depends_on")]


def test_escaped_brackets_comments_and_inner_scope_deployments() -> None:
    text = """\
    {
      // a comment
      "$schema": "SCHEMA",
      "parameters": {"p": {"type": "string", "defaultValue": "outer"}},
      "resources": [
        /* a block
           comment */
        {
          "type": "Microsoft.Resources/deployments",
          "name": "nested",
          "properties": {
            "expressionEvaluationOptions": {"scope": "inner"},
            "template": {"resources": [{"name": "[parameters('p')]"}]},
            "literal": "[[parameters('p')]",
            "evaluated": "[parameters('p')]"
          }
        }
      ]
    }
    """.replace("SCHEMA", SCHEMA)
    result = parse_text(text)
    assert result.errors == []
    [deployment] = result.resources
    assert deployment.get("properties", "template") == {
        "resources": [{"name": "[parameters('p')]"}]
    }
    assert deployment.get("properties", "literal") == "[parameters('p')]"
    assert deployment.get("properties", "evaluated") == "outer"
    assert deployment.span == Span(8, 17, 5)
    assert deployment.field("properties", "evaluated").span.line == 15


def test_json_syntax_error_is_a_file_error_with_its_line() -> None:
    result = parse_fixture("broken.json")
    assert result.resources == []
    assert [(e.file, e.line, e.column, e.message) for e in result.errors] == [
        ("arm/broken.json", 5, 5, "invalid JSON: Expecting ',' delimiter")
    ]


def test_shapes_that_cannot_be_read_are_errors() -> None:
    assert [e.message for e in parse_text("[1, 2]").errors] == [
        "an ARM template must be a JSON object"
    ]
    missing = parse_text(json.dumps({"$schema": SCHEMA}))
    assert [(e.line, e.message) for e in missing.errors] == [
        (1, 'the template has no resources array: add `"resources": []`')
    ]
    untyped = parse_text(template({"name": "x"}, {"type": "A.B/c", "name": "ok"}))
    assert [r.address for r in untyped.resources] == ["A.B/c/ok"]
    assert [(e.line, e.message) for e in untyped.errors] == [
        (4, 'a resource needs a "type" such as Microsoft.Sql/servers')
    ]


def test_unreadable_parameters_file_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = parse_text(template({"type": "A.B/c", "name": "ok"}), parameter_files=(missing,))
    assert [r.address for r in result.resources] == ["A.B/c/ok"]
    [error] = result.errors
    assert (error.file, error.kind) == (str(missing), "read")
    assert error.message.startswith("cannot read the parameters file")


def test_cfn_lint_is_imported_only_for_templates_it_must_read() -> None:
    script = textwrap.dedent(
        """\
        import sys
        from pathlib import Path
        import iacscan.frameworks.arm
        from iacscan.frameworks.base import ParseOptions, ScanUnit, SourceFile
        from iacscan.graph.model import Framework
        assert not [m for m in sys.modules if m.startswith("cfnlint")], "imported early"
        assert iacscan.frameworks.arm.looks_like_arm('{"$schema": "x/deploymentTemplate.json"}')
        assert "cfnlint" not in sys.modules, "detection imported cfn-lint"
        text = '{"resources": [{"type": "A.B/c", "name": "n"}]}'
        source = SourceFile(Path("t.json"), "t.json", text)
        unit = ScanUnit(Framework.ARM, ".", (source,), Path("."))
        assert len(iacscan.frameworks.arm.ArmAdapter().parse(unit, ParseOptions()).resources) == 1
        assert "cfnlint" not in sys.modules, "an ordinary template needed cfn-lint"
        source = SourceFile(Path("t.json"), "t.json", '{"resources": [], "resources": []}')
        unit = ScanUnit(Framework.ARM, ".", (source,), Path("."))
        assert iacscan.frameworks.arm.ArmAdapter().parse(unit, ParseOptions()).errors
        assert "cfnlint" in sys.modules
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
