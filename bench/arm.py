"""Azure Resource Manager templates: storage accounts, NSGs, SQL servers with nested firewall
rules and databases, key vaults and web apps, with parameters, variables and `[...]`
template expressions."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from bench.common import choose_flaws, next_component

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
LOCATION = "[parameters('location')]"
Resources = list[dict[str, Any]]


class _Ctx:
    def __init__(self, rng: random.Random, insecure: bool) -> None:
        self.rng = rng
        self.insecure = insecure
        self.parameters: dict[str, Any] = {}
        self.count = 0

    def flaws(self, *options: str) -> set[str]:
        return choose_flaws(self.rng, self.insecure, options)

    def suffix(self) -> str:
        self.count += 1
        return "" if self.count == 1 else str(self.count)


def storage(ctx: _Ctx, resources: Resources) -> None:
    bad = ctx.flaws("http", "tls", "public", "network")
    name = f"[concat(variables('prefix'), 'st{ctx.suffix()}')]"
    resources.append(
        {
            "type": "Microsoft.Storage/storageAccounts",
            "apiVersion": "2023-01-01",
            "name": name,
            "location": LOCATION,
            "sku": {"name": "Standard_GRS"},
            "kind": "StorageV2",
            "properties": {
                "supportsHttpsTrafficOnly": "http" not in bad,
                "minimumTlsVersion": "TLS1_0" if "tls" in bad else "TLS1_2",
                "allowBlobPublicAccess": "public" in bad,
                "networkAcls": {
                    "defaultAction": "Allow" if "network" in bad else "Deny",
                    "bypass": "AzureServices",
                },
                "encryption": {
                    "keySource": "Microsoft.Storage",
                    "services": {"blob": {"enabled": True}, "file": {"enabled": True}},
                },
            },
            "tags": "[variables('tags')]",
        }
    )


def nsg(ctx: _Ctx, resources: Resources) -> None:
    bad = ctx.flaws("ssh", "rdp")
    if "ssh" in bad:
        ctx.parameters["sshSource"] = {"type": "string", "defaultValue": "*"}
    rules = [
        _nsg_rule("AllowHttps", 100, "443", "Internet"),
        _nsg_rule(
            "AllowSsh", 110, "22", "[parameters('sshSource')]" if "ssh" in bad else "10.0.0.0/8"
        ),
    ]
    if "rdp" in bad:
        rules.append(_nsg_rule("AllowRdp", 120, "3389", "0.0.0.0/0"))
    resources.append(
        {
            "type": "Microsoft.Network/networkSecurityGroups",
            "apiVersion": "2023-09-01",
            "name": f"[concat(variables('prefix'), '-nsg{ctx.suffix()}')]",
            "location": LOCATION,
            "properties": {"securityRules": rules},
        }
    )


def _nsg_rule(name: str, priority: int, port: str, source: str) -> dict[str, Any]:
    return {
        "name": name,
        "properties": {
            "priority": priority,
            "direction": "Inbound",
            "access": "Allow",
            "protocol": "Tcp",
            "sourcePortRange": "*",
            "destinationPortRange": port,
            "sourceAddressPrefix": source,
            "destinationAddressPrefix": "*",
        },
    }


def sql_server(ctx: _Ctx, resources: Resources) -> None:
    bad = ctx.flaws("firewall", "public", "tde", "auditing")
    server = f"[concat(variables('prefix'), '-sql{ctx.suffix()}')]"
    ctx.parameters.setdefault("sqlAdminPassword", {"type": "securestring"})
    server_id = f"[resourceId('Microsoft.Sql/servers', {server[1:-1]})]"
    start, end = ("0.0.0.0", "255.255.255.255") if "firewall" in bad else ("10.0.0.0", "10.0.0.255")
    children: Resources = [
        {
            "type": "firewallRules",
            "apiVersion": "2022-05-01-preview",
            "name": "AllowOffice",
            "dependsOn": [server_id],
            "properties": {"startIpAddress": start, "endIpAddress": end},
        },
        {
            "type": "databases",
            "apiVersion": "2022-05-01-preview",
            "name": "appdb",
            "location": LOCATION,
            "dependsOn": [server_id],
            "sku": {"name": "S1"},
            "resources": [
                {
                    "type": "transparentDataEncryption",
                    "apiVersion": "2022-05-01-preview",
                    "name": "current",
                    "dependsOn": ["appdb"],
                    "properties": {"state": "Disabled" if "tde" in bad else "Enabled"},
                }
            ],
        },
    ]
    if "auditing" not in bad:
        children.append(
            {
                "type": "auditingSettings",
                "apiVersion": "2022-05-01-preview",
                "name": "default",
                "dependsOn": [server_id],
                "properties": {"state": "Enabled", "retentionDays": 90},
            }
        )
    resources.append(
        {
            "type": "Microsoft.Sql/servers",
            "apiVersion": "2022-05-01-preview",
            "name": server,
            "location": LOCATION,
            "properties": {
                "administratorLogin": "sqladmin",
                "administratorLoginPassword": "[parameters('sqlAdminPassword')]",
                "minimalTlsVersion": "1.2",
                "publicNetworkAccess": "Enabled" if "public" in bad else "Disabled",
            },
            "resources": children,
        }
    )


def key_vault(ctx: _Ctx, resources: Resources) -> None:
    bad = ctx.flaws("purge", "network")
    resources.append(
        {
            "type": "Microsoft.KeyVault/vaults",
            "apiVersion": "2023-07-01",
            "name": f"[concat(variables('prefix'), '-kv{ctx.suffix()}')]",
            "location": LOCATION,
            "properties": {
                "tenantId": "[subscription().tenantId]",
                "sku": {"family": "A", "name": "standard"},
                "enableRbacAuthorization": True,
                "enableSoftDelete": True,
                "enablePurgeProtection": "purge" not in bad,
                "networkAcls": {"defaultAction": "Allow" if "network" in bad else "Deny"},
            },
        }
    )


def web_app(ctx: _Ctx, resources: Resources) -> None:
    bad = ctx.flaws("http", "tls", "ftp")
    resources.append(
        {
            "type": "Microsoft.Web/sites",
            "apiVersion": "2023-01-01",
            "name": f"[concat(variables('prefix'), '-app{ctx.suffix()}')]",
            "location": LOCATION,
            "identity": {"type": "SystemAssigned"},
            "properties": {
                "httpsOnly": "http" not in bad,
                "siteConfig": {
                    "minTlsVersion": "1.0" if "tls" in bad else "1.2",
                    "ftpsState": "AllAllowed" if "ftp" in bad else "Disabled",
                    "http20Enabled": True,
                },
            },
        }
    )


COMPONENTS: dict[str, Callable[[_Ctx, Resources], None]] = {
    "storage": storage,
    "nsg": nsg,
    "sql": sql_server,
    "key_vault": key_vault,
    "web": web_app,
}


def template(rng: random.Random, insecure: bool, project: str) -> str:
    """One deployment template of 30-300 lines."""
    ctx = _Ctx(rng, insecure)
    resources: Resources = []
    budget = rng.randint(40, 200)
    forced = insecure
    used: list[str] = []
    while True:
        ctx.insecure = insecure and (forced or rng.random() < 0.5)
        forced = False
        COMPONENTS[next_component(rng, list(COMPONENTS), used, ("key_vault",))](ctx, resources)
        document = {
            "$schema": SCHEMA,
            "contentVersion": "1.0.0.0",
            "parameters": {
                "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
                "environment": {"type": "string", "defaultValue": "prod"},
                **ctx.parameters,
            },
            "variables": {
                "prefix": f"[concat('{project}-', parameters('environment'))]",
                "tags": {"project": project, "environment": "[parameters('environment')]"},
            },
            "resources": resources,
        }
        text = json.dumps(document, indent=2) + "\n"
        if text.count("\n") >= budget or text.count("\n") > 190:
            return text
